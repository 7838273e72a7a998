/** License API keys managed through v3: issued (shared key shown once), listed, read, revoked, and used by the official SDK. */
import { beforeAll, expect, it } from "vitest";
import type { components } from "../../generated/v3.js";
import { describeApi } from "../support/api.js";
import { licenseApi, type LicenseApi } from "../support/sdk.js";
import { device, refusal } from "../support/v4-fixtures.js";

type Schemas = components["schemas"];
type Target = { shortCode: string; key: string };

describeApi("License API keys, through v3", (api) => {
  let publicKeyPem: string;
  let editor: Target & { productId: string };
  let studio: Target;

  const licensedProduct = async (shortCode: string) => {
    const product = await api.createProduct({ name: shortCode, licenseApi: { shortCode } });
    const license = await api.createLicense(product.id, { allowedActivations: 100 });
    return { productId: product.id, shortCode, key: license.key };
  };

  beforeAll(async () => {
    publicKeyPem = (await api.client.GET("/v3/account/signing-key")).data!.publicKey;
    editor = await licensedProduct(`KEYS-ED-${Math.random().toString(36).slice(2, 8)}`);
    studio = await licensedProduct(`KEYS-ST-${Math.random().toString(36).slice(2, 8)}`);
  });

  const create = async (body: Schemas["ApiKeyCreate"] = {}) => (await api.client.POST("/v3/api-keys", { body })).data!;
  const get = (id: string, client = api.client) => client.GET("/v3/api-keys/{id}", { params: { path: { id } } });
  const revoke = (id: string, client = api.client) => client.DELETE("/v3/api-keys/{id}", { params: { path: { id } } });
  const list = async (query: { revoked?: boolean } = {}) => (await api.client.GET("/v3/api-keys", { params: { query: { limit: 100, ...query } } })).data!;
  const sdkWith = (key: { apiKey: string; sharedKey: string }) => licenseApi(api.server.url, { ...key, publicKeyPem });
  const activate = (sdk: LicenseApi, target: Target, hardwareId = device()) =>
    refusal(sdk.activateLicense({ license_key: target.key, hardware_id: hardwareId, product: target.shortCode }));
  const check = (sdk: LicenseApi, target: Target, hardwareId: string) =>
    refusal(sdk.checkLicense({ license_key: target.key, hardware_id: hardwareId, product: target.shortCode }));

  it("creates a key whose shared key only the creation answer shows, and the SDK activates a license with it", async () => {
    const created = await create({ name: "Desktop app" });
    const { sharedKey, ...record } = created;
    expect(record).toMatchObject({ name: "Desktop app", readOnly: false, productIds: null, revoked: false });
    expect(record.id).not.toBe(record.apiKey);
    const read = (await get(created.id)).data!;
    expect(read).toEqual(record);
    expect(read).not.toHaveProperty("sharedKey");
    expect(await list()).toContainEqual(record);
    expect(JSON.stringify(await list())).not.toContain(sharedKey);
    expect(await activate(sdkWith(created), editor)).toBe("accepted");
  });

  it("gives a read-only key reads and refuses its writes with read_only_api_key", async () => {
    const readOnly = await create({ readOnly: true });
    expect(readOnly.readOnly).toBe(true);
    const hardwareId = device();
    expect(await activate(sdkWith(await create()), editor, hardwareId)).toBe("accepted");
    expect(await check(sdkWith(readOnly), editor, hardwareId)).toBe("accepted");
    expect(await activate(sdkWith(readOnly), editor)).toBe("read_only_api_key");
  });

  it("limits a key to its products: allowed on them, api_key_product_not_allowed on another", async () => {
    const limited = await create({ productIds: [editor.productId] });
    expect((await get(limited.id)).data!.productIds).toEqual([editor.productId]);
    expect(await activate(sdkWith(limited), editor)).toBe("accepted");
    expect(await activate(sdkWith(limited), studio)).toBe("api_key_product_not_allowed");
  });

  it("revokes on DELETE: the SDK then gets revoked_api_key, and the key stays listed as revoked", async () => {
    const key = await create({ name: "to revoke" });
    expect(await activate(sdkWith(key), editor)).toBe("accepted");
    api.clock.advance(60_000);
    expect((await revoke(key.id)).response.status).toBe(204);
    expect(await activate(sdkWith(key), editor)).toBe("revoked_api_key");
    const read = (await get(key.id)).data!;
    expect(read.revoked).toBe(true);
    expect(Date.parse(read.updatedAt)).toBeGreaterThan(Date.parse(read.createdAt));
    expect((await list({ revoked: true })).map((k) => k.id)).toContain(key.id);
    expect((await list({ revoked: false })).map((k) => k.id)).not.toContain(key.id);
    expect((await revoke(key.id)).response.status).toBe(204);
  });

  it("refuses products of another account, unknown products and malformed bodies with 400, creating nothing", async () => {
    const other = await api.server.account();
    const foreign = (await api.server.v3(other.token).POST("/v3/products", { body: { name: "Theirs" } })).data!;
    const before = (await list()).length;
    const cases: Array<[unknown, string]> = [
      [{ productIds: [foreign.id] }, "INVALID_PRODUCT_ID"],
      [{ productIds: [editor.productId, "00000000-0000-4000-8000-000000000000"] }, "INVALID_PRODUCT_ID"],
      [{ productIds: ["not-a-uuid"] }, "VALIDATION_FAILED"],
      [{ productIds: [] }, "VALIDATION_FAILED"],
      [{ readOnly: "yes" }, "VALIDATION_FAILED"],
      [{ sharedKey: "mine" }, "VALIDATION_FAILED"],
      [{ apiKey: "11abafc3-10b2-474a-b818-aaaf97c7512e" }, "VALIDATION_FAILED"],
    ];
    for (const [body, code] of cases) {
      const { response, error } = await api.client.POST("/v3/api-keys", { body: body as Schemas["ApiKeyCreate"] });
      expect([response.status, error?.code], JSON.stringify(body)).toEqual([400, code]);
    }
    expect((await list()).length).toBe(before);
  });

  it("needs account:read to read and account:write to create or revoke (403 otherwise)", async () => {
    const key = await create();
    const stranger = api.server.v3((await api.server.account(["product:read", "product:write"])).token);
    const sameAccountReader = api.server.v3((await tokenFor(["account:read"])).token);
    expect((await sameAccountReader.GET("/v3/api-keys/{id}", { params: { path: { id: key.id } } })).response.status).toBe(200);
    const refused = await Promise.all([
      sameAccountReader.POST("/v3/api-keys", { body: {} }),
      revoke(key.id, sameAccountReader),
      stranger.GET("/v3/api-keys", {}),
      get(key.id, stranger),
    ]);
    expect(refused.map((r) => [r.response.status, r.error?.code])).toEqual(Array(4).fill([403, "FORBIDDEN"]));
    expect((await get(key.id)).data!.revoked).toBe(false);
  });

  it("answers 404 for an unknown id and for another account's key, which keeps working", async () => {
    const key = await create();
    const other = api.server.v3((await api.server.account()).token);
    const answers = await Promise.all([get("no-such-key"), revoke("no-such-key"), get(key.id, other), revoke(key.id, other), get(key.apiKey)]);
    expect(answers.map((r) => [r.response.status, r.error?.code])).toEqual(Array(5).fill([404, "API_KEY_NOT_FOUND"]));
    expect((await get(key.id)).data!.revoked).toBe(false);
    expect(await activate(sdkWith(key), editor)).toBe("accepted");
  });

  /** A token of the admin's own account with only `scopes`. */
  async function tokenFor(scopes: Schemas["Scope"][]) {
    const { data } = await api.client.POST("/v3/personal-access-tokens", { body: { name: "narrow", scopes } });
    return data!;
  }
});
