import { dereference, resolvePointer, type OpenApiDocument, type OperationRef } from "../../client/spec-document.js";
import { licenseSpringAuthHeaders } from "../../client/v4-signing.js";
import type { SpecVersion } from "./spec.js";

export interface ExampleRequest {
  url: string;
  init: RequestInit & { headers: Record<string, string> };
}

const testCredentials = { apiKey: "11abafc3-10b2-474a-b818-aaaf97c7512e", sharedKey: "mock-shared-key" };

/**
 * A valid request for an operation, built only from the spec: parameter and body examples, and
 * credentials of the right shape where the operation is secured (mocks check presence, not value).
 */
export function exampleRequest(version: SpecVersion, document: OpenApiDocument, baseUrl: string, op: OperationRef): ExampleRequest {
  const headers: Record<string, string> = { accept: "*/*" };
  const query = new URLSearchParams();
  let path = op.path;
  for (const parameter of parametersOf(document, op)) {
    const value = String(parameterExample(parameter));
    if (parameter.in === "path") path = path.replace(`{${parameter.name}}`, encodeURIComponent(value));
    if (parameter.in === "query" && parameter.required) query.set(parameter.name, value);
    if (parameter.in === "header" && parameter.required) headers[parameter.name] = value;
  }
  if (isSecured(document, op)) Object.assign(headers, credentialsFor(version));
  const init: ExampleRequest["init"] = { method: op.method.toUpperCase(), headers };
  const body = requestBodyExample(document, op);
  if (body) {
    headers["content-type"] = body.mediaType;
    init.body = encodeBody(body.mediaType, body.value);
  }
  const search = query.toString();
  return { url: `${baseUrl}${path}${search ? `?${search}` : ""}`, init };
}

function encodeBody(mediaType: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (mediaType === "application/x-www-form-urlencoded") return new URLSearchParams(value as Record<string, string>).toString();
  return JSON.stringify(value);
}

function credentialsFor(version: SpecVersion): Record<string, string> {
  return version === "v3" ? { authorization: "Bearer mock-token" } : licenseSpringAuthHeaders(testCredentials);
}

function parametersOf(document: OpenApiDocument, op: OperationRef): Array<Record<string, any>> {
  const pathItem = resolvePointer(document, op.pointer.slice(0, op.pointer.lastIndexOf("/"))) as Record<string, any>;
  return [...(pathItem.parameters ?? []), ...(op.operation.parameters ?? [])].map((p) => dereference(document, p));
}

function parameterExample(parameter: Record<string, any>): unknown {
  if (parameter.example !== undefined) return parameter.example;
  const named = Object.values(parameter.examples ?? {})[0] as { value?: unknown } | undefined;
  if (named?.value !== undefined) return named.value;
  const schema = parameter.schema ?? {};
  if (parameter.name?.toLowerCase() === "date") return new Date().toUTCString();
  return schema.example ?? schema.examples?.[0] ?? schema.default ?? schema.enum?.[0] ?? (schema.type === "integer" ? 1 : "example");
}

function isSecured(document: OpenApiDocument, op: OperationRef): boolean {
  const security = (op.operation.security ?? document.security ?? []) as unknown[];
  return security.length > 0;
}

function requestBodyExample(document: OpenApiDocument, op: OperationRef) {
  const body = dereference(document, op.operation.requestBody) as { content?: Record<string, any> } | undefined;
  const entries = Object.entries(body?.content ?? {}).filter(([mediaType]) => !mediaType.startsWith("multipart/"));
  const [mediaType, media] = entries[0] ?? [];
  if (!mediaType) return undefined;
  const first = media.example !== undefined ? { value: media.example } : dereference(document, Object.values(media.examples ?? {})[0]);
  return { mediaType, value: (first as { value?: unknown } | undefined)?.value };
}

/** Every named example of every non-2xx response of an operation: what `Prefer: code=…, example=…` should return. */
export function documentedErrorExamples(document: OpenApiDocument, op: OperationRef) {
  return Object.entries(op.operation.responses ?? {})
    .filter(([status]) => /^[45]\d\d$/.test(status))
    .flatMap(([status, response]) =>
      Object.values(dereference(document, response as { content?: Record<string, any> }).content ?? {}).flatMap((media) =>
        Object.entries(media.examples ?? {}).map(([name, example]) => ({
          status: Number(status),
          name,
          value: (dereference(document, example) as { value?: unknown }).value,
        })),
      ),
    );
}
