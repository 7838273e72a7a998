/** The retry schedule: backoff with jitter, Retry-After, configuration, and the whole 72-hour run on a moved clock. */
import { describe, expect, it } from "vitest";
import { durations, loadConfig } from "../../server/config.js";
import { parseRetryAfter, retryDelayMs } from "../../server/webhooks/index.js";
import { activationRequest, describeApi } from "../support/api.js";
import { answers, startReceiver } from "../support/receiver.js";
import { pino } from "pino";
import { Dispatcher } from "../../server/webhooks/index.js";
import { fastWebhooks, logOf, subscribe, webhookOf } from "../support/webhooks.js";

const spec = loadConfig({}).webhooks;
const hour = 3_600_000;

describe("retry delays", () => {
  it.each([
    [1, 0.5, null, 5_000],
    [2, 0.5, null, 300_000],
    [5, 0.5, null, 5 * hour],
    [6, 0.5, null, 10 * hour],
    [12, 0.5, null, 10 * hour],
    [1, 0, null, 4_000],
    [1, 1, null, 6_000],
    [1, 0.5, 60_000, 60_000],
    [2, 0.5, 60_000, 300_000],
    [1, 0.5, 48 * hour, 24 * hour],
  ])("after attempt %i (random %d, Retry-After %s ms) waits %i ms", (attempt, random, retryAfter, expected) => {
    expect(retryDelayMs(attempt, spec, retryAfter, () => random)).toBe(expected);
  });

  it("follows the spec's schedule: 13 attempts spanning about 77 hours without jitter", () => {
    const total = Array.from({ length: spec.maxAttempts - 1 }, (_, i) => retryDelayMs(i + 1, spec, null, () => 0.5)).reduce((a, b) => a + b);
    expect(spec).toMatchObject({ maxAttempts: 13, retryWindowMs: 72 * hour });
    expect(total).toBeGreaterThanOrEqual(72 * hour);
  });

  it.each([
    ["120", 120_000],
    ["0", 0],
    [new Date(Date.UTC(2024, 0, 1, 0, 10)).toUTCString(), 600_000],
    [new Date(Date.UTC(2023, 0, 1)).toUTCString(), 0],
    ["soon", null],
    [null, null],
  ])("Retry-After %s = %s ms", (value, expected) => {
    expect(parseRetryAfter(value, new Date(Date.UTC(2024, 0, 1)))).toBe(expected);
  });
});

describe("webhook configuration", () => {
  it.each([
    ["5s,5m,2h", [5_000, 300_000, 7_200_000]],
    ["50ms", [50]],
  ])("reads durations %s", (value, expected) => {
    expect(durations(value)).toEqual(expected);
  });

  it.each(["", "5", "5d", "5s,,1m", "-5s"])("refuses durations %j", (value) => {
    expect(() => durations(value)).toThrow(/durations/);
  });

  it("defaults to the spec (15 s timeout, off for private and http URLs) and refuses a lease shorter than the timeout", () => {
    expect(spec).toMatchObject({ dispatch: true, timeoutMs: 15_000, allowPrivateUrls: false, allowHttp: false, retryDelaysMs: [5_000, 300_000, 1_800_000, 2 * hour, 5 * hour, 10 * hour] });
    expect(loadConfig({ WEBHOOKS_ALLOW_PRIVATE_URLS: "true", WEBHOOKS_ALLOW_HTTP: "true", WEBHOOKS_DISPATCH: "false" }).webhooks).toMatchObject({ allowPrivateUrls: true, allowHttp: true, dispatch: false });
    expect(() => loadConfig({ WEBHOOKS_TIMEOUT_MS: "5000", WEBHOOKS_CLAIM_LEASE_MS: "5000" })).toThrow(/LEASE/);
  });
});

describeApi("a failing endpoint over the spec's full schedule", (api) => {
  it.each([
    ["no jitter", 0.5, 13],
    ["the shortest jitter every time (past 13 attempts)", 0, 15],
  ])("%s: retried over more than 72 hours, then the subscription is suspended", async (_case, random, attempts) => {
    const receiver = await startReceiver(answers(500));
    try {
      const webhook = await subscribe(api, receiver.url, { events: ["activation.created"] });
      const product = await api.createProduct();
      const license = await api.createLicense(product.id);
      await api.server.v3().POST("/v3/activations", { body: activationRequest(license, api.admin.accountId) });
      const dispatcher = new Dispatcher({ core: api.server.core, config: { ...fastWebhooks, retryDelaysMs: spec.retryDelaysMs, jitter: spec.jitter, maxAttempts: spec.maxAttempts, retryWindowMs: spec.retryWindowMs }, logger: pino({ level: "silent" }), random: () => random });
      const started = api.clock.now().getTime();
      for (let attempt = 1; attempt <= attempts; attempt++) {
        expect(await dispatcher.runOnce()).toBe(1);
        expect(await dispatcher.runOnce()).toBe(0);
        const last = (await logOf(api, webhook.id)).at(-1)!;
        expect((await webhookOf(api, webhook.id)).status).toBe(attempt < attempts ? "unhealthy" : "suspended");
        if (attempt === attempts) expect(last).toMatchObject({ attempt, nextAttemptAt: null });
        else api.clock.advance(Date.parse(last.nextAttemptAt!) - api.clock.now().getTime());
      }
      expect(api.clock.now().getTime() - started).toBeGreaterThan(72 * hour);
      expect(receiver.deliveries).toHaveLength(attempts);
      expect(new Set(receiver.deliveries.map((delivery) => delivery.headers["webhook-id"])).size).toBe(1);
    } finally {
      await receiver.stop();
    }
  });
});
