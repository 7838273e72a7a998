/**
 * Durability: the server PROCESS is killed (SIGKILL) after events were committed, before they were delivered or while
 * their delivery was in flight; after a restart every event is delivered.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createAccessToken, createAccount, createWebhook } from "../../server/core/index.js";
import { allScopes } from "../../server/core/scopes.js";
import { WebhookAttemptEntity } from "../../server/db/index.js";
import { describeEachDatabase } from "../support/database.js";
import { freePort } from "../support/ports.js";
import { startServerProcess } from "../support/process.js";
import { answers, ok, startReceiver, type Receiver } from "../support/receiver.js";

const fast = { WEBHOOKS_POLL_INTERVAL_MS: "20", WEBHOOKS_RETRY_DELAYS: "50ms", WEBHOOKS_ALLOW_PRIVATE_URLS: "true", WEBHOOKS_ALLOW_HTTP: "true", SEED_DEMO: "false" };

describeEachDatabase("webhook delivery across a crash", (getCore, getDatabase) => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver?.stop());

  it.each([
    // Committed, never claimed: the dispatcher is off in the first process.
    ["committed, not yet claimed", { WEBHOOKS_DISPATCH: "false" }, ok, 0],
    // Claimed and in flight: the receiver holds the request open; the claim (2 s) outlives the first process.
    ["claimed, delivery in flight", { WEBHOOKS_TIMEOUT_MS: "1500", WEBHOOKS_CLAIM_LEASE_MS: "2000" }, answers("hang"), 3],
  ] as const)("%s: every event is delivered after SIGKILL and a restart", async (_case, firstEnv, answering, inFlight) => {
    const core = getCore();
    const account = await createAccount(core, { name: "crash" });
    const { token } = await createAccessToken(core, { accountId: account.id, name: "t", scopes: [...allScopes] });
    receiver.answer(answering);
    await createWebhook(core, account.id, { name: "r", url: receiver.url, events: ["license.created"] });
    const env = { ...fast, DATABASE_URL: getDatabase().url };
    const port = String(await freePort());
    const first = await startServerProcess({ ...env, ...firstEnv, PORT: port });
    const before = receiver.deliveries.length;
    try {
      const base = `http://127.0.0.1:${port}/v3`;
      const post = (path: string, body: object) =>
        fetch(`${base}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
      const product = (await post("/products", { name: "p", displayName: "p" })) as { id: string };
      for (let i = 0; i < 3; i++) await post("/licenses", { productId: product.id });
      if (inFlight) await receiver.waitFor(before + inFlight);
    } finally {
      expect(await first.stop("SIGKILL")).toBeNull();
    }
    receiver.answer(ok);
    const second = await startServerProcess({ ...env, PORT: port });
    try {
      const attempts = () => core.db.read((tx) => tx.findBy(WebhookAttemptEntity, { accountId: account.id }));
      const eventIds = [...new Set((await attempts()).map((attempt) => attempt.eventId))];
      expect(eventIds).toHaveLength(3);
      await expect.poll(async () => (await attempts()).filter((attempt) => attempt.delivered).length, { timeout: 20_000, interval: 100 }).toBe(3);
      for (const eventId of eventIds) expect(receiver.of(eventId).length).toBeGreaterThanOrEqual(1);
    } finally {
      await second.stop();
    }
  });
});
