/**
 * Webhook contract: real flows over HTTP produce deliveries whose payloads match the spec's `webhooks` schemas,
 * whose headers match its parameters and whose signatures verify with the receiver helper, in both schemes.
 */
import { SignJWT } from "jose";
import { afterAll, beforeAll, expect, it, onTestFinished, vi } from "vitest";
import { verifyWebhook } from "../../client/verify-webhook.js";
import { SpecValidator } from "../../client/spec-validator.js";
import type { Dispatcher } from "../../server/webhooks/index.js";
import { activationRequest, describeApi } from "../support/api.js";
import { startReceiver, type Delivery } from "../support/receiver.js";
import { loadSpec } from "../support/spec.js";
import { createDispatcher, logOf, subscribe } from "../support/webhooks.js";

const validator = new SpecValidator(loadSpec("v3"));
const headerValidator = new SpecValidator(loadSpec("v3"), { coerceTypes: true });
const schemes = ["cryptlex", "standard-webhooks"] as const;

/** Problems of one delivery against the spec: its body schema and its three documented headers. */
function contractProblems(delivery: Delivery): string[] {
  const payload: unknown = JSON.parse(delivery.body);
  const event = (payload as { event: string }).event;
  const parameters = (validator.document.components as { parameters: Record<string, { name: string }> }).parameters;
  const validate = validator.validatorAt(`/webhooks/${event}/post/requestBody/content/application~1json/schema`);
  const problems = validate(payload) ? [] : [`${event}: ${JSON.stringify(validate.errors)}`];
  for (const parameter of ["webhookSignatureHeader", "webhookIdHeader", "webhookTimestampHeader"]) {
    const name = parameters[parameter]!.name;
    const check = headerValidator.validatorAt(`/components/parameters/${parameter}/schema`);
    if (!check(delivery.headers[name.toLowerCase()])) problems.push(`header ${name}: ${JSON.stringify(check.errors)}`);
  }
  if (delivery.headers["content-type"] !== "application/json; charset=utf-8") problems.push(`content-type ${delivery.headers["content-type"]}`);
  return problems;
}

describeApi("webhook deliveries", (api) => {
  let dispatcher: Dispatcher;
  beforeAll(() => {
    dispatcher = createDispatcher(api.server.core);
    dispatcher.start();
  });
  afterAll(() => dispatcher?.stop());

  /** A receiver and a subscription of its own for one test, both gone when the test ends. */
  async function receiving(body: Parameters<typeof subscribe>[2] = {}) {
    const receiver = await startReceiver();
    const webhook = await subscribe(api, receiver.url, body);
    onTestFinished(async () => {
      await api.client.DELETE("/v3/webhooks/{id}", { params: { path: { id: webhook.id } } });
      await receiver.stop();
    });
    return { receiver, webhook };
  }

  /** Activation, sync, deactivation, offline activation, a trial and license changes, all through v3. */
  async function runFlows() {
    const product = await api.createProduct({ trialPolicy: { trialLength: 14 } });
    const license = await api.createLicense(product.id, { allowedActivations: 3 });
    const client = api.server.v3();
    const request = activationRequest(license, api.admin.accountId);
    const created = await client.POST("/v3/activations", { body: request });
    const id = JSON.parse(Buffer.from(created.data!.activationToken.split(".")[1]!, "base64url").toString()).aid as string;
    await client.PATCH("/v3/activations/{id}", { params: { path: { id } }, body: request });
    await client.POST("/v3/activations/{id}/deactivate", {
      params: { path: { id } },
      body: { productId: product.id, accountId: api.admin.accountId, fingerprint: request.fingerprint, userHash: request.userHash, os: "linux" },
    });
    const machine = activationRequest(license, api.admin.accountId);
    const offlineRequest = await new SignJWT({ iat: Math.floor(Date.now() / 1000), type: "activation", ...machine })
      .setProtectedHeader({ alg: "HS256", typ: "lex-offline-request+jwt" })
      .sign(new TextEncoder().encode(product.id));
    await api.client.POST("/v3/activations/offline-activate", { body: { offlineRequest, responseValidity: 3600, licenseId: license.id } });
    await client.POST("/v3/trial-activations", {
      body: { productId: product.id, accountId: api.admin.accountId, fingerprint: `trial-${Math.random()}`.padEnd(64, "1"), hostname: "t", userHash: "u", os: "windows" },
    });
    await api.client.PATCH("/v3/licenses/{id}", { params: { path: { id: license.id } }, body: { allowedActivations: 5 } });
    await api.client.DELETE("/v3/licenses/{id}", { params: { path: { id: license.id } } });
  }

  it.each(schemes)("%s: every event of every flow arrives once, matches the spec and verifies", async (scheme) => {
    const { receiver, webhook } = await receiving({ signatureScheme: scheme });
    await runFlows();
    const log = await logOf(api, webhook.id);
    expect(new Set(log.map((entry) => entry.event))).toEqual(
      new Set(["license.created", "activation.created", "license.updated", "activation.updated", "activation.deleted", "trialActivation.created", "license.deleted"]),
    );
    await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(log.length), { timeout: 15_000, interval: 20 });
    for (const entry of log) expect(receiver.of(entry.eventId)).toHaveLength(1);
    for (const delivery of receiver.deliveries) {
      expect(contractProblems(delivery)).toEqual([]);
      const event = verifyWebhook({ body: delivery.body, headers: delivery.headers, secret: webhook.token, scheme, now: api.clock.now() });
      expect(event).toEqual(JSON.parse(log.find((entry) => entry.eventId === delivery.headers["webhook-id"])!.requestBody));
      const otherScheme = scheme === "cryptlex" ? "standard-webhooks" : "cryptlex";
      expect(() => verifyWebhook({ body: delivery.body, headers: delivery.headers, secret: webhook.token, scheme: otherScheme, now: api.clock.now() })).toThrow();
    }
  });

  it("logs each delivery: 200, latency, response body, delivered, and the webhook stays healthy", async () => {
    const { receiver, webhook } = await receiving({ events: ["license.created"] });
    await api.createLicense((await api.createProduct()).id);
    await expect.poll(async () => (await logOf(api, webhook.id))[0]?.delivered).toBe(true);
    const [entry] = await logOf(api, webhook.id);
    expect(entry).toMatchObject({ attempt: 1, statusCode: 200, error: null, responseBody: "ok", nextAttemptAt: null, url: receiver.url });
    expect(entry!.latencyMs).toBeGreaterThanOrEqual(0);
    const { data } = await api.client.GET("/v3/webhooks/{id}", { params: { path: { id: webhook.id } } });
    expect(data!.status).toBe("healthy");
  });

  it.each([
    ["standard-webhooks", "both secrets sign for 24 h", [true, true]],
    ["cryptlex", "only the new secret signs", [true, false]],
  ] as const)("%s rotation: %s, then only the new one", async (scheme, _rule, [newVerifies, oldVerifies]) => {
    const { receiver, webhook } = await receiving({ signatureScheme: scheme, events: ["license.created"] });
    const newToken = `rotated-${"x".repeat(20)}`;
    await api.client.PATCH("/v3/webhooks/{id}", { params: { path: { id: webhook.id } }, body: { token: newToken } });
    /** Sends one event and returns which secrets its signature verifies with. */
    const nextDelivery = async () => {
      const before = receiver.deliveries.length;
      await api.createLicense((await api.createProduct()).id);
      const [delivery] = (await receiver.waitFor(before + 1)).slice(before);
      return (secret: string | string[]) => {
        try {
          verifyWebhook({ body: delivery!.body, headers: delivery!.headers, secret, scheme, now: api.clock.now() });
          return true;
        } catch {
          return false;
        }
      };
    };
    const during = await nextDelivery();
    expect([during(newToken), during(webhook.token)]).toEqual([newVerifies, oldVerifies]);
    expect(during([webhook.token, newToken])).toBe(true);
    api.clock.advance(24 * 3600 * 1000 + 1000);
    const after = await nextDelivery();
    expect([after(newToken), after(webhook.token)]).toEqual([true, false]);
    api.clock.advance(-(24 * 3600 * 1000 + 1000));
  });
});
