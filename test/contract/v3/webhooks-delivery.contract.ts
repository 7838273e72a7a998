/**
 * Webhook deliveries as the spec's `webhooks` section describes them: the suite runs a receiver, subscribes it
 * with both signature schemes, drives a license and an activation through their events, and checks every delivery
 * (payload schema of its event, documented headers and content type, signature with the subscription's token) and
 * that `webhook-id` stays the same when a failed delivery is retried. Targets that refuse the receiver's address
 * (400 INVALID_WEBHOOK_URL, e.g. loopback or plain http on a production deployment) make the delivery checks not
 * applicable; give such a target a public address that forwards to the receiver with `--webhook-url`.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { SpecValidator } from "../../../client/spec-validator.js";
import { verifyActivationToken } from "../../../client/verify-v3.js";
import { verifyWebhook } from "../../../client/verify-webhook.js";
import type { WebhookSignatureScheme } from "../../../client/webhook-signing.js";
import { startReceiver, type Answering, type Delivery, type Receiver } from "../../support/receiver.js";
import { contractSuite } from "../suite.js";
import { deactivationOf, machineFor } from "./machines.js";

const { target, client, fixtures } = contractSuite();
const validator = new SpecValidator(client.document);
const headerValidator = new SpecValidator(client.document, { coerceTypes: true });
const schemes: WebhookSignatureScheme[] = ["cryptlex", "standard-webhooks"];
const events = ["license.created", "license.updated", "license.deleted", "activation.created", "activation.updated", "activation.deleted"];
/** The documented wait before the first retry is about 5 s ± 20 %; allow for a loaded target. */
const retryWaitMs = 45_000;
/** Marks the one license.updated delivery the receiver refuses once, to see it retried. */
const retryNote = `contract retry ${randomUUID()}`;

type Payload = { event: string; data: { id: string; licenseId?: string; notes?: string | null } };
const payloadOf = (delivery: Delivery) => JSON.parse(delivery.body) as Payload;
/** Which subscription a delivery came from: Standard Webhooks signatures start with `v1,`. */
const schemeOf = (delivery: Delivery): WebhookSignatureScheme => (String(delivery.headers["webhook-signature"]).startsWith("v1,") ? "standard-webhooks" : "cryptlex");
/** The license.updated of the PATCH that set the note (license.deleted later carries the note too). */
const isRetryProbe = (delivery: Delivery) => {
  const { event, data } = payloadOf(delivery);
  return event === "license.updated" && data.notes === retryNote;
};

/** Refuses the first delivery of the marked event per subscription (500), acknowledges everything else. */
const answering: Answering = (delivery) => {
  const earlier = receiver.deliveries.filter((d) => d !== delivery && isRetryProbe(d) && schemeOf(d) === schemeOf(delivery));
  return isRetryProbe(delivery) && earlier.length === 0 ? { status: 500, body: "try again" } : { status: 200, body: "ok" };
};

let receiver: Receiver;
const tokens = {} as Record<WebhookSignatureScheme, string>;
let notApplicable: string | undefined;
let licenseId: string;

beforeAll(async () => {
  receiver = await startReceiver(answering, target.webhook ? { host: "0.0.0.0", port: target.webhook.port } : {});
  const url = target.webhook?.url ?? receiver.url;
  for (const scheme of schemes) {
    // The standard-webhooks subscription brings its own token; the cryptlex one uses the generated one.
    const body = { name: `contract deliveries ${scheme}`, url, events, signatureScheme: scheme, ...(scheme === "standard-webhooks" ? { token: `whsec_${randomBytes(24).toString("base64")}` } : {}) };
    const created = await client.call("createWebhook", { body }, [201, 400]);
    if (created.code === "INVALID_WEBHOOK_URL") {
      notApplicable = `the target refuses the receiver's address ${url} (400 INVALID_WEBHOOK_URL: ${created.message}); pass --webhook-url with a public address that forwards to the receiver to check deliveries`;
      console.warn(`webhook deliveries not applicable: ${notApplicable}`);
      return;
    }
    expect(created.code, "createWebhook answered 400 for a valid subscription").toBeUndefined();
    fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/webhooks/${created.id}`, undefined, 204));
    tokens[scheme] = created.token;
  }
  licenseId = await driveEvents();
});
afterAll(() => receiver?.stop());

/** license.created, activation.created, activation.updated, license.updated (the retry probe), activation.deleted, license.deleted. */
async function driveEvents(): Promise<string> {
  const product = await fixtures.product({ name: "contract webhook deliveries" });
  const license = await client.call("createLicense", { body: { productId: product.id, allowedActivations: 1 } }, 201);
  const device = machineFor(license, "");
  const { activationToken } = await client.call("createActivation", { body: device }, 201);
  const { aid } = await verifyActivationToken(activationToken, product.publicKey);
  await client.call("updateActivation", { path: { id: aid }, body: device }, 200);
  await client.call("updateLicense", { path: { id: license.id }, body: { notes: retryNote } }, 200);
  await client.call("deactivateActivation", { path: { id: aid }, body: deactivationOf(device) }, 200);
  await client.call("deleteLicense", { path: { id: license.id } }, 204);
  return license.id;
}

/** The deliveries of this file's license (the account's other activity reaches the subscriptions too). */
function ours(scheme: WebhookSignatureScheme): Delivery[] {
  return receiver.deliveries.filter((delivery) => {
    const { event, data } = payloadOf(delivery);
    return schemeOf(delivery) === scheme && (event.startsWith("license.") ? data.id === licenseId : data.licenseId === licenseId);
  });
}

/** Waits until every event arrived for `scheme`, and the refused one once more. */
async function awaitDeliveries(scheme: WebhookSignatureScheme): Promise<Delivery[]> {
  await expect.poll(() => {
    const arrived = ours(scheme);
    const missing = events.filter((event) => !arrived.some((delivery) => payloadOf(delivery).event === event));
    return [...missing, ...(arrived.filter(isRetryProbe).length < 2 ? ["the retry of the refused license.updated"] : [])];
  }, { timeout: retryWaitMs, interval: 250 }).toEqual([]);
  return ours(scheme);
}

/** Problems of one delivery against the spec: its event's payload schema, the documented headers and content type. */
function contractProblems(delivery: Delivery): string[] {
  const { event } = payloadOf(delivery);
  const validate = validator.validatorAt(`/webhooks/${event}/post/requestBody/content/application~1json/schema`);
  const problems = validate(JSON.parse(delivery.body)) ? [] : SpecValidator.describe(validate).map((line) => `${event} body ${line}`);
  const parameters = (client.document.components as { parameters: Record<string, { name: string }> }).parameters;
  for (const parameter of ["webhookSignatureHeader", "webhookIdHeader", "webhookTimestampHeader"]) {
    const name = parameters[parameter]!.name;
    const check = headerValidator.validatorAt(`/components/parameters/${parameter}/schema`);
    if (!check(delivery.headers[name.toLowerCase()])) problems.push(`${event} header ${name}: ${SpecValidator.describe(check).join("; ")}`);
  }
  const contentType = String(delivery.headers["content-type"]).replace(/\s+/g, "").toLowerCase();
  if (contentType !== "application/json;charset=utf-8") problems.push(`${event} content-type ${delivery.headers["content-type"]}`);
  return problems;
}

const skipUnlessApplicable = (context: TestContext) => notApplicable && context.skip(notApplicable);

describe.each(schemes)("deliveries signed with %s", (scheme) => {
  it("every event arrives, keeps its payload schema and headers, and verifies with the subscription token", async (context) => {
    skipUnlessApplicable(context);
    const deliveries = await awaitDeliveries(scheme);
    expect(deliveries.flatMap(contractProblems)).toEqual([]);
    for (const delivery of deliveries) {
      // A retried delivery is re-signed at its own timestamp, so the tolerance only needs to cover the run.
      expect(verifyWebhook({ body: delivery.body, headers: delivery.headers, secret: tokens[scheme], scheme }).event).toBe(payloadOf(delivery).event);
    }
  });

  it("a refused delivery is retried with the same webhook-id; distinct events have distinct ids", async (context) => {
    skipUnlessApplicable(context);
    const deliveries = await awaitDeliveries(scheme);
    const [refused, retried] = deliveries.filter(isRetryProbe);
    expect(retried!.headers["webhook-id"]).toBe(refused!.headers["webhook-id"]);
    expect(retried!.body).toBe(refused!.body);
    expect(retried!.at).toBeGreaterThan(refused!.at);
    const firstAttempts = deliveries.filter((delivery) => delivery !== retried);
    expect(new Set(firstAttempts.map((delivery) => delivery.headers["webhook-id"])).size).toBe(firstAttempts.length);
  });
});
