/**
 * Mass assignment (OWASP API3): every v3 POST/PATCH with a JSON body, enumerated from openapi/v3.yaml, is sent the
 * fields its record has but its body does not (`id`, `createdAt`, `totalActivations`, `licenseId`, `offline`, …):
 * the record's properties minus the body's, as the spec has no `readOnly` markers. Management bodies are closed
 * (`additionalProperties: false`), so each forged field is refused with 400 naming it and nothing is stored; the
 * public client bodies are open (Cryptlex clients send extra fields), so there the forged values must be ignored.
 */
import { decodeJwt } from "jose";
import { beforeAll, expect, it } from "vitest";
import { licenseSpringAuthHeaders } from "../../client/v4-signing.js";
import { activationRequest, describeApi } from "../support/api.js";
import { exampleJsonBody, jsonAnswerSchema, jsonBodySchema, resolveSchema, type Schema } from "../support/operation-schemas.js";
import { listOperations, loadSpec, type OperationRef } from "../support/spec.js";
import { createOneOfEach, pathTo, type ResourceIds } from "../support/v3-resources.js";
import { createV4Vendor } from "../support/v4-fixtures.js";

const document = loadSpec("v3");
const schemas = (document.components as { schemas: Record<string, Schema> }).schemas;
const resolve = (node: unknown) => resolveSchema(document, node);
const bodySchema = (op: OperationRef) => jsonBodySchema(document, op);
const answerSchema = (op: OperationRef) => jsonAnswerSchema(document, op);
const key = (op: OperationRef) => `${op.method.toUpperCase()} ${op.path}`;

/** The activation operations answer with a token; the record they write is read back instead. */
const writtenRecords: Record<string, Schema> = {
  "POST /v3/activations": schemas.Activation!, "PATCH /v3/activations/{id}": schemas.Activation!, "POST /v3/trial-activations": schemas.TrialActivation!,
};

const recordSchema = (op: OperationRef) => resolve(writtenRecords[key(op)]) ?? answerSchema(op);

/** What the operation's record has and its body may not set. */
function readOnlyFields(op: OperationRef): string[] {
  const record = recordSchema(op);
  const writable = Object.keys(bodySchema(op)?.properties ?? {});
  return Object.keys(record?.properties ?? {}).filter((field) => !writable.includes(field));
}

/** A value of the field's type that the server would never have chosen itself. */
function forgedValue(schema: Schema | undefined): unknown {
  const type = [schema?.type ?? []].flat().find((t) => t !== "null");
  if (schema?.format === "date-time") return "2001-02-03T04:05:06.000Z";
  if (schema?.format === "uuid") return "00000000-0000-4000-8000-00000000f0f0";
  if (type === "integer" || type === "number") return 424242;
  if (type === "boolean") return true;
  if (type === "array") return [];
  if (type === "object") return { forged: true };
  return "forged-by-the-client";
}
const forgedFor = (op: OperationRef, field: string) => forgedValue(resolve(recordSchema(op)?.properties?.[field]));

const writes = listOperations(document).filter((op) => (op.method === "post" || op.method === "patch") && bodySchema(op) && readOnlyFields(op).length > 0);
const closed = writes.filter((op) => bodySchema(op)!.additionalProperties === false);
const open = writes.filter((op) => bodySchema(op)!.additionalProperties !== false);

describeApi("attack: mass assignment of read-only fields", (api) => {
  const ids: ResourceIds = {};
  beforeAll(async () => Object.assign(ids, await createOneOfEach(api)));

  const send = (op: OperationRef, path: string, body: unknown, token?: string) =>
    api.server.raw(op.method.toUpperCase(), op.path, path, {
      method: op.method.toUpperCase(),
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  /**
   * What the account reads where `op` writes (the GET whose path template is the longest start of op's): the record a
   * PATCH changes, or the ids of the list a POST adds to (a token's own use changes its list entry's lastUsedAt).
   */
  async function readBack(op: OperationRef) {
    const get = listOperations(document).filter((g) => g.method === "get" && op.path.startsWith(g.path)).sort((a, b) => b.path.length - a.path.length)[0]!;
    const { body } = await api.server.raw("GET", get.path, pathTo(get.path, ids), { headers: { authorization: `Bearer ${api.admin.token}` } });
    return op.method === "post" ? (body as Array<{ id: string }>).map((item) => item.id) : body;
  }

  it.each(closed.flatMap((op) => readOnlyFields(op).map((field) => [key(op), field, op] as const)))(
    "%s refuses the read-only %s with 400 naming it, and stores nothing",
    async (_name, field, op) => {
      const body = { ...exampleJsonBody(document, op), [field]: forgedFor(op, field) };
      const before = await readBack(op);
      const result = await send(op, pathTo(op.path, ids), body, api.admin.token);
      expect(result.status).toBe(400);
      // The example body is otherwise valid (test/spec checks every example), so the forged field is the one problem.
      expect(result.body.errors).toEqual([expect.objectContaining({ field: `/${field}`, code: "additionalProperties" })]);
      expect(await readBack(op)).toEqual(before);
    },
  );

  let license: { key: string; productId: string };
  beforeAll(async () => {
    const product = await api.createProduct({ trialPolicy: { trialLength: 30 } });
    license = await api.createLicense(product.id, { allowedActivations: 100, allowedDeactivations: 100, meterAttributes: [{ name: "exports", allowedUses: 1000 }] });
  });

  /** A machine activated online: its id and the identity it proves itself with. */
  async function activatedMachine() {
    const machine = activationRequest(license, api.admin.accountId);
    const { data } = await api.server.v3().POST("/v3/activations", { body: machine });
    return { machine, id: decodeJwt(data!.activationToken).aid as string };
  }
  const recordOf = async (collection: "activations" | "trial-activations", answer: { activationToken: string }) => {
    const path = `/v3/${collection}/${decodeJwt(answer.activationToken).aid as string}`;
    return (await api.server.raw("GET", `/v3/${collection}/{id}`, path, { headers: { authorization: `Bearer ${api.admin.token}` } })).body;
  };

  /** A genuine request to each open operation, and the record it wrote (when it keeps one) to look for forged values in. */
  const genuine: Record<string, () => Promise<{ path: string; body: Record<string, unknown>; record?: (answer: any) => Promise<Record<string, unknown>> }>> = {
    "POST /v3/activations": async () => ({ path: "/v3/activations", body: activationRequest(license, api.admin.accountId), record: (answer) => recordOf("activations", answer) }),
    "PATCH /v3/activations/{id}": async () => {
      const { machine, id } = await activatedMachine();
      return { path: `/v3/activations/${id}`, body: machine, record: (answer) => recordOf("activations", answer) };
    },
    "POST /v3/activations/{id}/deactivate": async () => {
      const { machine: { productId, accountId, os, userHash, fingerprint }, id } = await activatedMachine();
      return { path: `/v3/activations/${id}/deactivate`, body: { productId, accountId, os, userHash, fingerprint } };
    },
    "POST /v3/activations/meter-attributes/{id}": async () => {
      const { id } = await activatedMachine();
      return { path: "/v3/activations/meter-attributes/exports", body: { increment: 1, activationId: id, accountId: api.admin.accountId, productId: license.productId } };
    },
    "POST /v3/trial-activations": async () => ({ path: "/v3/trial-activations", body: activationRequest(license, api.admin.accountId), record: (answer) => recordOf("trial-activations", answer) }),
  };

  it("has a genuine request for every open operation the spec lists", () => {
    expect(open.map(key).filter((name) => !genuine[name])).toEqual([]);
  });

  it.each(open.map((op) => [key(op), op] as const))("%s ignores every read-only field sent with a genuine request", async (name, op) => {
    const request = await genuine[name]!();
    const fields = readOnlyFields(op);
    const forged = Object.fromEntries(fields.map((field) => [field, forgedFor(op, field)]));
    const result = await send(op, request.path, { ...request.body, ...forged });
    expect(result.status).toBeLessThan(300);
    const written = { ...result.body, ...(request.record ? await request.record(result.body) : {}) };
    expect(fields.filter((field) => !(field in written))).toEqual([]);
    expect(fields.filter((field) => JSON.stringify(written[field]) === JSON.stringify(forged[field]))).toEqual([]);
  });

  it.each<[string, "v3" | "v4", string, () => string, string, string]>([
    ["v3 POST /v3/activations (an open body)", "v3", "/v3/activations", () => JSON.stringify(activationRequest(license, api.admin.accountId)), "400 INVALID_JSON", "201"],
    ["v3 POST /v3/customers (free-form metadata)", "v3", "/v3/customers", () => '{"email":"proto@example.com","metadata":{}}', "400 INVALID_JSON", "201"],
    ["v4 POST /api/v4/activate_license", "v4", "/api/v4/activate_license", () => '{"product":"NO-SUCH-PRODUCT","license_key":"K","hardware_id":"H"}', "400 invalid_json", "400 unknown_product"],
  ])("%s refuses __proto__ and constructor.prototype members, and Object.prototype stays clean", async (_name, version, path, genuine, refusal, served) => {
    const vendor = await createV4Vendor(api.server.core);
    const headers = { "content-type": "application/json", ...(version === "v3" ? { authorization: `Bearer ${api.admin.token}` } : licenseSpringAuthHeaders(vendor, api.clock.now())) };
    const post = async (text: string) => {
      const result = await api.server.raw("POST", path, path, { method: "POST", headers, body: text });
      return result.status < 300 ? String(result.status) : `${result.status} ${result.body.code}`;
    };
    expect(await post(`${genuine().slice(0, -1)},"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`)).toBe(refusal);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(await post(genuine())).toBe(served);
  });
});
