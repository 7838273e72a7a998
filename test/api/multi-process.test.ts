/**
 * Several server processes behind one PostgreSQL, as behind a load balancer: the activation limit, the rate limits
 * and webhook delivery hold across them, with every request spread over the processes.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createV3Client } from "../../client/v3.js";
import { validateResponses } from "../../client/validate-responses.js";
import { AccountEntity, closeDatabase, EventEntity, openDatabase, WebhookAttemptEntity, type Database } from "../../server/db/index.js";
import { activationRequest } from "../support/api.js";
import { createPostgresDatabase, testEngines, type TestDatabase } from "../support/database.js";
import { freePort } from "../support/ports.js";
import { startServerProcess, type ServerProcess } from "../support/process.js";
import { startReceiver, type Receiver } from "../support/receiver.js";
import { loadSpec } from "../support/spec.js";

const checked = { middleware: [validateResponses(loadSpec("v3"))] };
const processes = 3;
/** Per access token, over all processes; an hour-long window so the burst below stays inside one. */
const tokenLimit = 30;
const tokenWindowMs = 3_600_000;
const subscribedEvents: Array<"activation.created" | "license.created"> = ["activation.created", "license.created"];

describe.skipIf(!testEngines().includes("postgres"))(`${processes} server processes sharing one PostgreSQL`, () => {
  let database: TestDatabase;
  let db: Database;
  let receiver: Receiver;
  const servers: ServerProcess[] = [];
  const urls: string[] = [];
  const demoFile = join(mkdtempSync(join(tmpdir(), "lic-multi-")), "demo.json");
  let demo: { adminToken: string; accountId: string; productId: string };
  let subscribedAt: Date;
  const admin = () => createV3Client({ baseUrl: urls[0]!, token: demo.adminToken, ...checked });

  beforeAll(async () => {
    database = await createPostgresDatabase();
    // Every event's first delivery fails, so each is retried once: two attempts, each sent exactly once.
    receiver = await startReceiver((delivery) => ({ status: receiver.of(String(delivery.headers["webhook-id"])).length === 1 ? 500 : 200 }));
    const ports = await Promise.all(Array.from({ length: processes }, () => freePort()));
    // All at once on an empty database, as a deployment starts them: one migrates and seeds, the others wait and find
    // both done. Every process dispatches webhooks.
    const env = {
      DATABASE_URL: database.url, DEMO_FILE: demoFile, RATE_LIMIT_V3_IP: "100000/5s", RATE_LIMIT_V3_CREDENTIAL: `${tokenLimit}/1h`,
      WEBHOOKS_ALLOW_PRIVATE_URLS: "true", WEBHOOKS_ALLOW_HTTP: "true", WEBHOOKS_RETRY_DELAYS: "1s", WEBHOOKS_POLL_INTERVAL_MS: "100",
    };
    servers.push(...(await Promise.all(ports.map((port) => startServerProcess({ ...env, PORT: String(port) })))));
    urls.push(...ports.map((port) => `http://127.0.0.1:${port}`));
    db = await openDatabase(database.url);
    demo = JSON.parse(readFileSync(demoFile, "utf8"));
    const { data: webhook } = await admin().POST("/v3/webhooks", { body: { name: "multi", url: receiver.url, events: subscribedEvents } });
    subscribedAt = new Date(webhook!.createdAt);
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    if (db) await closeDatabase(db);
    await receiver?.stop();
    await database?.drop();
  });

  it("started together, seeded the demo data once", async () => {
    const accounts = await db.read((tx) => tx.count(AccountEntity));
    expect(accounts).toBe(1);
  });

  it("lets exactly 5 of 50 activations spread over the processes in against allowedActivations 5", async () => {
    const { data: license } = await admin().POST("/v3/licenses", { body: { productId: demo.productId, allowedActivations: 5 } });
    const clients = urls.map((baseUrl) => createV3Client({ baseUrl, ...checked }));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => clients[i % processes]!.POST("/v3/activations", { body: activationRequest(license!, demo.accountId) })),
    );
    expect(results.filter((r) => r.response.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.error?.code === "ACTIVATION_LIMIT_REACHED")).toHaveLength(45);
    const { data: after } = await createV3Client({ baseUrl: urls[1]!, token: demo.adminToken, ...checked }).GET("/v3/licenses/{id}", { params: { path: { id: license!.id } } });
    expect(after!.totalActivations).toBe(5);
  });

  it("holds a token's rate limit overall: a burst spread over the processes gets exactly the limit through", async () => {
    const { data: created } = await admin().POST("/v3/personal-access-tokens", { body: { name: "burst", scopes: ["product:read"] } });
    const clients = urls.map((baseUrl) => createV3Client({ baseUrl, token: created!.token, ...checked }));
    const startedIn = Math.floor(Date.now() / tokenWindowMs);
    const results = await Promise.all(Array.from({ length: 90 }, (_, i) => clients[i % processes]!.GET("/v3/products")));
    const windows = Math.floor(Date.now() / tokenWindowMs) - startedIn + 1;
    const served = results.filter((r) => r.response.status === 200).length;
    const refused = results.filter((r) => r.error?.code === "RATE_LIMIT_EXCEEDED");
    // The burst takes a second or two; should an hour boundary fall inside it, each window has its own limit.
    expect(served).toBe(Math.min(90, tokenLimit * windows));
    expect(refused).toHaveLength(90 - served);
    expect(refused.every((r) => Number(r.response.headers.get("retry-after")) >= 1)).toBe(true);
  });

  it("sends every webhook attempt exactly once although every process dispatches", async () => {
    // The license and its 5 activations above; the demo data's events came before the subscription.
    const subscribed = (await db.read((tx) => tx.findBy(EventEntity, { accountId: demo.accountId })))
      .filter((event) => event.createdAt >= subscribedAt && (subscribedEvents as string[]).includes(event.type));
    expect(subscribed.map((event) => event.type).sort()).toEqual([...Array(5).fill("activation.created"), "license.created"]);
    const attempts = await vi.waitFor(
      async () => {
        const rows = await db.read((tx) => tx.findBy(WebhookAttemptEntity, { accountId: demo.accountId }));
        if (rows.filter((attempt) => attempt.delivered).length < subscribed.length || rows.some((attempt) => attempt.status !== "done")) {
          throw new Error("deliveries still running");
        }
        return rows;
      },
      { timeout: 60_000, interval: 250 },
    );
    for (const event of subscribed) {
      const ofEvent = attempts.filter((attempt) => attempt.eventId === event.id).map((attempt) => [attempt.attempt, attempt.statusCode]).sort();
      expect(ofEvent).toEqual([[1, 500], [2, 200]]);
      expect(receiver.of(event.id)).toHaveLength(2);
    }
    expect(receiver.deliveries).toHaveLength(2 * subscribed.length);
  });

  it("runs one of 20 activations with one Idempotency-Key spread over the processes; the others replay it or get 409", async () => {
    const { data: license } = await admin().POST("/v3/licenses", { body: { productId: demo.productId, allowedActivations: 5 } });
    const clients = urls.map((baseUrl) => createV3Client({ baseUrl, ...checked }));
    const body = activationRequest(license!, demo.accountId);
    const header = { "Idempotency-Key": `multi-process-${license!.id}` };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => clients[i % processes]!.POST("/v3/activations", { params: { header }, body })));

    const ran = results.filter((r) => r.response.status === 201 && !r.response.headers.has("Idempotent-Replayed"));
    const replayed = results.filter((r) => r.response.headers.get("Idempotent-Replayed") === "true");
    expect(ran).toHaveLength(1);
    expect(replayed.length + results.filter((r) => r.error?.code === "IDEMPOTENCY_KEY_IN_USE").length).toBe(19);
    for (const replay of replayed) expect(replay.data).toEqual(ran[0]!.data);
    const { data: after } = await createV3Client({ baseUrl: urls[1]!, token: demo.adminToken, ...checked }).GET("/v3/licenses/{id}", { params: { path: { id: license!.id } } });
    expect(after!.totalActivations).toBe(1);
  });
});
