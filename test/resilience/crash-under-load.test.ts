/**
 * Crash safety (issue 7): the real server process, delivering webhooks to a real receiver, is killed with SIGKILL
 * three times in the middle of parallel v3 activations, v3 deactivations and v4 activations against small limits,
 * and restarted on the same database each time while the load goes on. Afterwards every acknowledged change is
 * there, no limit is exceeded, the counters match the rows, and every committed event reached the receiver.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { components } from "../../generated/v3.js";
import { createV3Client, type V3Client } from "../../client/v3.js";
import { validateResponses } from "../../client/validate-responses.js";
import { createAccessToken, createAccount, type Core } from "../../server/core/index.js";
import { allScopes } from "../../server/core/scopes.js";
import { EventEntity, WebhookAttemptEntity, type EventRow } from "../../server/db/index.js";
import { describeEachDatabase } from "../support/database.js";
import { freePort } from "../support/ports.js";
import { startServerProcess, type ServerProcess } from "../support/process.js";
import { startReceiver, type Receiver } from "../support/receiver.js";
import { loadSpec } from "../support/spec.js";
import { subscribe } from "../support/webhooks.js";
import { ActivationLoad, type LoadTarget, type SentRequest } from "./activation-load.js";

type Activation = components["schemas"]["Activation"];

const serverEnv = {
  SEED_DEMO: "false",
  RATE_LIMIT_V3_IP: "1000000/5s",
  RATE_LIMIT_V3_CREDENTIAL: "1000000/5s",
  RATE_LIMIT_V4_IP: "1000000/5s",
  RATE_LIMIT_V4_CREDENTIAL: "1000000/5s",
  WEBHOOKS_ALLOW_PRIVATE_URLS: "true",
  WEBHOOKS_ALLOW_HTTP: "true",
  WEBHOOKS_POLL_INTERVAL_MS: "20",
  WEBHOOKS_RETRY_DELAYS: "50ms",
  // A delivery cut off by a kill stays claimed for 2 s; then the restarted process takes it over.
  WEBHOOKS_TIMEOUT_MS: "1500",
  WEBHOOKS_CLAIM_LEASE_MS: "2000",
};

/** Answers each server process gives before it is killed: the kills land at varied moments of the load. */
const killAfter = [25, 60, 10];
/** Answers of the last process, which is left running for the checks. */
const finalAnswers = 40;
const workers = 8;
const limits = { allowedActivations: 3, allowedDeactivations: 5 };

describeEachDatabase("activations under load across SIGKILLs", (getCore, getDatabase) => {
  let receiver: Receiver;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    // A slow endpoint, so the kills also cut deliveries off in flight.
    receiver = await startReceiver(() => ({ status: 200, delayMs: 200 }));
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.stop();
  });

  it("loses nothing acknowledged, exceeds no limit and delivers every committed event", { timeout: 150_000 }, async () => {
    const core = getCore();
    const { id: accountId } = await createAccount(core, { name: "crash under load" });
    const { token } = await createAccessToken(core, { accountId, name: "admin", scopes: [...allScopes] });
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    server = await startServerProcess({ ...serverEnv, DATABASE_URL: getDatabase().url, PORT: String(port) });
    const admin = createV3Client({ baseUrl, token, middleware: [validateResponses(loadSpec("v3"))] });
    const target = await setUp(admin, baseUrl, accountId, receiver.url);
    const load = new ActivationLoad(target);

    for (const answers of killAfter) {
      let exited: Promise<number | null> | undefined;
      await load.run(answers, { workers, kill: () => (exited = server!.stop("SIGKILL")) });
      expect(await exited, "killed by the signal, not exited on its own").toBeNull();
      server = await server.restart();
    }
    await load.run(finalAnswers, { workers });

    expect(load.surprises, "answers neither a success nor a documented refusal, or lost while no kill was due").toEqual([]);
    expect(load.sent.filter((request) => request.outcome === "unknown").length, "the kills cut requests off").toBeGreaterThan(0);
    const events = await core.db.read((tx) => tx.findBy(EventEntity, { accountId }));
    for (const license of target.licenses) await expectLicenseConsistent(admin, license.id, load.sent, events);
    expect(acknowledgedWithoutEvent(load.sent, events)).toEqual([]);
    await expect.poll(() => undelivered(receiver, events), { timeout: 30_000, interval: 100 }).toEqual([]);
    await expect.poll(() => unloggedAsDelivered(core, events), { timeout: 30_000, interval: 100 }).toEqual([]);
    // A redelivery (a kill cut the first one off before it was logged) carries the same event.
    for (const event of events) for (const delivery of receiver.of(event.id)) expect(JSON.parse(delivery.body)).toEqual(event.payload);
  });
});

/** Through v3: a webhook subscription for the receiver, a product with a v4 code, three small licenses, an API key. */
async function setUp(admin: V3Client, baseUrl: string, accountId: string, receiverUrl: string): Promise<LoadTarget> {
  await subscribe({ client: admin }, receiverUrl);
  const { data: product } = await admin.POST("/v3/products", { body: { name: "Crash", licenseApi: { shortCode: "CRASH" } } });
  const licenses = [];
  for (let i = 0; i < 3; i++) licenses.push((await admin.POST("/v3/licenses", { body: { productId: product!.id, ...limits } })).data!);
  const { data: apiKey } = await admin.POST("/v3/api-keys", { body: {} });
  return { baseUrl, accountId, product: { id: product!.id, publicKey: product!.publicKey, shortCode: "CRASH" }, licenses, apiKey: apiKey! };
}

/**
 * The license's activations (read through v3) are exactly what the answers promised, within its limits, and its
 * counters match: totalActivations the rows, totalDeactivations the `activation.deleted` events; and the rows are
 * the `activation.created` events less the `activation.deleted` ones.
 */
async function expectLicenseConsistent(admin: V3Client, licenseId: string, sent: SentRequest[], events: EventRow[]) {
  const { data: listed } = await admin.GET("/v3/activations", { params: { query: { licenseId, limit: 100 } } });
  const { data: license } = await admin.GET("/v3/licenses/{id}", { params: { path: { id: licenseId } } });
  const active = new Map(listed!.map((activation) => [activation.hostname, activation]));
  const mine = sent.filter((request) => request.licenseId === licenseId);
  const broken = mine.filter((request) => {
    const expected = mustBeActive(request, mine);
    return expected !== undefined && expected !== isActive(request, active);
  });
  expect(broken, "requests whose acknowledged (or refused) effect is not what the database holds").toEqual([]);
  const ofLicense = (type: EventRow["type"]) => events.filter((event) => event.type === type && (event.payload.data as Activation).licenseId === licenseId).length;
  expect(listed!.length).toBeLessThanOrEqual(limits.allowedActivations);
  expect(license!.totalActivations).toBe(listed!.length);
  expect(listed!.length).toBe(ofLicense("activation.created") - ofLicense("activation.deleted"));
  expect(license!.totalDeactivations).toBeLessThanOrEqual(limits.allowedDeactivations);
  expect(license!.totalDeactivations).toBe(ofLicense("activation.deleted"));
}

/**
 * Whether the request's machine must be active now: undefined when its fate is open (it got no answer, or it is an
 * activation whose deactivation was sent, which then decides).
 */
function mustBeActive(request: SentRequest, sent: SentRequest[]): boolean | undefined {
  if (request.outcome === "unknown") return undefined;
  if (request.kind === "deactivate") return request.outcome === "refused";
  if (request.outcome === "refused") return false;
  const deactivationSent = sent.some((other) => other.kind === "deactivate" && other.activationId === request.activationId);
  return request.kind === "activate" && deactivationSent ? undefined : true;
}

/** The machine is listed (for v3 activations: under the id its activation token named). */
function isActive(request: SentRequest, active: Map<string, Activation>): boolean {
  const activation = active.get(request.hostname);
  return activation !== undefined && (request.kind === "activate-v4" || activation.id === request.activationId);
}

/** Acknowledged changes with no committed event saying so (`activation.created`, or `activation.deleted`). */
function acknowledgedWithoutEvent(sent: SentRequest[], events: EventRow[]): SentRequest[] {
  return sent.filter((request) => {
    if (request.outcome !== "acknowledged") return false;
    const type = request.kind === "deactivate" ? "activation.deleted" : "activation.created";
    return !events.some((event) => event.type === type && (event.payload.data as Activation).hostname === request.hostname);
  });
}

/** Committed events whose delivery log has no delivered attempt yet (an attempt stuck in a dead process's claim). */
async function unloggedAsDelivered(core: Core, events: EventRow[]): Promise<string[]> {
  const attempts = await core.db.read((tx) => tx.findBy(WebhookAttemptEntity, { accountId: events[0]!.accountId, delivered: true }));
  const delivered = new Set(attempts.map((attempt) => attempt.eventId));
  return events.filter((event) => !delivered.has(event.id)).map((event) => `${event.type} ${event.id}`);
}

/** Committed events the receiver has not had yet (by `webhook-id`). */
function undelivered(receiver: Receiver, events: EventRow[]): string[] {
  return events.filter((event) => receiver.of(event.id).length === 0).map((event) => `${event.type} ${event.id}`);
}
