/**
 * The contract suite's request generator (test/contract/generate/): for every request schema of both specs, generated
 * valid values validate with Ajv and every labelled mutation does not (content mutations instead fail the decoding
 * the schema names); parameter mutations fail the server's way of reading parameters (coerced from text).
 */
import { unzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listOperations, resolvePointer, type OperationRef } from "../../client/spec-document.js";
import { SpecValidator } from "../../client/spec-validator.js";
import { loadSpec, versions, type SpecVersion } from "../support/spec.js";
import type { ContractRequest } from "./exchange.js";
import { Mutations, type Mutation } from "./generate/mutations.js";
import { nestingDepth, OperationRequests } from "./generate/requests.js";
import type { Schema } from "./generate/schema.js";
import { ValidValues } from "./generate/values.js";

const samples = 12;

interface SchemaRow {
  spec: SpecVersion;
  where: string;
  /** JSON pointer of the schema in the spec. */
  pointer: string;
}

function schemaRows(spec: SpecVersion): SchemaRow[] {
  const document = loadSpec(spec);
  const requests = new OperationRequests(document);
  return listOperations(document).flatMap((op) => [
    ...requests.parameters(op).filter((p) => p.in === "path" || p.in === "query").map((p) => ({ spec, where: `${op.operation.operationId} ${p.in} ${p.name}`, pointer: `${p.pointer}/schema` })),
    ...Object.entries(requests.requestBody(op)?.media ?? {}).map(([media, pointer]) => ({ spec, where: `${op.operation.operationId} ${media} body`, pointer })),
  ]);
}

const documents = Object.fromEntries(versions.map((v) => [v, loadSpec(v)])) as Record<SpecVersion, ReturnType<typeof loadSpec>>;
const validators = Object.fromEntries(versions.map((v) => [v, new SpecValidator(documents[v])])) as Record<SpecVersion, SpecValidator>;

describe.each(versions.flatMap(schemaRows).map((row) => [row.where, row] as const))("%s", (_, row) => {
  const document = documents[row.spec];
  const validator = validators[row.spec];
  const schema = resolvePointer(document, row.pointer) as Schema;
  const validate = validator.validatorAt(row.pointer);

  it("generates valid values", () => {
    fc.assert(fc.property(new ValidValues(document).of(schema), (value) => validate(value) || fail(`${JSON.stringify(value)}: ${SpecValidator.describe(validate).join("; ")}`)), { numRuns: samples, seed: 1 });
  });

  it("breaks the schema with every mutation", () => {
    const accepted = new Mutations(document).of(schema).flatMap((m) => fc.sample(m.value, { numRuns: samples, seed: 2 }).filter((value) => stillValid(validator, validate, m, value)).slice(0, 1).map((value) => `${m.label}: ${JSON.stringify(value).slice(0, 200)}`));
    expect(accepted).toEqual([]);
  });
});

/** A schema mutation must fail the schema; a content mutation must fail what its node says the text holds. */
function stillValid(validator: SpecValidator, validate: (value: unknown) => boolean, m: Mutation, value: unknown): boolean {
  if (!m.content) return validate(value);
  const { node, path } = m.content;
  const text = path.reduce<any>((inner, key) => inner[key], value) as string;
  const content = node.contentSchema?.$ref ? validator.validatorAt(node.contentSchema.$ref.slice(1)) : node.contentSchema && validator.compile(node.contentSchema);
  const contentValid = (decoded: unknown) => decoded !== undefined && (!content || content(decoded));
  if (node.contentMediaType === "application/jwt") {
    const [header, payload, signature, ...rest] = text.split(".");
    return rest.length === 0 && !!signature && decodeJson(Buffer.from(header ?? "", "base64url").toString()) !== undefined && contentValid(decodeJson(Buffer.from(payload ?? "", "base64url").toString()));
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return false;
  return contentValid(decodeJson(Buffer.from(text, "base64").toString()));
}

function decodeJson(text: string): unknown {
  try {
    return JSON.parse(text) ?? undefined;
  } catch {
    return undefined;
  }
}

function fail(message: string): never {
  throw new Error(message);
}

describe.each(versions)("%s requests", (spec) => {
  const document = documents[spec];
  const requests = new OperationRequests(document);
  const coercing = new SpecValidator(document, { coerceTypes: true });
  const operations = listOperations(document);

  it.each(operations.map((op) => [op.operation.operationId as string, op] as const))("%s: parameter mutations fail the parameters as the server reads them", (_, op) => {
    const path = Object.fromEntries(requests.parameters(op).filter((p) => p.in === "path").map((p) => [p.name, "fixture-id"]));
    const validate = coercing.compile(parameterGroups(requests, coercing, op));
    const accepted = requests.invalid(op, path, []).filter((m) => m.family === "parameter").flatMap((m) =>
      fc.sample(m.request, { numRuns: 4, seed: 3 }).filter((request) => validate({ path: { ...request.path }, query: { ...request.query } })).slice(0, 1).map((request) => `${m.label}: ${JSON.stringify(request.query)} ${JSON.stringify(request.path)}`),
    );
    expect(accepted).toEqual([]);
  });
});

/** The schema of an operation's path and query parameters together, as the server validates them (coerced). */
function parameterGroups(requests: OperationRequests, validator: SpecValidator, op: OperationRef): Schema {
  const group = (location: "path" | "query") => {
    const parameters = requests.parameters(op).filter((p) => p.in === location);
    return { type: "object", properties: Object.fromEntries(parameters.map((p) => [p.name, validator.ref(`${p.pointer}/schema`)])), required: parameters.filter((p) => p.required).map((p) => p.name) };
  };
  return { type: "object", properties: { path: group("path"), query: group("query") } };
}

describe("malformed bodies", () => {
  const document = documents.v3;
  const requests = new OperationRequests(document);
  const op = listOperations(document).find((o) => o.operation.operationId === "createProduct")!;
  const raw = Object.fromEntries(requests.invalid(op, {}, []).filter((m) => m.family === "raw body").map((m) => [m.label, fc.sample(m.request, { numRuns: 5, seed: 4 })]));

  it.each<[string, (request: ContractRequest) => boolean]>([
    ["body: not JSON (cut short)", ({ rawBody }) => decodeJson(rawBody!) === undefined],
    ["body: not JSON", ({ rawBody }) => decodeJson(rawBody!) === undefined],
    [`body: an array nested ${nestingDepth} levels deep`, ({ rawBody }) => rawBody!.startsWith("[".repeat(nestingDepth)) && JSON.parse(rawBody!) !== undefined],
    [`body: an unknown field nested ${nestingDepth} levels deep`, ({ rawBody }) => rawBody!.includes('{"a":'.repeat(nestingDepth)) && JSON.parse(rawBody!).unexpectedField !== undefined],
    ["application/json body: over 1 MiB", ({ rawBody }) => Buffer.byteLength(rawBody!) > 1024 * 1024],
    ["application/json body: says it is compressed and is not", ({ body, headers }) => ["gzip", "deflate"].includes(headers!["content-encoding"]!) && throws(() => unzipSync(Buffer.from(JSON.stringify(body))))],
  ])("%s", (label, holds) => {
    expect(raw[label], `no mutation labelled ${label}`).toBeDefined();
    for (const request of raw[label]!) expect(holds(request), JSON.stringify(request).slice(0, 200)).toBe(true);
  });
});

function throws(action: () => unknown): boolean {
  try {
    action();
    return false;
  } catch {
    return true;
  }
}

describe("small schemas", () => {
  const Code = { type: "string", pattern: "^[A-Z]+$", maxLength: 4 };
  it.each<[string, Schema, string[]]>([
    ["string lengths and pattern", { type: "string", minLength: 2, maxLength: 4, pattern: "^[a-z]+$" }, ["(root): wrong type", "(root): shorter than minLength 2", "(root): longer than maxLength 4", "(root): does not match ^[a-z]+$"]],
    ["formats", { type: "string", format: "uuid" }, ["(root): wrong type", "(root): not a valid uuid"]],
    ["enum", { type: "string", enum: ["a", "b"] }, ["(root): wrong type", '(root): not one of ["a","b"]']],
    ["integer bounds", { type: "integer", minimum: 1, maximum: 10 }, ["(root): wrong type", "(root): below minimum 1", "(root): above maximum 10", "(root): not an integer"]],
    ["nullable", { type: ["integer", "null"], format: "int32" }, ["(root): wrong type", "(root): beyond int32", "(root): not an integer"]],
    ["arrays", { type: "array", maxItems: 2, uniqueItems: true, items: { $ref: "#/components/schemas/Code" } }, ["(root): wrong type", "(root): more than maxItems 2", "(root): duplicate items", "/0: wrong type", "/0: longer than maxLength 4", "/0: does not match ^[A-Z]+$"]],
    ["objects", { type: "object", additionalProperties: false, required: ["code"], properties: { code: { $ref: "#/components/schemas/Code" } } }, ["(root): wrong type", "/code: required, missing", "(root): unknown field", "/code: wrong type", "/code: longer than maxLength 4", "/code: does not match ^[A-Z]+$"]],
    ["alternatives", { type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, anyOf: [{ required: ["a"] }, { required: ["b"] }] }, ["(root): wrong type", "(root): none of {a} | {b}"]],
  ])("%s", (_, schema, labels) => {
    const document = { openapi: "3.1.0", components: { schemas: { Code, Row: schema } } };
    const validate = new SpecValidator(document).validatorAt("/components/schemas/Row");
    const mutations = new Mutations(document).of(schema);
    expect(mutations.map((m) => m.label)).toEqual(labels);
    for (const m of mutations) for (const value of fc.sample(m.value, { numRuns: 5, seed: 5 })) expect(validate(value), `${m.label}: ${JSON.stringify(value)}`).toBe(false);
  });
});
