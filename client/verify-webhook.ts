/**
 * The receiver helper: what a third party calls in its webhook endpoint. Checks the headers, the timestamp window
 * and the signature of either scheme, then returns the typed event of openapi/v3.yaml's `webhooks` section.
 */
import { timingSafeEqual } from "node:crypto";
import type { webhooks } from "../generated/v3.js";
import { cryptlexSignature, standardSignature, type WebhookSignatureScheme } from "./webhook-signing.js";

/** The body of each event, as the spec's `webhooks` section defines it. */
export type WebhookEventName = keyof webhooks;
export type WebhookEvent = {
  [Name in WebhookEventName]: webhooks[Name]["post"]["requestBody"]["content"]["application/json"];
}[WebhookEventName];

export type WebhookRejection = "missing-header" | "stale" | "future" | "bad-signature" | "invalid-body";

export class WebhookVerificationError extends Error {
  override name = "WebhookVerificationError";
  constructor(readonly reason: WebhookRejection, message: string) {
    super(message);
  }
}

export interface VerifyWebhookOptions {
  /** The raw request body, exactly as received (never a re-serialised object). */
  body: string | Uint8Array;
  /** The request headers (any case); a Fetch `Headers` or Node's `IncomingHttpHeaders`. */
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The subscription's token; during a rotation pass both the new and the old one. */
  secret: string | string[];
  scheme: WebhookSignatureScheme;
  /** Largest accepted distance between `webhook-timestamp` and `now`, either way (default 300 s, as the spec says). */
  toleranceSeconds?: number;
  now?: Date;
}

/** Returns the verified event, or throws a `WebhookVerificationError` saying why it is refused. */
export function verifyWebhook(options: VerifyWebhookOptions): WebhookEvent {
  const body = typeof options.body === "string" ? options.body : Buffer.from(options.body).toString("utf8");
  const id = header(options.headers, "webhook-id");
  const timestamp = header(options.headers, "webhook-timestamp");
  const signature = header(options.headers, "webhook-signature");
  checkTimestamp(Number(timestamp), options.now ?? new Date(), options.toleranceSeconds ?? 300);
  const secrets = typeof options.secret === "string" ? [options.secret] : options.secret;
  const expected = secrets.map((secret) =>
    options.scheme === "cryptlex" ? cryptlexSignature(secret, body) : standardSignature(secret, id, new Date(Number(timestamp) * 1000), body),
  );
  // Standard Webhooks sends one `v1,…` per secret during a rotation; any match is enough.
  const received = options.scheme === "cryptlex" ? [signature.trim()] : signature.split(" ");
  if (!received.some((candidate) => expected.some((wanted) => sameText(candidate, wanted)))) {
    throw new WebhookVerificationError("bad-signature", "no signature matches the secret");
  }
  try {
    return JSON.parse(body) as WebhookEvent;
  } catch {
    throw new WebhookVerificationError("invalid-body", "the body is not JSON");
  }
}

function header(headers: VerifyWebhookOptions["headers"], name: string): string {
  const value = headers instanceof Headers ? headers.get(name) : Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) throw new WebhookVerificationError("missing-header", `the ${name} header is missing`);
  return text;
}

/** Rejects replays of old deliveries and timestamps from the future (Standard Webhooks: both directions). */
function checkTimestamp(seconds: number, now: Date, toleranceSeconds: number): void {
  if (!Number.isInteger(seconds)) throw new WebhookVerificationError("missing-header", "webhook-timestamp is not Unix seconds");
  const drift = seconds - Math.floor(now.getTime() / 1000);
  if (drift < -toleranceSeconds) throw new WebhookVerificationError("stale", "webhook-timestamp is too old");
  if (drift > toleranceSeconds) throw new WebhookVerificationError("future", "webhook-timestamp is in the future");
}

/** Constant-time comparison (lengths are public: every signature of a scheme has the same length). */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
