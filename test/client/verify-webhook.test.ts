/** The receiver helper accepts exactly what the dispatcher signs, in both schemes, and refuses everything else. */
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { deliveryHeaders, verifyWebhook, type WebhookSignatureScheme } from "../../client/index.js";

const id = "3f8a6d2e-1c4b-4e7f-9a0d-5b6c7e8f9a01";
const sentAt = new Date("2024-07-01T16:45:12Z");
const body = JSON.stringify({ event: "license.deleted", data: { id: "l1" }, triggeredAt: "2024-07-01T16:45:12Z" });
const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const oldSecret = "old-plain-token-0123456789";
const schemes: WebhookSignatureScheme[] = ["cryptlex", "standard-webhooks"];

const signed = (scheme: WebhookSignatureScheme, tokens = [secret]) => deliveryHeaders({ id, timestamp: sentAt, body, scheme, tokens });
const verify = (scheme: WebhookSignatureScheme, overrides: Partial<Parameters<typeof verifyWebhook>[0]> = {}) =>
  verifyWebhook({ body, headers: signed(scheme), secret, scheme, now: new Date(sentAt.getTime() + 1000), ...overrides });

describe.each(schemes)("verifyWebhook, %s", (scheme) => {
  it("returns the typed event of a valid delivery (string, bytes or Headers)", () => {
    expect(verify(scheme)).toEqual(JSON.parse(body));
    expect(verify(scheme, { body: new TextEncoder().encode(body), headers: new Headers(signed(scheme)) }).event).toBe("license.deleted");
  });

  it.each([
    ["a tampered body", { body: body.replace("l1", "l2") }, "bad-signature"],
    ["a wrong secret", { secret: "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }, "bad-signature"],
    ["a stale timestamp (> 5 min)", { now: new Date(sentAt.getTime() + 301_000) }, "stale"],
    ["a timestamp from the future (> 5 min)", { now: new Date(sentAt.getTime() - 301_000) }, "future"],
    ["a narrower tolerance", { toleranceSeconds: 0 }, "stale"],
  ])("refuses %s", (_case, overrides, reason) => {
    expect(() => verify(scheme, overrides)).toThrow(expect.objectContaining({ reason }));
  });

  it.each(["webhook-id", "webhook-timestamp", "webhook-signature"])("refuses a delivery without %s", (name) => {
    const headers: Record<string, string> = { ...signed(scheme) };
    delete headers[name];
    expect(() => verify(scheme, { headers })).toThrow(expect.objectContaining({ reason: "missing-header" }));
  });

  it("accepts the edge of the tolerance window on both sides", () => {
    expect(() => verify(scheme, { now: new Date(sentAt.getTime() + 300_000) })).not.toThrow();
    expect(() => verify(scheme, { now: new Date(sentAt.getTime() - 300_000) })).not.toThrow();
  });
});

describe("secret rotation", () => {
  it("standard-webhooks: a delivery signed with both secrets verifies with either", () => {
    const headers = signed("standard-webhooks", [secret, oldSecret]);
    expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    for (const key of [secret, oldSecret]) expect(() => verify("standard-webhooks", { headers, secret: key })).not.toThrow();
    expect(() => verify("standard-webhooks", { headers, secret: "another-secret-0123456789" })).toThrow();
  });

  it("cryptlex: signed with the new secret only; a receiver holding both secrets accepts it", () => {
    const headers = signed("cryptlex", [secret, oldSecret]);
    expect(() => verify("cryptlex", { headers, secret: oldSecret })).toThrow(expect.objectContaining({ reason: "bad-signature" }));
    expect(() => verify("cryptlex", { headers, secret: [oldSecret, secret] })).not.toThrow();
  });
});

describe("interoperability", () => {
  it("standard-webhooks signatures verify with the reference library (whsec_ secret)", () => {
    const headers = deliveryHeaders({ id, timestamp: new Date(), body, scheme: "standard-webhooks", tokens: [secret] });
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("cryptlex signatures are base64 HMAC-SHA256 of the raw body keyed with the token's UTF-8 bytes", async () => {
    const { createHmac } = await import("node:crypto");
    expect(signed("cryptlex")["webhook-signature"]).toBe(createHmac("sha256", secret).update(body).digest("base64"));
  });
});
