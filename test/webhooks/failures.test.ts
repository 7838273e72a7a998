/**
 * Failure injection: endpoints that fail, time out, refuse connections, throttle or are gone. Every attempt is
 * logged, retries keep the event id, and the subscription's health follows the spec.
 */
import { createServer } from "node:net";
import { afterAll, beforeAll, expect, it, onTestFinished, vi } from "vitest";
import type { Dispatcher } from "../../server/webhooks/index.js";
import { describeApi, type ApiFixture } from "../support/api.js";
import { answers, ok, startReceiver, type Answering } from "../support/receiver.js";
import { createDispatcher, logOf, subscribe, webhookOf } from "../support/webhooks.js";

/** A receiver answering as told, a subscription to license.created, and one event; cleaned up after the test. */
async function oneEvent(api: ApiFixture, answering: Answering, url?: string) {
  const receiver = await startReceiver(answering);
  const webhook = await subscribe(api, url ?? receiver.url, { events: ["license.created"] });
  onTestFinished(async () => {
    await api.client.DELETE("/v3/webhooks/{id}", { params: { path: { id: webhook.id } } });
    await receiver.stop();
  });
  const fire = () => api.createProduct().then((product) => api.createLicense(product.id));
  await fire();
  return { receiver, webhook, fire };
}

/** A loopback port nobody listens on: connections are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const waitLog = (api: ApiFixture, webhookId: string, done: (log: Awaited<ReturnType<typeof logOf>>) => boolean) =>
  vi.waitFor(async () => {
    const log = await logOf(api, webhookId);
    if (!done(log)) throw new Error(`log not there yet: ${JSON.stringify(log.map((entry) => [entry.attempt, entry.statusCode, entry.error]))}`);
    return log;
  }, { timeout: 15_000, interval: 25 });

describeApi("webhook failures", (api) => {
  let dispatcher: Dispatcher;
  beforeAll(() => {
    dispatcher = createDispatcher(api.server.core, { timeoutMs: 300, claimLeaseMs: 2000 });
    dispatcher.start();
  });
  afterAll(() => dispatcher?.stop());

  it.each([
    ["HTTP 500 three times", answers(500, 500, 500, 200), "HTTP 500 Internal Server Error", 500],
    ["a timeout", answers("hang", 200), "timeout after 0.3 s", null],
    ["a 302 redirect (not followed)", answers({ status: 302, headers: { location: "http://127.0.0.1:1/" } }, 200), "HTTP 302 Found", 302],
    ["HTTP 404", answers(404, 200), "HTTP 404 Not Found", 404],
  ])("retries after %s until delivered, logging each attempt with the same event id", async (_case, answering, error, statusCode) => {
    const { receiver, webhook } = await oneEvent(api, answering);
    const log = await waitLog(api, webhook.id, (entries) => entries.some((entry) => entry.delivered));
    const failed = log.slice(0, -1);
    expect(failed.length).toBeGreaterThanOrEqual(1);
    for (const [index, entry] of failed.entries()) {
      expect(entry).toMatchObject({ attempt: index + 1, statusCode, error, delivered: false });
      expect(Date.parse(entry.nextAttemptAt!)).toBeGreaterThan(Date.parse(entry.createdAt));
    }
    expect(log.at(-1)).toMatchObject({ attempt: log.length, statusCode: 200, error: null, delivered: true, nextAttemptAt: null });
    expect(new Set(log.map((entry) => entry.eventId)).size).toBe(1);
    expect(new Set(receiver.deliveries.map((delivery) => delivery.headers["webhook-id"]))).toEqual(new Set([log[0]!.eventId]));
    expect((await webhookOf(api, webhook.id)).status).toBe("healthy");
  });

  it.each([
    ["a refused connection", async () => `http://127.0.0.1:${await closedPort()}/hooks`, "connection refused"],
    ["a DNS failure", async () => "http://no-such-host.invalid/hooks", "DNS lookup failed (ENOTFOUND)"],
  ])("retries after %s and marks the webhook unhealthy", async (_case, url, error) => {
    const { webhook } = await oneEvent(api, ok, await url());
    const log = await waitLog(api, webhook.id, (entries) => entries.length >= 3);
    expect(log.slice(0, 2)).toMatchObject([{ attempt: 1, statusCode: null, error }, { attempt: 2, statusCode: null, error }]);
    expect((await webhookOf(api, webhook.id)).status).toBe("unhealthy");
  });

  it("410 Gone suspends the subscription: no retry, later events are logged but not sent, until resumed", async () => {
    const { receiver, webhook, fire } = await oneEvent(api, answers(410, 200));
    const [gone] = await waitLog(api, webhook.id, (entries) => entries[0]?.statusCode === 410);
    expect(gone).toMatchObject({ attempt: 1, error: "HTTP 410 Gone", nextAttemptAt: null, delivered: false });
    expect((await webhookOf(api, webhook.id)).status).toBe("suspended");

    await fire();
    const [, skipped] = await waitLog(api, webhook.id, (entries) => entries[1]?.error === "webhook suspended");
    expect(skipped).toMatchObject({ attempt: 1, statusCode: null, delivered: false, nextAttemptAt: null });
    expect(receiver.deliveries).toHaveLength(1);

    // A manual resend reaches a suspended webhook (to test a fixed endpoint) without lifting the suspension.
    const resent = await api.client.POST("/v3/webhook-event-logs/{id}/resend", { params: { path: { id: gone!.id } } });
    expect(resent.data).toMatchObject({ attempt: 2, eventId: gone!.eventId, statusCode: null, error: null });
    const log = await waitLog(api, webhook.id, (entries) => entries.some((entry) => entry.id === resent.data!.id && entry.delivered));
    expect(log.find((entry) => entry.id === resent.data!.id)).toMatchObject({ statusCode: 200, delivered: true, nextAttemptAt: null });
    expect((await webhookOf(api, webhook.id)).status).toBe("suspended");

    await api.client.PATCH("/v3/webhooks/{id}", { params: { path: { id: webhook.id } }, body: { active: true } });
    expect((await webhookOf(api, webhook.id)).status).toBe("healthy");
    await fire();
    await receiver.waitFor(3);
  });

  it("a failed manual resend is logged once and not retried", async () => {
    const { receiver, webhook } = await oneEvent(api, answers(200, 500));
    const [first] = await waitLog(api, webhook.id, (entries) => entries[0]?.delivered === true);
    const resent = await api.client.POST("/v3/webhook-event-logs/{id}/resend", { params: { path: { id: first!.id } } });
    const log = await waitLog(api, webhook.id, (entries) => entries.some((entry) => entry.id === resent.data!.id && entry.statusCode === 500));
    expect(log.find((entry) => entry.id === resent.data!.id)).toMatchObject({ attempt: 2, nextAttemptAt: null, delivered: false });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await logOf(api, webhook.id)).toHaveLength(2);
    expect(receiver.deliveries.map((delivery) => delivery.headers["webhook-id"])).toEqual([first!.eventId, first!.eventId]);
  });

  it.each([
    [429, "seconds", () => "120", 120_000],
    [503, "an HTTP date", () => new Date(Date.now() + 3_600_000).toUTCString(), 3_600_000],
  ])("honours Retry-After on %i (%s) when it asks for longer than the backoff", async (status, _form, retryAfter, waitMs) => {
    const { receiver, webhook } = await oneEvent(api, answers({ status, headers: { "retry-after": retryAfter() } }, 200));
    const [throttled] = await waitLog(api, webhook.id, (entries) => entries[0]?.statusCode === status);
    const wait = Date.parse(throttled!.nextAttemptAt!) - api.clock.now().getTime();
    expect(wait).toBeGreaterThan(waitMs - 15_000);
    expect(wait).toBeLessThanOrEqual(waitMs + 1_000);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(receiver.deliveries).toHaveLength(1);
    api.clock.advance(waitMs + 1_000);
    try {
      await receiver.waitFor(2);
    } finally {
      api.clock.advance(-(waitMs + 1_000));
    }
  });
});
