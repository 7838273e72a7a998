import { randomUUID } from "node:crypto";
import type { EntitySchema, FindOptionsWhere, ObjectLiteral } from "typeorm";
import { expect, it, vi } from "vitest";
import { ActivationEntity, EventEntity, IdempotencyKeyEntity, LicenseEntity, ProductEntity } from "../../server/db/index.js";
import { defaultKeyTimes, keyedRequestOf } from "../../server/http/idempotency.js";
import { claimKey } from "../../server/http/idempotency-keys.js";
import type { V3Context } from "../../server/v3/context.js";
import { v3IdempotencyScope } from "../../server/v3/idempotency-scope.js";
import { activationRequest, describeApi, type ApiFixture } from "../support/api.js";

const day = 24 * 60 * 60 * 1000;

describeApi("v3 Idempotency-Key", (api) => {
  /** A POST through the spec-checking raw client, with an optional key and token. */
  async function post(pathTemplate: string, path: string, body: unknown, { key, token }: { key?: string; token?: string | null } = {}) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (key !== undefined) headers["idempotency-key"] = key;
    const bearer = token === undefined ? api.admin.token : token;
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    return api.server.raw("POST", pathTemplate, path, { headers, body: JSON.stringify(body) });
  }
  const createLicense = (body: unknown, options?: { key?: string; token?: string | null }) => post("/v3/licenses", "/v3/licenses", body, options);
  const activate = (body: unknown, key?: string) => post("/v3/activations", "/v3/activations", body, { key, token: null });

  it("replays a created license byte for byte, marked Idempotent-Replayed, without a second license or license.created event", async () => {
    const product = await api.createProduct();
    const key = randomUUID();
    const first = await createLicense({ productId: product.id, allowedActivations: 3 }, { key });
    api.clock.advance(1000);
    const retry = await createLicense({ productId: product.id, allowedActivations: 3 }, { key });

    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get("content-type")).toBe(first.headers.get("content-type"));
    expect(await count(api, LicenseEntity, { productId: product.id })).toBe(1);
    expect(await licenseEvents(api, "license.created", first.body.id)).toBe(1);
  });

  it("runs a retry without a key again: two licenses", async () => {
    const product = await api.createProduct();
    const bodies = await Promise.all([createLicense({ productId: product.id }), createLicense({ productId: product.id })]);
    expect(bodies.map((r) => r.status)).toEqual([201, 201]);
    expect(bodies[0]!.body.id).not.toBe(bodies[1]!.body.id);
    expect(await count(api, LicenseEntity, { productId: product.id })).toBe(2);
  });

  it("gives different keys separate resources", async () => {
    const product = await api.createProduct();
    const [a, b] = await Promise.all([randomUUID(), randomUUID()].map((key) => createLicense({ productId: product.id }, { key })));
    expect([a!.status, b!.status]).toEqual([201, 201]);
    expect(a!.body.id).not.toBe(b!.body.id);
    expect(await count(api, LicenseEntity, { productId: product.id })).toBe(2);
  });

  it("replays an activation (a public operation): the same token, no second activation or activation.created event", async () => {
    const product = await api.createProduct();
    const license = await api.createLicense(product.id, { allowedActivations: 5 });
    const machine = activationRequest(license, api.admin.accountId);
    const key = randomUUID();
    const first = await activate(machine, key);
    api.clock.advance(1000);
    const retry = await activate(machine, key);
    api.clock.advance(1000);
    const withoutKey = await activate(machine);

    expect(first.status).toBe(201);
    expect(retry).toMatchObject({ status: 201, body: first.body });
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    // Without the key the same machine is activated again: the operation runs and signs a new token.
    expect(withoutKey.status).toBe(201);
    expect(withoutKey.body.activationToken).not.toBe(first.body.activationToken);
    expect(await count(api, ActivationEntity, { licenseId: license.id })).toBe(1);
    expect(await activationEvents(api, license.id)).toBe(1);
  });

  it("replays a refusal the operation made, even once the refusal no longer holds; a new key runs again", async () => {
    const product = await api.createProduct();
    const license = await api.createLicense(product.id, { allowedActivations: 1 });
    const seated = await activate(activationRequest(license, api.admin.accountId));
    const second = activationRequest(license, api.admin.accountId);
    const key = randomUUID();
    const refused = await activate(second, key);
    expect(refused).toMatchObject({ status: 400, body: { code: "ACTIVATION_LIMIT_REACHED" } });

    const [activation] = (await api.client.GET("/v3/activations", { params: { query: { licenseId: license.id } } })).data!;
    expect(seated.status).toBe(201);
    await api.client.DELETE("/v3/activations/{id}", { params: { path: { id: activation!.id } } });

    const replayed = await activate(second, key);
    expect(replayed).toMatchObject({ status: 400, body: refused.body });
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    const fresh = await activate(second, randomUUID());
    expect(fresh.status).toBe(201);
    expect(fresh.headers.get("idempotent-replayed")).toBeNull();
  });

  it("refuses the same key with another body, path or operation (422 IDEMPOTENCY_KEY_REUSED) and creates nothing", async () => {
    const product = await api.createProduct();
    const key = randomUUID();
    expect((await createLicense({ productId: product.id, allowedActivations: 1 }, { key })).status).toBe(201);

    const otherBody = await createLicense({ productId: product.id, allowedActivations: 2 }, { key });
    const otherOperation = await post("/v3/products", "/v3/products", { name: "other" }, { key });
    expect(otherBody).toMatchObject({ status: 422, body: { code: "IDEMPOTENCY_KEY_REUSED" } });
    expect(otherOperation).toMatchObject({ status: 422, body: { code: "IDEMPOTENCY_KEY_REUSED" } });
    expect(await count(api, LicenseEntity, { productId: product.id })).toBe(1);
    expect(await count(api, ProductEntity, { accountId: api.admin.accountId, name: "other" })).toBe(0);
    // Property order is not a different request.
    const reordered = await createLicense({ allowedActivations: 1, productId: product.id }, { key });
    expect(reordered.status).toBe(201);
    expect(reordered.headers.get("idempotent-replayed")).toBe("true");
  });

  it.each([
    ["a license (authenticated)", "/v3/licenses"],
    ["an activation (public)", "/v3/activations"],
  ])("runs exactly one of 20 parallel duplicates creating %s; the others get 409 IDEMPOTENCY_KEY_IN_USE or the replay", async (_name, path) => {
    const product = await api.createProduct();
    const license = await api.createLicense(product.id, { allowedActivations: 50 });
    const body = path === "/v3/licenses" ? { productId: product.id } : activationRequest(license, api.admin.accountId);
    const key = randomUUID();
    const before = await count(api, LicenseEntity, { productId: product.id });

    const answers = await Promise.all(Array.from({ length: 20 }, () => post(path, path, body, { key, token: path === "/v3/licenses" ? undefined : null })));

    const ran = answers.filter((a) => a.status === 201 && a.headers.get("idempotent-replayed") === null);
    const replays = answers.filter((a) => a.headers.get("idempotent-replayed") === "true");
    const inUse = answers.filter((a) => a.status === 409);
    expect(ran).toHaveLength(1);
    expect(replays.length + inUse.length).toBe(19);
    for (const replay of replays) expect(replay).toMatchObject({ status: 201, body: ran[0]!.body });
    for (const busy of inUse) {
      expect(busy.body.code).toBe("IDEMPOTENCY_KEY_IN_USE");
      expect(Number(busy.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    if (path === "/v3/licenses") {
      expect(await count(api, LicenseEntity, { productId: product.id })).toBe(before + 1);
      expect(await licenseEvents(api, "license.created", ran[0]!.body.id)).toBe(1);
    } else {
      expect(await count(api, ActivationEntity, { licenseId: license.id })).toBe(1);
      expect(await activationEvents(api, license.id)).toBe(1);
    }
  });

  it("keeps a key 24 hours, then runs the request again (a new license), whatever its body", async () => {
    const product = await api.createProduct();
    const key = randomUUID();
    const first = await createLicense({ productId: product.id }, { key });
    api.clock.advance(day - 60_000);
    const stillKept = await createLicense({ productId: product.id }, { key });
    api.clock.advance(61_000);
    const afterExpiry = await createLicense({ productId: product.id }, { key });
    const otherBodyLater = await createLicense({ productId: product.id, allowedActivations: 7 }, { key: randomUUID() });

    expect(stillKept.headers.get("idempotent-replayed")).toBe("true");
    expect(stillKept.body.id).toBe(first.body.id);
    expect(afterExpiry.status).toBe(201);
    expect(afterExpiry.headers.get("idempotent-replayed")).toBeNull();
    expect(afterExpiry.body.id).not.toBe(first.body.id);
    expect(otherBodyLater.status).toBe(201);
    expect(await count(api, LicenseEntity, { productId: product.id })).toBe(3);
  });

  it("purges keys past their retention, a bounded batch whenever a new key is taken", async () => {
    const product = await api.createProduct();
    const key = randomUUID();
    await createLicense({ productId: product.id }, { key });
    const stored = () => count(api, IdempotencyKeyEntity, { key });
    expect(await stored()).toBe(1);
    api.clock.advance(day + 1000);
    await createLicense({ productId: product.id }, { key: randomUUID() });
    expect(await stored()).toBe(0);
  });

  it.each([
    ["empty", ""],
    ["256 characters", "k".repeat(256)],
    ["a non-ASCII character", "caf\u00e9"],
  ])("refuses a key that is %s (400 VALIDATION_FAILED) and creates nothing", async (_name, key) => {
    const product = await api.createProduct();
    const answer = await createLicense({ productId: product.id }, { key });
    expect(answer).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED" } });
    expect(answer.body.errors[0].field).toBe("header.idempotency-key");
    expect(await count(api, LicenseEntity, { productId: product.id })).toBe(0);
  });

  it.each([
    ["1 character", "k"],
    ["255 printable characters", "~ !".padEnd(255, "x")],
  ])("accepts a key of %s", async (_name, key) => {
    const product = await api.createProduct();
    expect((await createLicense({ productId: product.id }, { key })).status).toBe(201);
    expect((await createLicense({ productId: product.id }, { key })).headers.get("idempotent-replayed")).toBe("true");
  });

  it("keeps nothing for requests refused before the operation (validation, authentication): the retry runs", async () => {
    const product = await api.createProduct();
    const key = randomUUID();
    const invalid = await createLicense({ productId: product.id, allowedActivations: "many" }, { key });
    const unauthenticated = await createLicense({ productId: product.id }, { key, token: null });
    const valid = await createLicense({ productId: product.id }, { key });
    expect(invalid).toMatchObject({ status: 400, body: { code: "VALIDATION_FAILED" } });
    expect(unauthenticated).toMatchObject({ status: 401, body: { code: "TOKEN_MISSING" } });
    expect(valid.status).toBe(201);
    expect(valid.headers.get("idempotent-replayed")).toBeNull();
  });

  it("releases the key after an unexpected failure (500), so the retry runs the operation", async () => {
    const product = await api.createProduct();
    const license = await api.createLicense(product.id);
    const machine = activationRequest(license, api.admin.accountId);
    const key = randomUUID();
    const setPrivateKey = (privateKeyPem: string) => api.server.core.db.transaction((tx) => tx.update(ProductEntity, { id: product.id }, { privateKeyPem }));
    const { privateKeyPem } = (await api.server.core.db.read((tx) => tx.findOneBy(ProductEntity, { id: product.id })))!;

    await setPrivateKey("not a key");
    const failed = await activate(machine, key);
    await setPrivateKey(privateKeyPem);
    const retried = await activate(machine, key);

    expect(failed).toMatchObject({ status: 500, body: { code: "INTERNAL_ERROR" } });
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBeNull();
  });

  it("answers 409 while a key's holder may still run, and takes the key over once a dead holder's lease ran out", async () => {
    const product = await api.createProduct();
    const body = { productId: product.id };
    const key = randomUUID();
    // What a process that died while creating this license left behind: the key, held and never answered.
    const input = { path: {}, query: {}, headers: { "idempotency-key": key }, body, contentType: "application/json" };
    const context = { auth: { accountId: api.admin.accountId } } as V3Context;
    const dead = await claimKey(api.server.core, keyedRequestOf("createLicense", input, v3IdempotencyScope("createLicense", input, context)), defaultKeyTimes);
    expect(dead.outcome).toBe("run");

    const busy = await createLicense(body, { key });
    api.clock.advance(defaultKeyTimes.leaseMs + 1000);
    const takenOver = await createLicense(body, { key });

    expect(busy).toMatchObject({ status: 409, body: { code: "IDEMPOTENCY_KEY_IN_USE" } });
    expect(busy.headers.get("retry-after")).toBe("1");
    expect(takenOver.status).toBe(201);
    expect(await count(api, LicenseEntity, { productId: product.id })).toBe(1);
  });

  it("undoes the work of a request that lost its key to a retry while it ran: one activation, one event (PostgreSQL)", async (ctx) => {
    // SQLite serialises every writer of the process, so no request can be held in the middle of its operation.
    if (api.server.core.db.engine !== "postgres") return ctx.skip();
    const product = await api.createProduct();
    const license = await api.createLicense(product.id, { allowedActivations: 5 });
    const machine = activationRequest(license, api.admin.accountId);
    const key = randomUUID();
    const held = () => api.server.core.db.read((tx) => tx.findOneBy(IdempotencyKeyEntity, { key }));
    // Another connection holds the license row, so the first request stops inside its activation, holding the key.
    const blocker = api.server.core.db.dataSource.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query(`SELECT id FROM licenses WHERE id = $1 FOR UPDATE`, [license.id]);

    const first = activate(machine, key);
    const firstClaim = await vi.waitFor(async () => (await held())!.claim);
    const busy = await activate(machine, key);
    api.clock.advance(defaultKeyTimes.leaseMs + 1000);
    const retry = activate(machine, key);
    await vi.waitFor(async () => expect((await held())!.claim).not.toBe(firstClaim));
    await blocker.commitTransaction();
    await blocker.release();
    const [late, taken] = await Promise.all([first, retry]);

    expect(busy).toMatchObject({ status: 409, body: { code: "IDEMPOTENCY_KEY_IN_USE" } });
    expect(late).toMatchObject({ status: 409, body: { code: "IDEMPOTENCY_KEY_IN_USE" } });
    expect(taken.status).toBe(201);
    expect(await count(api, ActivationEntity, { licenseId: license.id })).toBe(1);
    expect(await activationEvents(api, license.id)).toBe(1);
    const replay = await activate(machine, key);
    expect(replay).toMatchObject({ status: 201, body: taken.body });
  });

  it("never replays one account's answer to another: the same key and body run afresh for each account", async () => {
    const other = await api.server.account();
    const key = randomUUID();
    const body = { name: `shared-${key}` };
    const mine = await post("/v3/products", "/v3/products", body, { key });
    const theirs = await post("/v3/products", "/v3/products", body, { key, token: other.token });
    const mineAgain = await post("/v3/products", "/v3/products", body, { key });

    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(mineAgain).toMatchObject({ status: 201, body: mine.body });
    expect(mineAgain.headers.get("idempotent-replayed")).toBe("true");
  });

  it("scopes a public operation's key by its credentials: two licenses' machines with one key each get their own activation", async () => {
    const product = await api.createProduct();
    const [one, two] = await Promise.all([api.createLicense(product.id), api.createLicense(product.id)]);
    const key = "shared-by-two-clients";
    const first = await activate(activationRequest(one!, api.admin.accountId), key);
    const second = await activate(activationRequest(two!, api.admin.accountId), key);

    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.headers.get("idempotent-replayed")).toBeNull();
    expect(await count(api, ActivationEntity, { licenseId: two!.id })).toBe(1);
  });
});

function count<Row extends ObjectLiteral>(api: ApiFixture, entity: EntitySchema<Row>, where: FindOptionsWhere<Row>): Promise<number> {
  return api.server.core.db.read((tx) => tx.countBy(entity, where));
}

async function licenseEvents(api: ApiFixture, type: "license.created", licenseId: string): Promise<number> {
  const events = await api.server.core.db.read((tx) => tx.findBy(EventEntity, { accountId: api.admin.accountId, type }));
  return events.filter((event) => (event.payload.data as { id?: string }).id === licenseId).length;
}

async function activationEvents(api: ApiFixture, licenseId: string): Promise<number> {
  const events = await api.server.core.db.read((tx) => tx.findBy(EventEntity, { accountId: api.admin.accountId, type: "activation.created" }));
  return events.filter((event) => (event.payload.data as { licenseId?: string }).licenseId === licenseId).length;
}
