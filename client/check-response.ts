import { dereference, followRefs, pointerSegment, resolvePointer, type OpenApiDocument } from "./spec-document.js";
import { SpecValidator } from "./spec-validator.js";

export interface ObservedResponse {
  method: string;
  /** The spec's path template, e.g. `/v3/activations/{id}`. */
  pathTemplate: string;
  status: number;
  headers: Headers;
  /** The raw body text (empty for 204). */
  body: string;
}

type ResponseObject = {
  headers?: Record<string, { required?: boolean; $ref?: string }>;
  content?: Record<string, unknown>;
  $ref?: string;
};

/**
 * Checks one response against the spec: a documented status, the documented content type, a body that
 * validates against its schema, and every required documented header present. Returns the problems.
 */
export function checkResponse(validator: SpecValidator, observed: ObservedResponse): string[] {
  const method = observed.method.toLowerCase();
  const operationPointer = `/paths/${pointerSegment(observed.pathTemplate)}/${method}`;
  const operation = resolvePointer(validator.document, operationPointer) as { responses?: Record<string, unknown> } | undefined;
  if (!operation?.responses) return [`${observed.method} ${observed.pathTemplate} is not in the spec`];
  const statusKey = documentedStatus(operation.responses, observed.status);
  if (!statusKey) return [`status ${observed.status} is not documented for ${observed.method} ${observed.pathTemplate}`];
  const responsePointer = followRefs(validator.document, `${operationPointer}/responses/${statusKey}`);
  const response = resolvePointer(validator.document, responsePointer) as ResponseObject;
  return [
    ...checkHeaders(validator.document, response, observed.headers),
    ...checkBody(validator, responsePointer, response, observed),
  ];
}

function documentedStatus(responses: Record<string, unknown>, status: number): string | undefined {
  const exact = String(status);
  const range = `${exact[0]}XX`;
  return [exact, range, "default"].find((key) => key in responses);
}

function checkHeaders(document: OpenApiDocument, response: ResponseObject, headers: Headers): string[] {
  return Object.entries(response.headers ?? {})
    .filter(([, header]) => dereference(document, header).required)
    .filter(([name]) => !headers.has(name))
    .map(([name]) => `required header ${name} is missing`);
}

function checkBody(
  validator: SpecValidator,
  responsePointer: string,
  response: ResponseObject,
  observed: ObservedResponse,
): string[] {
  const content = response.content ?? {};
  const mediaTypes = Object.keys(content);
  if (mediaTypes.length === 0) return observed.body.length > 0 ? ["a body was sent where the spec documents none"] : [];
  const contentType = (observed.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const mediaType = mediaTypes.find((m) => m.toLowerCase() === contentType);
  if (!mediaType) return [`content type "${contentType}" is not one of ${mediaTypes.join(", ")}`];
  const schemaPointer = `${responsePointer}/content/${pointerSegment(mediaType)}/schema`;
  if (resolvePointer(validator.document, schemaPointer) === undefined) return [];
  const validate = validator.validatorAt(schemaPointer);
  const value = parseBody(mediaType, observed.body);
  if (value instanceof Error) return [value.message];
  return validate(value) ? [] : SpecValidator.describe(validate).map((line) => `body ${line}`);
}

function parseBody(mediaType: string, body: string): unknown {
  if (!/json/i.test(mediaType)) return body;
  try {
    return JSON.parse(body);
  } catch {
    return new Error(`body is not valid JSON: ${body.slice(0, 80)}`);
  }
}
