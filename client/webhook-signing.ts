/**
 * The signature primitives of webhook deliveries (openapi/v3.yaml, `Webhook events` tag), shared by the server's
 * dispatcher, the webhook simulator (mocks/) and the receiver helper (verify-webhook.ts), so all three agree byte
 * for byte.
 */
import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";

export type WebhookSignatureScheme = "cryptlex" | "standard-webhooks";

export interface DeliveryToSign {
  /** The event id (`webhook-id`), the same on every attempt. */
  id: string;
  /** When this attempt is sent (`webhook-timestamp`, Unix seconds). */
  timestamp: Date;
  /** The raw JSON body, exactly as sent. */
  body: string;
  scheme: WebhookSignatureScheme;
  /** The current token first, then a previous one still valid during a rotation. */
  tokens: string[];
}

/** `base64(HMAC-SHA256(key = UTF-8 token, message = raw body))`. */
export function cryptlexSignature(token: string, body: string): string {
  return createHmac("sha256", Buffer.from(token, "utf8")).update(body, "utf8").digest("base64");
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, made by the standardwebhooks reference library. */
export function standardSignature(token: string, id: string, timestamp: Date, body: string): string {
  return new Webhook(standardKey(token), { format: "raw" }).sign(id, timestamp, body);
}

/** The key: the base64-decoded part after `whsec_`, else the token's UTF-8 bytes (see `WebhookCreate.token`). */
function standardKey(token: string): Uint8Array {
  return token.startsWith("whsec_") ? Buffer.from(token.slice("whsec_".length), "base64") : Buffer.from(token, "utf8");
}

/**
 * The `Webhook-Signature` value: Cryptlex signs with the current token only; Standard Webhooks lists one signature
 * per token, space-separated, so receivers holding either secret accept it during a rotation.
 */
export function signatureOf(delivery: DeliveryToSign): string {
  const [current] = delivery.tokens;
  if (current === undefined) throw new Error("a delivery needs a signing token");
  if (delivery.scheme === "cryptlex") return cryptlexSignature(current, delivery.body);
  return delivery.tokens.map((token) => standardSignature(token, delivery.id, delivery.timestamp, delivery.body)).join(" ");
}

/** Every header of a delivery: `webhook-id` and `webhook-timestamp` are sent with both schemes. */
export function deliveryHeaders(delivery: DeliveryToSign): Record<string, string> {
  return {
    "content-type": "application/json; charset=utf-8",
    "webhook-id": delivery.id,
    "webhook-timestamp": String(Math.floor(delivery.timestamp.getTime() / 1000)),
    "webhook-signature": signatureOf(delivery),
  };
}
