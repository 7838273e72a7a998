/**
 * v3 webhook event logs: every documented status of every log operation. The log entries come from a license created
 * after subscribing an active webhook and a switched-off one (whose events are logged, not sent).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { contractSuite } from "../suite.js";
import { refused, refusedBySchema, sharedCases, unique } from "./common.js";

const suite = contractSuite();
const { client, fixtures } = suite;

/** Deliveries to it fail; the log records them either way. */
const publicUrl = "https://hooks.example.com/contract";
const logWait = { timeoutMs: 30_000, intervalMs: 500 };

let activeWebhookId: string;
let activeLogId: string;
let inactiveLogId: string;

async function subscribe(active: boolean): Promise<string> {
  const webhook = await fixtures.v3("POST", "/v3/webhooks", { name: `contract event log ${unique()}`, url: publicUrl, events: ["license.created"], active });
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/webhooks/${webhook.id}`, undefined, 204));
  return webhook.id;
}

/** The id of the webhook's newest log entry, once the server has logged an event (the outbox is processed asynchronously). */
async function logEntryOf(webhookId: string): Promise<string> {
  const deadline = Date.now() + logWait.timeoutMs;
  for (;;) {
    const [entry] = (await fixtures.v3("GET", `/v3/webhook-event-logs?webhookId=${webhookId}&event=license.created&limit=1`)) as unknown as Array<{ id: string }>;
    if (entry) return entry.id;
    if (Date.now() > deadline) throw new Error(`no webhook event log entry for webhook ${webhookId} within ${logWait.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, logWait.intervalMs));
  }
}

beforeAll(async () => {
  activeWebhookId = await subscribe(true);
  const inactiveWebhookId = await subscribe(false);
  await fixtures.license((await fixtures.product({ name: `contract event logs ${unique()}` })).id);
  [activeLogId, inactiveLogId] = await Promise.all([logEntryOf(activeWebhookId), logEntryOf(inactiveWebhookId)]);
});

describe("listWebhookEventLogs", () => {
  it("200 with the webhook's attempts", async () => {
    const entries = await client.call("listWebhookEventLogs", { query: { webhookId: activeWebhookId, event: "license.created", sort: "createdAt" } }, 200);
    expect(entries.length).toBeGreaterThan(0);
  });
  refusedBySchema(client, "listWebhookEventLogs", (query: Record<string, string>) => ({ query }), [
    ["a webhookId that is not a UUID", { webhookId: "not-a-uuid" }],
    ["an unknown event type", { event: "license.exploded" }],
    ["a delivered flag that is not a boolean", { delivered: "sometimes" }],
  ]);
  sharedCases(suite, "listWebhookEventLogs");
});

describe("getWebhookEventLog", () => {
  it("200 with the attempt", () => client.call("getWebhookEventLog", { path: { id: activeLogId } }, 200));
  sharedCases(suite, "getWebhookEventLog", () => ({ path: { id: activeLogId } }), { notFound: "WEBHOOK_EVENT_LOG_NOT_FOUND" });
});

describe("resendWebhookEvent", () => {
  it("202 with the new, pending attempt", () => client.call("resendWebhookEvent", { path: { id: activeLogId } }, 202));
  it("409 WEBHOOK_INACTIVE for an event of a switched-off webhook", () =>
    refused(client, "resendWebhookEvent", { path: { id: inactiveLogId } }, 409, "WEBHOOK_INACTIVE"));
  // A resend of the switched-off webhook's event is refused (409), so the shared cases' request resends nothing.
  sharedCases(suite, "resendWebhookEvent", () => ({ path: { id: inactiveLogId } }), { notFound: "WEBHOOK_EVENT_LOG_NOT_FOUND" });
});
