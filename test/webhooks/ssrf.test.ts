/**
 * SSRF (OWASP API7): without the operator's opt-in, webhook URLs must be https and resolve only to public addresses;
 * with it, private and loopback URLs are accepted. The dispatcher checks again before each delivery (DNS rebinding).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { recordEvent } from "../../server/core/events.js";
import { createWebhook } from "../../server/core/index.js";
import { WebhookAttemptEntity } from "../../server/db/index.js";
import { assertAllowedUrl, isNonPublicAddress } from "../../server/webhooks/index.js";
import { describeEachDatabase } from "../support/database.js";
import { startReceiver } from "../support/receiver.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { createDispatcher } from "../support/webhooks.js";

const strict = { allowPrivateUrls: false, allowHttp: false };
const open = { allowPrivateUrls: true, allowHttp: true };

const nonPublic = [
  "https://127.0.0.1/hook", "https://localhost/hook", "https://10.1.2.3/hook", "https://172.16.0.1/hook", "https://192.168.1.10/hook",
  "https://169.254.169.254/latest/meta-data", "https://100.64.0.1/hook", "https://0.0.0.0/hook", "https://[::1]/hook",
  "https://[fe80::1]/hook", "https://[fd00::1]/hook", "https://[::ffff:127.0.0.1]/hook", "http://93.184.216.34/hook",
];

describeEachDatabase("webhook URL policy", (getCore) => {
  const servers: Record<"strict" | "open", TestServer> = {} as never;
  let accounts: Record<"strict" | "open", { token: string }>;
  beforeAll(async () => {
    servers.strict = await startTestServer(getCore(), { webhooks: strict });
    servers.open = await startTestServer(getCore(), { webhooks: open });
    accounts = { strict: await servers.strict.account(), open: await servers.open.account() };
  });
  afterAll(async () => {
    await servers.strict?.stop();
    await servers.open?.stop();
  });

  const create = (policy: "strict" | "open", url: string) =>
    servers[policy].v3(accounts[policy].token).POST("/v3/webhooks", { body: { name: "w", url, events: ["license.created"] } });

  it.each(nonPublic)("refuses %s without the opt-in (400 INVALID_WEBHOOK_URL), accepts it with", async (url) => {
    const refused = await create("strict", url);
    expect(refused.response.status).toBe(400);
    expect(refused.error).toMatchObject({ code: "INVALID_WEBHOOK_URL" });
    expect((await create("open", url)).response.status).toBe(201);
  });

  it("accepts a public https address without the opt-in, and refuses moving it to a private one", async () => {
    const created = await create("strict", "https://93.184.216.34/hook");
    expect(created.response.status).toBe(201);
    const client = servers.strict.v3(accounts.strict.token);
    const moved = await client.PATCH("/v3/webhooks/{id}", { params: { path: { id: created.data!.id } }, body: { url: "https://10.0.0.1/hook" } });
    expect(moved.response.status).toBe(400);
    expect(moved.error).toMatchObject({ code: "INVALID_WEBHOOK_URL" });
  });

  it.each([
    ["a name resolving to a private address", ["10.0.0.5"], true],
    ["a name resolving to public and private addresses", ["93.184.216.34", "127.0.0.1"], true],
    ["a name resolving to a public address", ["93.184.216.34"], false],
    ["a name that does not resolve (re-checked at delivery)", [], false],
  ])("checks %s after DNS", async (_case, addresses, refused) => {
    const check = assertAllowedUrl("https://hooks.example.test/x", strict, async () => addresses);
    await (refused ? expect(check).rejects.toMatchObject({ code: "INVALID_WEBHOOK_URL" }) : expect(check).resolves.toBeUndefined());
  });

  it.each([
    ["127.0.0.1", true], ["::ffff:10.0.0.1", true], ["fc00::1", true], ["224.0.0.1", true], ["8.8.8.8", false], ["2606:4700::1111", false], ["not-an-ip", true],
  ])("isNonPublicAddress(%s) = %s", (address, expected) => {
    expect(isNonPublicAddress(address)).toBe(expected);
  });

  it("re-checks at delivery: a URL that now resolves to loopback is not called; the refusal is logged and retried", async () => {
    const core = getCore();
    const receiver = await startReceiver();
    try {
      const account = await servers.open.account();
      // Saved through the core, as if the name had resolved to a public address then (DNS rebinding).
      const webhook = await createWebhook(core, account.accountId, { name: "w", url: receiver.url, events: ["license.created"] });
      await core.db.transaction((tx) => recordEvent(tx, { accountId: account.accountId, type: "license.created", data: {}, at: core.now() }));
      expect(await createDispatcher(core, { allowPrivateUrls: false, allowHttp: true }).runOnce()).toBe(1);
      const attempts = () => core.db.read((tx) => tx.findBy(WebhookAttemptEntity, { webhookId: webhook.id }));
      expect((await attempts()).sort((a, b) => a.attempt - b.attempt)).toMatchObject([
        { attempt: 1, delivered: false, statusCode: null, error: "refused: 127.0.0.1 resolves to the non-public address 127.0.0.1" },
        { attempt: 2, status: "queued" },
      ]);
      expect(receiver.deliveries).toHaveLength(0);
      await expect.poll(() => createDispatcher(core, open).runOnce()).toBe(1);
      expect(receiver.deliveries).toHaveLength(1);
    } finally {
      await receiver.stop();
    }
  });
});
