/**
 * Parity between a Prism mock and a real server: one probe set built from the spec alone (each operation's example
 * request, plus boundary values: integer query parameters at their minimum, maximum and one past it, a string body
 * field at its maxLength and one past it, a required field left out), sent to both, and each pair of answers judged.
 * Both answers must have the same status class (2xx/4xx/5xx) and keep the spec. Where they differ, the difference
 * is either inherent to what a mock is (one of `inherentReasons`, each with its written reason) or real drift.
 */
import { checkResponse } from "../../client/check-response.js";
import { dereference, followRefs, listOperations, pointerSegment, resolvePointer, type OpenApiDocument, type OperationRef } from "../../client/spec-document.js";
import { SpecValidator } from "../../client/spec-validator.js";
import { exampleRequest } from "../support/example-requests.js";
import type { SpecVersion } from "../support/spec.js";

export interface Probe {
  /** e.g. `createLicense: body.notes at maxLength 4096`. */
  name: string;
  op: OperationRef;
  /** Whether the spec accepts the request: a server must answer 2xx (or a state refusal), or 4xx. */
  expect: "valid" | "invalid";
  /** Path and query, relative to a target's base URL. */
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Answer {
  status: number;
  body: string;
  /** What breaks the spec in the answer (undocumented status, schema, headers, content type). */
  problems: string[];
}

export const inherentReasons = {
  state:
    "The mock is stateless and answers every example from the spec, while the server only knows what exists in its " +
    "account: the examples' ids, keys, product codes and device ids name nothing there, so it answers 404 or the " +
    "documented 4xx for an unknown reference (or 409 when an earlier probe already took an example's unique value).",
  signatures:
    "The examples carry signatures made with the examples' own keys (offline request files, JWS offline requests, " +
    "HMAC over example shared keys); the mock checks only the shape of credentials, the server verifies them with " +
    "its own keys and refuses with the documented 4xx.",
  "prism-validation":
    "Prism validates requests itself and answers what it rejects with the operation's first documented 4xx example " +
    "(or 422 and its own problem+json where none fits), whatever the error the server names; and it does not " +
    "apply every JSON Schema keyword (e.g. contentSchema of encoded bodies, unevaluatedProperties), so it may accept " +
    "a request the spec and the server refuse.",
} as const;

export type InherentClass = keyof typeof inherentReasons;

export type Verdict =
  | { kind: "agree" }
  | { kind: "inherent"; class: InherentClass; detail: string }
  | { kind: "drift"; detail: string };

/** Error codes that mean "the request names something this target does not have". */
const unknownReferenceCodes = new Set([
  // v3
  "INVALID_LICENSE_KEY", "INVALID_LICENSE_ID", "INVALID_PRODUCT_ID", "INVALID_ACTIVATION_ID", "INVALID_USER_ID", "INVALID_CUSTOMER_ID",
  "INVALID_RELEASE_ID", "INVALID_BUNDLE_LICENSE_ID", "ACTIVATION_NOT_FOUND",
  // v4
  "license_not_found", "unknown_product", "device_not_found", "user_not_found", "customer_account_not_found", "invalid_credentials",
  "bundle_not_found", "feature_not_found", "installation_file_not_found", "version_not_found", "license_user_not_found",
  // OAuth (createOAuthToken answers in RFC 6749's format)
  "invalid_client",
]);

/** Error codes that mean "a signature made with the examples' keys does not verify here". */
const signatureCodes = new Set(["INVALID_OFFLINE_REQUEST", "OFFLINE_REQUEST_PRODUCT_MISMATCH", "signature_mismatch", "invalid_api_key", "offline_signature_mismatch", "authorization_missing_params"]);

const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

/** Every probe of the spec: one example per operation, and the boundary probes its schemas allow. */
export function parityProbes(version: SpecVersion, document: OpenApiDocument): Probe[] {
  const validator = new SpecValidator(document);
  return listOperations(document).flatMap((op) => {
    const { url, init } = exampleRequest(version, document, "", withOptionalExamples(document, op));
    const headers = Object.fromEntries(Object.entries(init.headers).map(([name, value]) => [name.toLowerCase(), value]));
    const example: Probe = { name: `${op.operation.operationId}: example`, op, expect: "valid", path: url, method: op.method.toUpperCase(), headers, body: init.body as string | undefined };
    return [example, ...queryBoundaries(document, op, example), ...bodyBoundaries(document, validator, op, example)];
  });
}

/**
 * The operation with its optional query parameters that carry an explicit example marked required, so the example
 * request sends them (exampleRequest sends required ones only; v4's `license_key` is optional but needed).
 */
function withOptionalExamples(document: OpenApiDocument, op: OperationRef): OperationRef {
  const parameters = ((op.operation.parameters ?? []) as unknown[]).map((p) => dereference(document, p) as Record<string, any>);
  const named = (p: Record<string, any>) => p.in === "query" && (p.example !== undefined || p.examples !== undefined);
  return { ...op, operation: { ...op.operation, parameters: parameters.map((p) => (named(p) ? { ...p, required: true } : p)) } };
}

/** Integer query parameters with both bounds (`limit`): at the minimum, at the maximum, one past the maximum. */
function queryBoundaries(document: OpenApiDocument, op: OperationRef, example: Probe): Probe[] {
  const parameters = ((op.operation.parameters ?? []) as unknown[]).map((p) => dereference(document, p) as Record<string, any>);
  return parameters
    .filter((p) => p.in === "query" && p.schema?.type === "integer" && Number.isFinite(p.schema.minimum) && Number.isFinite(p.schema.maximum) && p.schema.maximum <= 1e6)
    .flatMap((p) =>
      ([[p.schema.minimum, "valid"], [p.schema.maximum, "valid"], [p.schema.maximum + 1, "invalid"]] as const).map(([value, expect]) => {
        const [path, search = ""] = example.path.split("?");
        const query = new URLSearchParams(search);
        query.set(p.name, String(value));
        return { ...example, name: `${op.operation.operationId}: ${p.name}=${value}`, expect, path: `${path}?${query}` };
      }),
    );
}

/** For a JSON object body: the first string field of the example at its maxLength and one past it, and the first required field left out. */
function bodyBoundaries(document: OpenApiDocument, validator: SpecValidator, op: OperationRef, example: Probe): Probe[] {
  if (!example.body || !example.headers["content-type"]?.includes("json")) return [];
  const value: unknown = JSON.parse(example.body);
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  const body = value as Record<string, unknown>;
  const schemaPointer = `${followRefs(document, `${op.pointer}/requestBody`)}/content/${pointerSegment(example.headers["content-type"])}/schema`;
  const schema = dereference(document, resolvePointer(document, schemaPointer)) as { properties?: Record<string, any>; required?: string[] } | undefined;
  if (!schema) return [];
  const validate = validator.validatorAt(schemaPointer);
  const probe = (name: string, changed: Record<string, unknown>, expect: Probe["expect"]): Probe[] =>
    // Only probes whose validity is what the name says: a field that cannot be made longer is skipped.
    validate(changed) === (expect === "valid") ? [{ ...example, name: `${op.operation.operationId}: ${name}`, expect, body: JSON.stringify(changed) }] : [];

  const stringField = Object.keys(body).find((key) => {
    const field = dereference(document, schema.properties?.[key]) as Record<string, any> | undefined;
    return field && [field.type].flat().includes("string") && Number.isInteger(field.maxLength) && field.maxLength <= 100_000 && !field.enum && !field.format
      && validate({ ...body, [key]: "x".repeat(field.maxLength) });
  });
  const maxLength = stringField ? (dereference(document, schema.properties![stringField]) as { maxLength: number }).maxLength : 0;
  const required = (schema.required ?? []).find((key) => key in body);
  const { [required ?? ""]: _left, ...without } = body;
  return [
    ...(stringField ? probe(`body.${stringField} at maxLength ${maxLength}`, { ...body, [stringField]: "x".repeat(maxLength) }, "valid") : []),
    ...(stringField ? probe(`body.${stringField} at maxLength + 1`, { ...body, [stringField]: "x".repeat(maxLength + 1) }, "invalid") : []),
    ...(required ? probe(`body without required ${required}`, without, "invalid") : []),
  ];
}

/** Sends a probe to a target with its credentials (fresh per request where the operation is secured) and checks the answer. */
export async function sendProbe(baseUrl: string, probe: Probe, credentials: () => Record<string, string>, validator: SpecValidator): Promise<Answer> {
  const secured = "authorization" in probe.headers;
  const fresh = secured ? Object.fromEntries(Object.entries(credentials()).map(([name, value]) => [name.toLowerCase(), value])) : {};
  const response = await fetch(`${baseUrl}${probe.path}`, { method: probe.method, headers: { ...probe.headers, ...fresh }, body: probe.body, signal: AbortSignal.timeout(15_000) });
  const body = await response.text();
  return { status: response.status, body, problems: checkResponse(validator, { method: probe.method, pathTemplate: probe.op.path, status: response.status, headers: response.headers, body }) };
}

/** Judges one pair of answers: agreement, an inherent difference (with its class), or drift. */
export function judge(probe: Probe, mock: Answer, server: Answer): Verdict {
  const code = errorCode(server.body);
  if (server.problems.length) return { kind: "drift", detail: `the server's ${server.status} breaks the spec: ${server.problems.join("; ")}` };
  if (server.status >= 500) return { kind: "drift", detail: `the server failed with ${server.status}` };
  if (probe.expect === "invalid" && server.status < 400) return { kind: "drift", detail: `the server accepted a request the spec refuses (${server.status})` };
  // Prism's own answers to what it judges invalid are not the spec's, whatever the server does.
  if (mock.status === 422) return { kind: "inherent", class: "prism-validation", detail: `Prism 422 (server ${server.status}${code ? ` ${code}` : ""})` };
  if (mock.problems.length) return { kind: "drift", detail: `the mock's ${mock.status} breaks the spec (an example does not match its schema?): ${mock.problems.join("; ")}` };
  if (statusClass(mock.status) === statusClass(server.status)) return { kind: "agree" };
  if (probe.expect === "invalid") return { kind: "inherent", class: "prism-validation", detail: `Prism accepted it (${mock.status}), the server refused it (${server.status} ${code ?? ""})` };
  // 404: the example's id names nothing here; 409: an earlier probe already took the example's unique value.
  if (server.status === 404 || server.status === 409 || unknownReferenceCodes.has(code ?? "")) return { kind: "inherent", class: "state", detail: `server ${server.status} ${code ?? ""}`.trim() };
  if (signatureCodes.has(code ?? "")) return { kind: "inherent", class: "signatures", detail: `server ${server.status} ${code}` };
  return { kind: "drift", detail: `mock ${mock.status}, server ${server.status}${code ? ` ${code}` : ""}: ${server.body.slice(0, 300)}` };
}

function errorCode(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; error?: unknown };
    const code = parsed?.code ?? parsed?.error;
    return typeof code === "string" ? code : undefined;
  } catch {
    return undefined;
  }
}
