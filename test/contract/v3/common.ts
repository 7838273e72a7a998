/**
 * What the v3 conformance files share: ids and names for cases, a check of the documented error code, and the cases
 * every operation has by its place in the spec, generated from it, so each file states only what is particular to
 * its operations.
 */
import { expect, it } from "vitest";
import { dereference } from "../../../client/spec-document.js";
import type { ContractClient, ContractRequest } from "../exchange.js";
import type { Fixtures } from "../fixtures.js";
import { oversizedBody, type ContractSuite } from "../suite.js";

/** A well-formed id that names nothing. */
export const unknownId = "00000000-0000-4000-8000-000000000000";

/** A suffix that keeps names, emails, codes and fingerprints of parallel or repeated runs apart. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** A machine fingerprint of the documented minimum length, different on every call. */
export function fingerprint(): string {
  return unique().padEnd(64, "f");
}

/** The account of the run's admin token (public client operations name it). */
export async function accountIdOf(fixtures: Fixtures): Promise<string> {
  return (await fixtures.v3("GET", "/v3/account/signing-key")).accountId;
}

/** Sends the request and expects `status` with the error `code`: the documented reason, not just any refusal. */
export async function refused(client: ContractClient, operationId: string, request: ContractRequest, status: number, code: string): Promise<void> {
  const body = await client.call(operationId, request, status);
  expect(body?.code, `${operationId} answered ${status} ${body?.code}`).toBe(code);
}

/** 400 VALIDATION_FAILED for each row: `requestOf(change)` is a request the schema refuses for the reason the row names. */
export function refusedBySchema<Change>(client: ContractClient, operationId: string, requestOf: (change: Change) => ContractRequest, rows: Array<[string, Change]>): void {
  it.each(rows)("400 VALIDATION_FAILED for %s", (_name, change) => refused(client, operationId, requestOf(change), 400, "VALIDATION_FAILED"));
}

/**
 * The cases `operationId` has by its place in the spec: 401 TOKEN_MISSING and TOKEN_INVALID, 403 FORBIDDEN with a
 * token lacking its scope (where documented); 400 VALIDATION_FAILED for each path parameter outside its schema and
 * for a `limit` over 100; 400 INVALID_JSON and 413 PAYLOAD_TOO_LARGE where it takes a body; 404 `notFound` for an
 * unknown `id` in the path (the code is the resource's); 429 and 500 as injected faults; where it takes an
 * `Idempotency-Key`, 422 IDEMPOTENCY_KEY_REUSED and 409 IDEMPOTENCY_KEY_IN_USE (see `idempotencyCases`).
 *
 * Each case changes one thing of `request()`, which must be valid against the spec, so the case fails only for the
 * reason it names; and harmless when served (a GET, an unknown id, a body refused for a domain reason), since a
 * target without fault injection serves the fault cases for real.
 */
export function sharedCases({ client, fixtures }: ContractSuite, operationId: string, request: () => ContractRequest = () => ({}), { notFound }: { notFound?: string } = {}): void {
  const { operation, path } = client.operation(operationId);
  const documented = Object.keys(operation.responses ?? {});
  const pathItem = (client.document.paths as Record<string, { parameters?: unknown[] }>)[path]!;
  const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) => dereference(client.document, p) as Parameter);
  const changed = (change: (valid: ContractRequest) => Partial<ContractRequest>) => (): ContractRequest => {
    const valid = request();
    return { ...valid, ...change(valid) };
  };
  const inPath = (name: string, value: string) => changed((valid) => ({ path: { ...valid.path, [name]: value } }));

  if (documented.includes("401")) {
    it.each<[string, string, ContractRequest["auth"]]>([
      ["TOKEN_MISSING", "without a token", "none"],
      ["TOKEN_INVALID", "with a token this server did not sign", { authorization: "Bearer not-a-token" }],
    ])("401 %s %s", (code, _name, auth) => refused(client, operationId, { ...request(), auth }, 401, code));
  }
  if (documented.includes("403")) {
    const required = scopesOf(client, operation);
    const outsider = scopesOfDocument(client).find((scope) => !required.includes(scope));
    if (!outsider) throw new Error(`${operationId} documents 403 but needs every scope: no token can lack one`);
    it(`403 FORBIDDEN with a token lacking ${required.join(", ")}`, async () =>
      refused(client, operationId, { ...request(), auth: await tokenWithOnly(fixtures, outsider) }, 403, "FORBIDDEN"));
  }
  const refusals: Array<[number, string, string, () => ContractRequest]> = [];
  for (const parameter of parameters.filter((p) => p.in === "path")) {
    refusals.push([400, "VALIDATION_FAILED", `a malformed ${parameter.name}`, inPath(parameter.name, malformedValueOf(operationId, parameter))]);
  }
  if (parameters.some((p) => p.in === "query" && p.name === "limit")) {
    refusals.push([400, "VALIDATION_FAILED", "a limit over 100", changed((valid) => ({ query: { ...valid.query, limit: 101 } }))]);
  }
  if (operation.requestBody) {
    refusals.push(
      [400, "INVALID_JSON", "a body that is not JSON", changed(() => ({ body: undefined, rawBody: "{\"name\":" }))],
      [413, "PAYLOAD_TOO_LARGE", "a body over 1 MiB", changed(() => ({ body: undefined, rawBody: oversizedBody }))],
    );
  }
  if (notFound) refusals.push([404, notFound, "an unknown id", inPath("id", unknownId)]);
  if (refusals.length) it.each(refusals)("%i %s for %s", (status, code, _name, refusedRequest) => refused(client, operationId, refusedRequest(), status, code));
  it("429 and 500 where the target injects faults", async () => {
    await client.fault(operationId, request(), 429);
    await client.fault(operationId, request(), 500);
  });
  if (parameters.some((p) => p.in === "header" && p.name === "Idempotency-Key")) idempotencyCases(client, operationId, request, documented.map(Number));
}

/**
 * An operation taking `Idempotency-Key`: the key sent again with another request (here another query string, which
 * leaves the request valid) gets 422 IDEMPOTENCY_KEY_REUSED; duplicates sent together run once, each getting the
 * first answer or 409 IDEMPOTENCY_KEY_IN_USE. A target that finishes the first before the others arrive shows no 409:
 * the pair is then recorded as unreachable, unless another case exercised it.
 */
function idempotencyCases(client: ContractClient, operationId: string, request: () => ContractRequest, documented: number[]): void {
  const keyed = (valid: ContractRequest, key: string): ContractRequest => ({ ...valid, headers: { ...valid.headers, "idempotency-key": key } });
  it("422 IDEMPOTENCY_KEY_REUSED for a key sent again with another request", async () => {
    const first = keyed(request(), `contract-${unique()}`);
    await client.call(operationId, first, documented);
    await refused(client, operationId, { ...first, query: { ...first.query, retry: "other" } }, 422, "IDEMPOTENCY_KEY_REUSED");
  });
  it("duplicates sent together run once: the first answer replayed, or 409 IDEMPOTENCY_KEY_IN_USE", async () => {
    const duplicate = keyed(request(), `contract-${unique()}`);
    const answers = await Promise.all(Array.from({ length: 8 }, () => client.send(operationId, duplicate, documented)));
    for (const answer of answers) expect(answer.violations, `${answer.status} ${answer.response.body}`).toEqual([]);
    const inUse = answers.filter((answer) => answer.status === 409 && answer.json?.code === "IDEMPOTENCY_KEY_IN_USE");
    const finished = answers.filter((answer) => !inUse.includes(answer));
    expect(new Set(finished.map((answer) => `${answer.status} ${answer.response.body}`)).size).toBe(1);
    if (inUse.length === 0) client.unreachable(operationId, 409, "every duplicate arrived after the first request with its Idempotency-Key had finished");
  });
}

/**
 * A delete operation's cases: 204 for a resource `create()` makes for the case (it returns the resource or its id),
 * then, where deleting removes the resource rather than revoking it, 404 `notFound` from `readBy`; and the shared
 * cases, sent for an unknown id.
 */
export function deleteCases(
  suite: ContractSuite,
  operationId: string,
  { create, notFound, readBy }: { create: () => Promise<string | Record<string, any>>; notFound: string; readBy?: string },
): void {
  it(readBy ? `204, and 404 ${notFound} from ${readBy} once it is gone` : "204 for one made for the case", async () => {
    const created = await create();
    const id: string = typeof created === "string" ? created : created.id;
    await suite.client.call(operationId, { path: { id } }, 204);
    if (readBy) await refused(suite.client, readBy, { path: { id } }, 404, notFound);
  });
  sharedCases(suite, operationId, () => ({ path: { id: unknownId } }), { notFound });
}

type Parameter = { in: string; name: string; schema?: { pattern?: string } };
type Operation = { operationId?: string; security?: Array<Record<string, string[]>> };

/** Values outside the path parameters' patterns: ids (`^[A-Za-z0-9._~-]+$`) and meter attribute names (no control characters). */
const malformedValues = ["not an id", "\u0001"];

function malformedValueOf(operationId: string, { name, schema }: Parameter): string {
  const value = schema?.pattern && malformedValues.find((candidate) => !new RegExp(schema.pattern!).test(candidate));
  if (!value) throw new Error(`${operationId}: no malformed value known for path parameter ${name} (${JSON.stringify(schema)})`);
  return value;
}

/** The scopes the operation requires (its own security, or the document's). */
function scopesOf(client: ContractClient, operation: Operation): string[] {
  return (operation.security ?? (client.document.security as Operation["security"]) ?? []).flatMap((requirement) => Object.values(requirement).flat());
}

/** Every scope some operation of the spec requires. */
function scopesOfDocument(client: ContractClient): string[] {
  const operations = Object.values(client.document.paths as Record<string, Record<string, Operation>>).flatMap((item) => Object.values(item).filter((op) => op.operationId));
  return [...new Set(operations.flatMap((operation) => scopesOf(client, operation)))].sort();
}

/** Per file, the personal access tokens with a single scope: made when a case first needs one, revoked after the file. */
const singleScopeTokens = new WeakMap<Fixtures, Map<string, Promise<Record<string, string>>>>();

function tokenWithOnly(fixtures: Fixtures, scope: string): Promise<Record<string, string>> {
  const tokens = singleScopeTokens.get(fixtures) ?? new Map<string, Promise<Record<string, string>>>();
  singleScopeTokens.set(fixtures, tokens);
  if (!tokens.has(scope)) {
    tokens.set(scope, (async () => {
      const token = await fixtures.v3("POST", "/v3/personal-access-tokens", { name: `contract only ${scope} ${unique()}`, scopes: [scope] });
      fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/personal-access-tokens/${token.id}`, undefined, 204));
      return { authorization: `Bearer ${token.token}` };
    })());
  }
  return tokens.get(scope)!;
}
