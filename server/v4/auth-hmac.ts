import { timingSafeEqual } from "node:crypto";
import { signRequestDate } from "../../client/v4-signing.js";
import { findApiKey, type Core } from "../core/index.js";
import { WireError } from "../http/failures.js";

/** LicenseSpring accepts a `Date` up to 15 minutes off the server clock (either way). */
export const dateWindowMs = 15 * 60 * 1000;

export interface HmacIdentity {
  accountId: string;
  apiKey: string;
  /** Keys every HMAC of the caller's offline files. */
  sharedKey: string;
  /** Read-only keys may call GET operations only. */
  readOnly: boolean;
  productIds: string[] | null;
}

type AuthorizationParams = Record<"algorithm" | "headers" | "signature" | "apikey", string>;

/**
 * Parses `algorithm="hmac-sha256",headers="date",signature="…",apikey="…"`. Parameter names are
 * case-insensitive (the node SDK sends `apikey`, the Python SDK `apiKey`) and spaces around separators are
 * allowed. Hand-written because no maintained npm package parses this LicenseSpring-specific header.
 */
export function parseAuthorization(header: string): AuthorizationParams {
  const params: Record<string, string> = {};
  const pattern = /\s*([A-Za-z]+)\s*=\s*"([^"]*)"\s*(?:,|$)/y;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < header.length && (match = pattern.exec(header))) params[match[1]!.toLowerCase()] = match[2]!;
  if (pattern.lastIndex !== header.length || Object.keys(params).length === 0) {
    throw new WireError("authorization_invalid_headers", 'The Authorization header must be a list of name="value" pairs.');
  }
  const missing = ["algorithm", "headers", "signature", "apikey"].filter((name) => !params[name]);
  if (missing.length) throw new WireError("authorization_missing_params", `The Authorization header lacks: ${missing.join(", ")}.`);
  return params as AuthorizationParams;
}

/**
 * Authenticates a License API call signed with an API key and shared key, in the documented order:
 * headers present, header well-formed, algorithm, Date within the window, key known and live, signature.
 */
export async function authenticateHmac(core: Core, headers: { date?: string; authorization?: string }): Promise<HmacIdentity> {
  if (!headers.date || !headers.authorization) throw new WireError("missing_headers", "The Date and Authorization headers are required.");
  const params = parseAuthorization(headers.authorization);
  if (params.algorithm.toLowerCase() !== "hmac-sha256") throw new WireError("hmac_required", 'The algorithm must be "hmac-sha256".');
  if (params.headers.toLowerCase() !== "date") throw new WireError("authorization_invalid_headers", 'The signed headers must be "date".');
  assertDateInWindow(headers.date, (core.wallNow ?? core.now)());
  const key = await findApiKey(core, params.apikey);
  if (!key) throw new WireError("invalid_api_key", "The API key is not valid.");
  if (key.revoked) throw new WireError("revoked_api_key", "The API key has been revoked.");
  if (!signaturesEqual(params.signature, signRequestDate(headers.date, key.sharedKey))) {
    throw new WireError("signature_mismatch", "The request signature does not match.");
  }
  return { accountId: key.accountId, apiKey: params.apikey, sharedKey: key.sharedKey, readOnly: key.readOnly, productIds: key.productIds };
}

function assertDateInWindow(date: string, now: Date) {
  const sent = Date.parse(date);
  if (Number.isNaN(sent) || Math.abs(now.getTime() - sent) > dateWindowMs) {
    throw new WireError("date_header_diff", "The Date header must be within 15 minutes of the server time.");
  }
}

function signaturesEqual(received: string, expected: string): boolean {
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
