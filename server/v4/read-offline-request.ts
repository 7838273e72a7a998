/**
 * Reading and verifying an offline request file (`activate_offline`, `deactivate_offline` and the bundle variants):
 * Base64 text → schema v1 payload or schema v2 envelope → fields present → types → the caller's own credentials →
 * signatures. Each refusal carries the code `openapi/v4.yaml` documents for it.
 * @see openapi/v4.yaml components/schemas/OfflineRequest and the "Offline activation" section
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { signOfflineIdentity } from "../../client/v4-signing.js";
import { SpecValidator } from "../../client/spec-validator.js";
import type { components } from "../../generated/v4.js";
import { WireError } from "../http/failures.js";
import type { V4Credential } from "./context.js";
import { problemsFromAjv, RequestValidationError } from "../http/request-problems.js";
import { loadSpec } from "../http/spec.js";
import { jsonMemberText } from "./json-member-text.js";

export type OfflinePayload = components["schemas"]["OfflineRequestFields"];

/** What an offline file must be signed with: the caller's API key and shared key, or its OAuth client and secret. */
export interface OfflineSigner {
  field: "api_key" | "client_id";
  /** The API key or OAuth client id, which the payload must name. */
  value: string;
  /** The shared key or OAuth client secret, which keys every HMAC. */
  secret: string;
}

/** The caller's credential as an offline signer. */
export function offlineSignerOf(credential: V4Credential): OfflineSigner {
  return credential.kind === "hmac"
    ? { field: "api_key", value: credential.apiKey, secret: credential.sharedKey }
    : { field: "client_id", value: credential.clientId, secret: credential.clientSecret };
}

/** The request file of a `text/plain` body or of the multipart `file` part. */
export function offlineFileOf(body: string | { file?: unknown } | undefined): string | Buffer | undefined {
  const file = typeof body === "object" && body !== null ? body.file : body;
  return typeof file === "string" || Buffer.isBuffer(file) ? file : undefined;
}

export interface OfflineRequest {
  payload: OfflinePayload;
  schemaVersion: 1 | 2;
}

type Json = Record<string, unknown>;

// Compiled once at start-up: the decoded payload has no HTTP-level validation (the body is opaque Base64 text).
const validators = (() => {
  const spec = new SpecValidator(loadSpec("v4"));
  return {
    1: spec.validatorAt("/components/schemas/OfflineRequestV1"),
    2: spec.validatorAt("/components/schemas/OfflineRequestV2/properties/request"),
  };
})();

/** Reads the Base64 `body` of an offline call made with `signer`, for a `request` of kind `expected`. */
export function readOfflineRequest(body: string | Buffer | undefined, signer: OfflineSigner, expected: "activation" | "deactivation"): OfflineRequest {
  const text = decodeBase64(body);
  const document = parseObject(text);
  const schemaVersion = isObject(document.request) ? 2 : 1;
  const payload = (schemaVersion === 2 ? document.request : document) as Json;
  if (Object.keys(payload).length === 0) throw new WireError("missing_content", "The offline request payload is empty.");
  assertFieldsPresent(payload, schemaVersion === 2 ? document : null);
  assertFieldTypes(payload, schemaVersion);
  const fields = payload as OfflinePayload;
  if (fields[signer.field] !== signer.value) throw signatureMismatch(`The request was not made with the ${signer.field} of this call.`);
  if (schemaVersion === 2) assertOuterSignature(document, text, signer);
  if (schemaVersion === 1 || fields.signature !== undefined) assertInnerSignature(fields, signer);
  if (fields.request !== undefined && fields.request !== expected) {
    throw new WireError("validation_error", `The request file is a ${fields.request} request; this call needs a ${expected} request.`);
  }
  return { payload: fields, schemaVersion };
}

function decodeBase64(body: string | Buffer | undefined): string {
  const raw = Buffer.isBuffer(body) ? body.toString("latin1") : body;
  if (raw === undefined || raw.length === 0) throw new WireError("missing_parameters", "some parameters are missing in the request: file");
  const compact = raw.replace(/\s+/g, "");
  if (compact.length === 0) throw new WireError("missing_content", "The offline request payload is empty.");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) throw missingParams("the request file is not Base64");
  return Buffer.from(compact, "base64").toString("utf8");
}

function parseObject(text: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw missingParams("the request file is not JSON");
  }
  if (!isObject(parsed)) throw missingParams("the request file is not a JSON object");
  return parsed;
}

/** The fields without which the file cannot be attributed or verified (`authorization_missing_params`). */
function assertFieldsPresent(payload: Json, envelope: Json | null) {
  const given = (name: string) => payload[name] !== undefined && payload[name] !== null && payload[name] !== "";
  const missing = [
    ...(given("license_key") || given("username") ? [] : ["license_key"]),
    ...["hardware_id", "product", "date"].filter((name) => !given(name)),
    ...(given("api_key") || given("client_id") ? [] : ["api_key"]),
    ...(envelope ? (envelope.signature ? [] : ["signature"]) : given("signature") ? [] : ["signature"]),
  ];
  if (missing.length) throw missingParams(missing.join(", "));
}

function assertFieldTypes(payload: Json, schemaVersion: 1 | 2) {
  const validate = validators[schemaVersion];
  if (!validate(payload)) throw new RequestValidationError(problemsFromAjv("body", validate.errors));
}

/** v2: HMAC over the exact text of `request` in the decoded file; Base64 or lowercase hex. */
function assertOuterSignature(envelope: Json, text: string, signer: OfflineSigner) {
  const received = typeof envelope.signature === "string" ? envelope.signature : "";
  const digest = createHmac("sha256", signer.secret).update(jsonMemberText(text, "request") ?? "").digest();
  const bytes = /^[0-9a-f]{64}$/.test(received) ? Buffer.from(received, "hex") : Buffer.from(received, "base64");
  if (!sameBytes(bytes, digest)) throw signatureMismatch("The offline request signature does not match.");
}

/** v1 (and v2 when present): HMAC over the date, key or username, hardware ID and credential. */
function assertInnerSignature(fields: OfflinePayload, signer: OfflineSigner) {
  const expected = signOfflineIdentity(fields, signer.value, signer.secret);
  if (!sameBytes(Buffer.from(fields.signature ?? ""), Buffer.from(expected))) {
    throw signatureMismatch("The offline request signature does not match.");
  }
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function missingParams(what: string) {
  return new WireError("authorization_missing_params", `some parameters are missing in authorization: ${what}`);
}

function signatureMismatch(message: string) {
  return new WireError("signature_mismatch", message);
}
