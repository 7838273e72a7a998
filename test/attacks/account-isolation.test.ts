/**
 * Broken object level authorization (OWASP API1): every v3 operation whose path takes an id, enumerated from
 * openapi/v3.yaml (a new route is covered without editing this file, or fails for want of a fixture), is sent by
 * another account at account A's resources. Protected operations carry the intruder's token with every scope (403 or
 * 404); public ones, which the caller's machine identity authenticates, carry the intruder's own account, product
 * and license key (400 or 404). Either way A's resources, read back with A's token, are exactly as before. The same
 * holds for protected operations whose body names A's resources (`productId`, `licenseId`, …), and no list shows the
 * intruder any of A's ids. On v4, another company's API key finds neither A's products nor A's license keys.
 */
import { beforeAll, expect, it } from "vitest";
import { licenseSpringAuthHeaders } from "../../client/v4-signing.js";
import { ActivationEntity } from "../../server/db/index.js";
import { describeApi } from "../support/api.js";
import { exampleRequest } from "../support/example-requests.js";
import { exampleJsonBody, isPublicOperation, jsonAnswerSchema, jsonBodySchema } from "../support/operation-schemas.js";
import { listOperations, loadSpec, type OperationRef } from "../support/spec.js";
import { createOneOfEach, pathTo, type ResourceIds } from "../support/v3-resources.js";
import { createV4License, createV4Product, createV4Vendor, describeV4, device, type V4Vendor } from "../support/v4-fixtures.js";

const document = loadSpec("v3");
/** Body members that name a resource, and its collection. */
const references: Record<string, string> = {
  productId: "products", productIds: "products", licenseId: "licenses", customerId: "customers", userId: "users", webhookId: "webhooks", activationId: "activations",
};

const operations = listOperations(document);
const byId = operations.filter((op) => op.path.includes("{"));
const isPublic = (op: OperationRef) => isPublicOperation(document, op);
const exampleBody = (op: OperationRef) => exampleJsonBody(document, op);
/** Protected operations without an id in the path whose body names resources (`productId`, `licenseId`, …). */
const referencing = operations.filter((op) => !op.path.includes("{") && op.method !== "get" && !isPublic(op) && bodyMembers(op).some((m) => m in references));
const lists = operations.filter((op) => !op.path.includes("{") && op.method === "get" && responseIsArray(op));
const named = (ops: OperationRef[]) => ops.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const);

describeApi("attack: another account's token at account A's resources (BOLA)", (api) => {
  const ids: ResourceIds = {};
  let intruder: { accountId: string; token: string; productId: string; key: string };

  beforeAll(async () => {
    Object.assign(ids, await createOneOfEach(api));
    const other = await api.server.account();
    const client = api.server.v3(other.token);
    const product = (await client.POST("/v3/products", { body: { name: "intruder's" } })).data!;
    const license = (await client.POST("/v3/licenses", { body: { productId: product.id } })).data!;
    intruder = { ...other, productId: product.id, key: license.key };
  });

  /** Everything A can read about its resources: every GET by id, and the webhook's delivery log (a resend adds to it). */
  async function stateOfA(): Promise<Record<string, unknown>> {
    const reads = byId.filter((op) => op.method === "get").map((op) => [op.path, pathTo(op.path, ids)] as const);
    reads.push(["/v3/webhook-event-logs", `/v3/webhook-event-logs?webhookId=${ids.webhooks}&limit=100`]);
    const state: Record<string, unknown> = {};
    for (const [template, path] of reads) {
      const result = await api.server.raw("GET", template, path, { headers: { authorization: `Bearer ${api.admin.token}` } });
      expect(result.status, `${path} as its owner`).toBe(200);
      state[path] = result.body;
    }
    return state;
  }

  /** The spec's example request of `op`, aimed at A's resource and sent as the intruder. */
  function intrusion(op: OperationRef): { path: string; init: RequestInit } {
    const { init } = exampleRequest("v3", document, api.server.url, op);
    const headers: Record<string, string> = { ...init.headers };
    if (headers.authorization) headers.authorization = `Bearer ${intruder.token}`;
    const example = exampleBody(op);
    // A public operation's caller is its body: the intruder's own identity, nothing an unrelated check could refuse first.
    const body = example && isPublic(op)
      ? { ...requiredMembers(op, example), ...pick({ accountId: intruder.accountId, productId: intruder.productId, key: intruder.key, activationId: ids.activations! }, example) }
      : example;
    return { path: pathTo(op.path, ids), init: { ...init, headers, ...(body ? { body: JSON.stringify(body) } : {}) } };
  }

  /** Sends `init` to `path` as the intruder and expects a documented refusal that left A's resources as they were. */
  async function expectRefusedWithoutChange(op: OperationRef, path: string, init: RequestInit, statuses: number[]) {
    const before = await stateOfA();
    const result = await api.server.raw(op.method.toUpperCase(), op.path, path, init);
    expect(statuses, JSON.stringify(result.body)).toContain(result.status);
    expect(result.body.code).not.toBe("VALIDATION_FAILED");
    expect(await stateOfA()).toEqual(before);
  }

  it.each(named(byId))("%s by another account is refused and changes nothing", async (_name, op) => {
    const { path, init } = intrusion(op);
    await expectRefusedWithoutChange(op, path, init, isPublic(op) ? [400, 404] : [403, 404]);
  });

  it.each(named(referencing))("%s by another account, naming A's resources in the body, is refused and changes nothing", async (_name, op) => {
    const { init } = exampleRequest("v3", document, api.server.url, op);
    const body = exampleBody(op)!;
    for (const member of bodyMembers(op).filter((m) => m in references)) {
      const id = ids[references[member]!];
      body[member] = member.endsWith("Ids") ? [id] : id;
    }
    const headers = { ...init.headers, authorization: `Bearer ${intruder.token}` };
    await expectRefusedWithoutChange(op, op.path, { ...init, headers, body: JSON.stringify(body) }, [400, 403, 404]);
  });

  it.each(named(lists))("%s lists none of A's resources to another account, and A's own to A", async (_name, op) => {
    const list = async (token: string) => JSON.stringify((await api.server.raw("GET", op.path, op.path, { headers: { authorization: `Bearer ${token}` } })).body);
    const ofA = Object.values(ids);
    const [seenByIntruder, seenByA] = [await list(intruder.token), await list(api.admin.token)];
    expect(ofA.filter((id) => seenByIntruder.includes(id))).toEqual([]);
    expect(ofA.some((id) => seenByA.includes(id))).toBe(true);
  });
});

function responseIsArray(op: OperationRef): boolean {
  return jsonAnswerSchema(document, op)?.type === "array";
}

/** The members the operation's body may have. */
function bodyMembers(op: OperationRef): string[] {
  return Object.keys(jsonBodySchema(document, op)?.properties ?? {});
}

/** The members of the example body that the operation's schema requires. */
function requiredMembers(op: OperationRef, example: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries((jsonBodySchema(document, op)?.required ?? []).map((name) => [name, example[name]]));
}

/** The members of `values` that `body` has. */
function pick(values: Record<string, string>, body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([name]) => name in body));
}

describeV4("attack: another company's API key at company A's licenses (v4)", (v4) => {
  let intruder: V4Vendor;
  let own: { shortCode: string };
  let product: { id: string; shortCode: string };
  let license: { id: string; key: string };
  const hardwareId = device();

  beforeAll(async () => {
    product = await createV4Product(v4.core, v4.vendor.accountId);
    license = await createV4License(v4.core, v4.vendor.accountId, product.id);
    await v4.sdk.activateLicense({ license_key: license.key, product: product.shortCode, hardware_id: hardwareId });
    intruder = await createV4Vendor(v4.core);
    own = await createV4Product(v4.core, intruder.accountId);
  });

  const devicesOfA = () => v4.core.db.read((tx) => tx.findBy(ActivationEntity, { licenseId: license.id }));
  /** A call signed with `credentials`: "200", or the refusal's status and code; the answer is checked against the spec. */
  async function call(credentials: V4Vendor, method: "GET" | "POST", path: string, fields: Record<string, string>) {
    const headers = licenseSpringAuthHeaders(credentials, v4.clock.now());
    const result = method === "GET"
      ? await v4.server.raw("GET", path, `${path}?${new URLSearchParams(fields)}`, { headers })
      : await v4.server.raw("POST", path, path, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(fields) });
    return result.status === 200 ? "200" : `${result.status} ${result.body.code}`;
  }

  it("answers company A's own check", async () => {
    expect(await call(v4.vendor, "GET", "/api/v4/check_license", { product: product.shortCode, license_key: license.key, hardware_id: hardwareId })).toBe("200");
  });

  it.each<[string, "GET" | "POST", string, () => Record<string, string>, string]>([
    ["product_details of A's product", "GET", "/api/v4/product_details", () => ({ product: product.shortCode }), "400 unknown_product"],
    ["check_license with A's product and key", "GET", "/api/v4/check_license", () => ({ product: product.shortCode, license_key: license.key, hardware_id: hardwareId }), "400 unknown_product"],
    ["check_license with A's key under its own product", "GET", "/api/v4/check_license", () => ({ product: own.shortCode, license_key: license.key, hardware_id: hardwareId }), "400 license_not_found"],
    ["activate_license with A's product and key", "POST", "/api/v4/activate_license", () => ({ product: product.shortCode, license_key: license.key, hardware_id: device() }), "400 unknown_product"],
    ["activate_license with A's key under its own product", "POST", "/api/v4/activate_license", () => ({ product: own.shortCode, license_key: license.key, hardware_id: device() }), "400 license_not_found"],
    ["deactivate_license of A's device", "POST", "/api/v4/deactivate_license", () => ({ product: product.shortCode, license_key: license.key, hardware_id: hardwareId }), "400 unknown_product"],
  ])("refuses %s, and A's devices stay as they were", async (_name, method, path, fields, refusal) => {
    const before = await devicesOfA();
    expect(await call(intruder, method, path, fields())).toBe(refusal);
    expect(await devicesOfA()).toEqual(before);
  });
});
