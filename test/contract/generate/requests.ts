/**
 * Requests for one operation of a spec: a valid one (fixture path values, generated query and body), and invalid
 * ones, each labelled and each refused by a check the server makes before any state change: a parameter or body
 * field breaking its schema or its content (an offline file that is not Base64, a JWS that is not one), a body that
 * is not JSON, too deep, too large or of the wrong media type, and missing or garbled credentials.
 */
import fc from "fast-check";
import { followRefs, pointerSegment, resolvePointer, type OpenApiDocument, type OperationRef } from "../../../client/spec-document.js";
import type { ContractRequest } from "../exchange.js";
import { oversizedBody } from "../suite.js";
import type { AuthMutation } from "./auth.js";
import { Mutations } from "./mutations.js";
import { allowedTypes, flatten, type Schema } from "./schema.js";
import { ValidValues } from "./values.js";

export type Family = "parameter" | "body" | "raw body" | "auth";

export interface InvalidRequest {
  family: Family;
  label: string;
  request: fc.Arbitrary<ContractRequest>;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: Schema;
  /** JSON pointer of the parameter object. */
  pointer: string;
}

export interface RequestBody {
  required: boolean;
  /** Media type → JSON pointer of its schema. */
  media: Record<string, string>;
}

/** Deeper than any sane body: parsers and validators that recurse overflow their stack here. */
export const nestingDepth = 10_000;
const deepArray = "[".repeat(nestingDepth) + "]".repeat(nestingDepth);
const deepObject = '{"a":'.repeat(nestingDepth) + "1" + "}".repeat(nestingDepth);
const json = "application/json";
const form = "application/x-www-form-urlencoded";
const multipart = "multipart/form-data";
const boundary = "contract-boundary";

export class OperationRequests {
  private readonly values: ValidValues;
  private readonly mutations: Mutations;

  constructor(readonly document: OpenApiDocument) {
    this.values = new ValidValues(document);
    this.mutations = new Mutations(document);
  }

  /** Path-item and operation parameters, the operation's winning on a name clash. */
  parameters(op: OperationRef): Parameter[] {
    const itemPointer = op.pointer.slice(0, op.pointer.lastIndexOf("/"));
    const byKey = new Map<string, Parameter>();
    for (const listPointer of [`${itemPointer}/parameters`, `${op.pointer}/parameters`]) {
      ((resolvePointer(this.document, listPointer) ?? []) as unknown[]).forEach((_, i) => {
        const pointer = followRefs(this.document, `${listPointer}/${i}`);
        const parameter = { ...(resolvePointer(this.document, pointer) as Omit<Parameter, "pointer">), pointer };
        byKey.set(`${parameter.in}:${parameter.name}`, parameter);
      });
    }
    return [...byKey.values()];
  }

  requestBody(op: OperationRef): RequestBody | undefined {
    if (!op.operation.requestBody) return undefined;
    const pointer = followRefs(this.document, `${op.pointer}/requestBody`);
    const body = resolvePointer(this.document, pointer) as { required?: boolean; content?: Record<string, unknown> };
    const media = Object.fromEntries(Object.keys(body.content ?? {}).map((m) => [m, `${pointer}/content/${pointerSegment(m)}/schema`]));
    return { required: body.required === true, media };
  }

  /** A valid request: `path` values as given (fixture ids), query parameters and body generated. */
  valid(op: OperationRef, path: Record<string, string>): fc.Arbitrary<ContractRequest> {
    const query = this.parameters(op).filter((p) => p.in === "query");
    const queryArb = fc.record(Object.fromEntries(query.map((p) => [p.name, this.values.of(p.schema).map(wire)])), { requiredKeys: query.filter((p) => p.required).map((p) => p.name) });
    const body = this.requestBody(op);
    const mediaType = body && [json, form, "text/plain"].find((m) => m in body.media);
    const bodyArb = mediaType ? this.values.of(this.schemaAt(body.media[mediaType]!)).map((value) => encodeBody(mediaType, value)) : fc.constant({});
    return fc.tuple(queryArb, bodyArb).map(([q, b]) => ({ path, query: q as Record<string, string>, ...b }));
  }

  /** Every labelled invalid request of the operation; `auth` mutations for secured operations (none for public ones). */
  invalid(op: OperationRef, path: Record<string, string>, auth: AuthMutation[]): InvalidRequest[] {
    const valid = this.valid(op, path);
    return [...this.parameterMutations(op, valid), ...this.bodyMutations(op, valid), ...authRequests(valid, auth)];
  }

  private parameterMutations(op: OperationRef, valid: fc.Arbitrary<ContractRequest>): InvalidRequest[] {
    const result: InvalidRequest[] = [];
    for (const p of this.parameters(op).filter((p) => p.in === "path" || p.in === "query")) {
      const where = `${p.in} ${p.name}`;
      const set = (value: fc.Arbitrary<string | undefined>) =>
        fc.tuple(valid, value).map(([request, v]) => {
          const values = { ...request[p.in as "path" | "query"] } as Record<string, string>;
          if (v === undefined) delete values[p.name];
          else values[p.name] = v;
          return { ...request, [p.in]: values };
        });
      if (p.in === "query" && p.required) result.push({ family: "parameter", label: `${where}: required, missing`, request: set(fc.constant(undefined)) });
      const types = allowedTypes(this.document, flatten(this.document, p.schema));
      // On the wire every parameter is text: only a text the server cannot coerce has the wrong type.
      if (!types.includes("string")) {
        const notCoercible = types.includes("integer") || types.includes("number") ? "not-a-number" : types.includes("boolean") ? "maybe" : undefined;
        if (notCoercible) result.push({ family: "parameter", label: `${where}: wrong type`, request: set(fc.constant(notCoercible)) });
      }
      for (const m of this.mutations.of(p.schema).filter((m) => !m.label.endsWith("wrong type"))) {
        const value = m.value.map(wire);
        // A path segment cannot be empty, `.` or `..`: the URL would name another resource.
        if (p.in === "path" && fc.sample(value, { numRuns: 3, seed: 1 }).some((v) => ["", ".", ".."].includes(v))) continue;
        result.push({ family: "parameter", label: `${where}${m.label.replace(/^\(root\)/, "")}`, request: set(value) });
      }
    }
    return result;
  }

  private bodyMutations(op: OperationRef, valid: fc.Arbitrary<ContractRequest>): InvalidRequest[] {
    const body = this.requestBody(op);
    if (!body) return [];
    const result: InvalidRequest[] = [];
    const withBody = (label: string, family: Family, encoded: fc.Arbitrary<Partial<ContractRequest>>) =>
      result.push({ family, label, request: fc.tuple(valid, encoded).map(([request, b]) => ({ ...request, body: undefined, rawBody: undefined, contentType: undefined, ...b })) });
    if (body.required) withBody("body: missing", "raw body", fc.constant({}));
    for (const [mediaType, pointer] of Object.entries(body.media)) {
      const schema = this.schemaAt(pointer);
      const node = flatten(this.document, schema);
      for (const m of this.mutations.of(schema)) {
        if (!encodable(mediaType, m.value)) continue;
        withBody(`${mediaType} body ${m.label}`, "body", m.value.map((value) => encodeBody(mediaType, value)));
      }
      const validValue = this.values.of(schema);
      if (mediaType === json) {
        withBody("body: not JSON (cut short)", "raw body", validValue.chain((value) => {
          const text = JSON.stringify(value);
          return fc.integer({ min: 0, max: text.length - 1 }).map((cut) => ({ rawBody: text.slice(0, cut) || "{" }));
        }));
        withBody("body: not JSON", "raw body", fc.constantFrom("{'key': 'value'}", "[1, 2,]", "nul", '{"a": 1}}', "{\"a\": \"\\x\"}").map((rawBody) => ({ rawBody })));
        if (!allowedTypes(this.document, node).includes("array")) withBody(`body: an array nested ${nestingDepth} levels deep`, "raw body", fc.constant({ rawBody: deepArray }));
        if (node.additionalProperties === false) {
          withBody(`body: an unknown field nested ${nestingDepth} levels deep`, "raw body", (validValue as fc.Arbitrary<Record<string, unknown>>).map((value) => ({ rawBody: JSON.stringify({ ...value, unexpectedField: 0 }).replace(/0}$/, `${deepObject}}`) })));
        }
        withBody("body: JSON sent as application/xml", "raw body", validValue.map((value) => ({ rawBody: JSON.stringify(value), contentType: "application/xml" })));
      }
      // Over the limit and, were there none, over every maxLength or with an unknown field.
      withBody(`${mediaType} body: over 1 MiB`, "raw body", fc.constant(oversized(mediaType)));
      if (mediaType !== multipart) {
        // The body parser decompresses what the header names; plain text is neither gzip nor zlib data.
        withBody(`${mediaType} body: says it is compressed and is not`, "raw body", fc.tuple(validValue, fc.constantFrom("gzip", "deflate")).map(([value, encoding]) => ({ ...encodeBody(mediaType, value), headers: { "content-encoding": encoding } })));
      }
      if (mediaType === multipart) {
        withBody("body: multipart without a boundary", "raw body", fc.constant({ rawBody: "file=abc", contentType: multipart }));
        withBody("body: multipart with another part than file", "raw body", fc.constant({ rawBody: multipartText("other", "abc"), contentType: `${multipart}; boundary=${boundary}` }));
      }
    }
    return result;
  }

  private schemaAt(pointer: string): Schema {
    return resolvePointer(this.document, pointer) as Schema;
  }
}

function authRequests(valid: fc.Arbitrary<ContractRequest>, auth: AuthMutation[]): InvalidRequest[] {
  return auth.map((m) => ({ family: "auth", label: `auth: ${m.label}`, request: fc.tuple(valid, m.headers).map(([request, headers]) => ({ ...request, auth: headers })) }));
}

/** A parameter value as it travels in a URL. */
function wire(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** How a body value is sent for a media type (only called with values `encodable` accepts). */
function encodeBody(mediaType: string, value: unknown): Partial<ContractRequest> {
  if (mediaType === json) return { body: value };
  if (mediaType === form) return { rawBody: new URLSearchParams(value as Record<string, string>).toString(), contentType: form };
  if (mediaType === multipart) return { rawBody: multipartText("file", (value as Record<string, string>).file!), contentType: `${multipart}; boundary=${boundary}` };
  return { rawBody: value as string, contentType: mediaType };
}

/** A body over the documented 1 MiB limit, in the media type. */
function oversized(mediaType: string): Partial<ContractRequest> {
  const text = "x".repeat(1024 * 1024 + 16);
  if (mediaType === json) return { rawBody: oversizedBody };
  if (mediaType === form) return { rawBody: `unexpectedField=${text}`, contentType: form };
  if (mediaType === multipart) return { rawBody: multipartText("file", text), contentType: `${multipart}; boundary=${boundary}` };
  return { rawBody: text, contentType: mediaType };
}

/**
 * Whether a mutation's values can be sent in the media type at all: a form or multipart body carries only text
 * fields, a text body only text. Judged on a few samples: a mutation's values all have one shape.
 */
function encodable(mediaType: string, value: fc.Arbitrary<unknown>): boolean {
  if (mediaType === json) return true;
  const samples = fc.sample(value, { numRuns: 3, seed: 1 });
  if (mediaType === form) return samples.every((v) => isTextRecord(v));
  if (mediaType === multipart) return samples.every((v) => isTextRecord(v) && Object.keys(v).join() === "file");
  return samples.every((v) => typeof v === "string");
}

function isTextRecord(value: unknown): value is Record<string, string> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string");
}

function multipartText(name: string, content: string): string {
  return [`--${boundary}`, `Content-Disposition: form-data; name="${name}"; filename="request.txt"`, "Content-Type: text/plain", "", content, `--${boundary}--`, ""].join("\r\n");
}
