/**
 * The device blacklist managed through v3 (/v3/device-blacklist): CRUD, filters, refusals, the License API (v4) refusing
 * blacklisted devices through the official SDK, the admin CLI on the same services, and the migration's uniqueness.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import type { DataSource } from "typeorm";
import { licensingCommands } from "../../server/admin-licensing.js";
import { blacklistDevice, createAccount, createApiKey, createProduct, getAccount, isDomainError } from "../../server/core/index.js";
import { BlacklistedDeviceEntity, migrateDatabase } from "../../server/db/index.js";
import { describeApi } from "../support/api.js";
import { describeEachDatabase } from "../support/database.js";
import { licenseApi, type LicenseApi } from "../support/sdk.js";
import { device, refusal } from "../support/v4-fixtures.js";

describeApi("v3 device blacklist", (api) => {
  let productId: string;

  beforeAll(async () => {
    productId = (await api.createProduct({ name: "Guarded" })).id;
  });

  const blacklist = async (body: { hardwareId: string; productId?: string | null }) => {
    const { data, response } = await api.client.POST("/v3/device-blacklist", { body });
    expect(response.status).toBe(201);
    return data!;
  };

  it("blacklists a device account-wide and for one product, reads the entries back and lifts them", async () => {
    const hardwareId = device();
    const everywhere = await blacklist({ hardwareId });
    expect(everywhere).toEqual({ id: expect.any(String), createdAt: expect.any(String), hardwareId, productId: null });
    const scoped = await blacklist({ hardwareId, productId });
    expect(scoped).toMatchObject({ hardwareId, productId });
    expect((await api.client.GET("/v3/device-blacklist/{id}", { params: { path: { id: scoped.id } } })).data).toEqual(scoped);

    const listed = await api.client.GET("/v3/device-blacklist", { params: { query: { hardwareId } } });
    expect(listed.data).toEqual([everywhere, scoped]);

    const deleted = await api.client.DELETE("/v3/device-blacklist/{id}", { params: { path: { id: everywhere.id } } });
    expect(deleted.response.status).toBe(204);
    const gone = await api.client.GET("/v3/device-blacklist/{id}", { params: { path: { id: everywhere.id } } });
    expect([gone.response.status, gone.error?.code]).toEqual([404, "BLACKLIST_ENTRY_NOT_FOUND"]);
    expect((await api.client.GET("/v3/device-blacklist", { params: { query: { hardwareId } } })).data).toEqual([scoped]);
  });

  it("lists by product and hardware ID, with the pagination headers", async () => {
    const product = (await api.createProduct({ name: "Listed" })).id;
    const [a, b] = [device(), device()];
    const made = [
      await blacklist({ hardwareId: a, productId: product }),
      await blacklist({ hardwareId: b, productId: product }),
      await blacklist({ hardwareId: a }),
      await blacklist({ hardwareId: a, productId }),
    ];
    const cases: Array<[Record<string, string>, typeof made]> = [
      [{ productId: product }, made.filter((entry) => entry.productId === product)],
      [{ hardwareId: a }, made.filter((entry) => entry.hardwareId === a)],
      [{ hardwareId: a, productId: product }, made.filter((entry) => entry.hardwareId === a && entry.productId === product)],
      [{ hardwareId: device() }, []],
    ];
    for (const [filters, expected] of cases) {
      const { data, response } = await api.client.GET("/v3/device-blacklist", { params: { query: { limit: 100, ...filters } } });
      expect(data, JSON.stringify(filters)).toEqual(expected);
      expect(response.headers.get("Pagination-Count")).toBe(String(expected.length));
    }
    const { data: page, response } = await api.client.GET("/v3/device-blacklist", { params: { query: { hardwareId: a, page: 2, limit: 2, sort: "-createdAt" } } });
    const ofA = made.filter((entry) => entry.hardwareId === a).reverse();
    expect(page).toEqual(ofA.slice(2));
    expect([response.headers.get("Pagination-Count"), response.headers.get("Pagination-Page"), response.headers.get("Pagination-Limit")]).toEqual([String(ofA.length), "2", "2"]);
  });

  it.each([
    ["no hardware ID", {}, "VALIDATION_FAILED"],
    ["an empty hardware ID", { hardwareId: "" }, "VALIDATION_FAILED"],
    ["a control character in the hardware ID", { hardwareId: "HW\n1" }, "VALIDATION_FAILED"],
    ["a hardware ID longer than v4 accepts", { hardwareId: "H".repeat(257) }, "VALIDATION_FAILED"],
    ["a product id that is no UUID", { hardwareId: "HW-1", productId: "not-a-uuid" }, "VALIDATION_FAILED"],
    ["a read-only field", { hardwareId: "HW-1", createdAt: "2024-01-01T00:00:00Z" }, "VALIDATION_FAILED"],
    ["an unknown product", { hardwareId: "HW-1", productId: randomUUID() }, "INVALID_PRODUCT_ID"],
  ] as Array<[string, Record<string, unknown>, string]>)("refuses to blacklist with %s (400)", async (_name, body, code) => {
    const { response, error } = await api.client.POST("/v3/device-blacklist", { body: body as never });
    expect([response.status, error?.code]).toEqual([400, code]);
  });

  it("refuses another account's product as INVALID_PRODUCT_ID", async () => {
    const other = await api.server.account();
    const theirs = (await api.server.v3(other.token).POST("/v3/products", { body: { name: "Theirs" } })).data!;
    const { response, error } = await api.client.POST("/v3/device-blacklist", { body: { hardwareId: device(), productId: theirs.id } });
    expect([response.status, error?.code]).toEqual([400, "INVALID_PRODUCT_ID"]);
  });

  it("refuses the same hardware ID twice with the same scope (409), but not with another scope", async () => {
    const hardwareId = device();
    const other = (await api.createProduct({ name: "Other" })).id;
    await blacklist({ hardwareId, productId });
    await blacklist({ hardwareId });
    await blacklist({ hardwareId, productId: other });
    for (const body of [{ hardwareId, productId }, { hardwareId }, { hardwareId, productId: null }]) {
      const { response, error } = await api.client.POST("/v3/device-blacklist", { body });
      expect([response.status, error?.code], JSON.stringify(body)).toEqual([409, "DEVICE_ALREADY_BLACKLISTED"]);
    }
    expect((await api.client.GET("/v3/device-blacklist", { params: { query: { hardwareId } } })).data).toHaveLength(3);
  });

  it("answers 404 for an unknown entry and for another account's, which stays", async () => {
    const other = await api.server.account();
    const otherClient = api.server.v3(other.token);
    const theirs = (await otherClient.POST("/v3/device-blacklist", { body: { hardwareId: device() } })).data!;
    for (const id of [randomUUID(), theirs.id]) {
      const path = { params: { path: { id } } };
      const answers = [await api.client.GET("/v3/device-blacklist/{id}", path), await api.client.DELETE("/v3/device-blacklist/{id}", path)];
      expect(answers.map(({ response, error }) => [response.status, error?.code])).toEqual(Array(2).fill([404, "BLACKLIST_ENTRY_NOT_FOUND"]));
    }
    expect((await otherClient.GET("/v3/device-blacklist/{id}", { params: { path: { id: theirs.id } } })).data).toEqual(theirs);
    expect((await api.client.GET("/v3/device-blacklist", { params: { query: { hardwareId: theirs.hardwareId } } })).data).toEqual([]);
  });

  it("needs license:read to read and license:write to change", async () => {
    const entry = await blacklist({ hardwareId: device() });
    const reader = api.server.v3((await api.server.account(["license:read"])).token);
    const writer = api.server.v3((await api.server.account(["license:write"])).token);
    const path = { params: { path: { id: entry.id } } };
    const refused = [
      await writer.GET("/v3/device-blacklist", {}),
      await writer.GET("/v3/device-blacklist/{id}", path),
      await reader.POST("/v3/device-blacklist", { body: { hardwareId: device() } }),
      await reader.DELETE("/v3/device-blacklist/{id}", path),
    ];
    expect(refused.map(({ response, error }) => [response.status, error?.code])).toEqual(Array(4).fill([403, "FORBIDDEN"]));
    expect((await reader.GET("/v3/device-blacklist", {})).response.status).toBe(200);
  });

  it("shares its entries with the admin CLI's blacklist-device and unblacklist-device", async () => {
    const hardwareId = device();
    const options = { account: api.admin.accountId, "hardware-id": hardwareId, product: productId };
    const cli = (command: string) => licensingCommands[command]!(api.server.core, options);
    expect(await cli("blacklist-device")).toBe("blacklisted");
    const listed = (await api.client.GET("/v3/device-blacklist", { params: { query: { hardwareId } } })).data!;
    expect(listed).toEqual([expect.objectContaining({ hardwareId, productId })]);
    const again = await cli("blacklist-device").catch((error: unknown) => error);
    expect(isDomainError(again, "DEVICE_ALREADY_BLACKLISTED")).toBe(true);
    expect(await cli("unblacklist-device")).toBe("removed");
    expect((await api.client.GET("/v3/device-blacklist/{id}", { params: { path: { id: listed[0]!.id } } })).response.status).toBe(404);
  });
});

describeApi("v3 device blacklist as the License API (v4) enforces it", (api) => {
  let sdk: LicenseApi;
  const products = { guarded: { id: "", code: "GUARD-1" }, open: { id: "", code: "OPEN-1" } };
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    const key = await createApiKey(api.server.core, { accountId: api.admin.accountId });
    const { publicKeyPem } = await getAccount(api.server.core, api.admin.accountId);
    sdk = licenseApi(api.server.url, { ...key, publicKeyPem });
    for (const product of Object.values(products)) {
      product.id = (await api.createProduct({ name: product.code, licenseApi: { shortCode: product.code } })).id;
      keys[product.code] = (await api.createLicense(product.id, { allowedActivations: 10 })).key;
    }
  });

  const activate = (code: string, hardwareId: string) => refusal(sdk.activateLicense({ license_key: keys[code], hardware_id: hardwareId, product: code }));

  it("refuses an account-wide blacklisted device for every product, until the entry is deleted", async () => {
    const hardwareId = device();
    const entry = (await api.client.POST("/v3/device-blacklist", { body: { hardwareId } })).data!;
    expect([await activate("GUARD-1", hardwareId), await activate("OPEN-1", hardwareId)]).toEqual(["blacklisted", "blacklisted"]);
    await api.client.DELETE("/v3/device-blacklist/{id}", { params: { path: { id: entry.id } } });
    expect([await activate("GUARD-1", hardwareId), await activate("OPEN-1", hardwareId)]).toEqual(["accepted", "accepted"]);
  });

  it("refuses a product-scoped blacklisted device for that product only, and refuses checks of its activation", async () => {
    const hardwareId = device();
    expect(await activate("GUARD-1", hardwareId)).toBe("accepted");
    const entry = (await api.client.POST("/v3/device-blacklist", { body: { hardwareId, productId: products.guarded.id } })).data!;
    expect(await activate("GUARD-1", hardwareId)).toBe("blacklisted");
    expect(await refusal(sdk.checkLicense({ license_key: keys["GUARD-1"], hardware_id: hardwareId, product: "GUARD-1" }))).toBe("blacklisted");
    expect(await activate("OPEN-1", hardwareId)).toBe("accepted");
    expect(await activate("GUARD-1", device())).toBe("accepted");
    await api.client.DELETE("/v3/device-blacklist/{id}", { params: { path: { id: entry.id } } });
    expect(await activate("GUARD-1", hardwareId)).toBe("accepted");
  });

  it("keeps refusing a device that one entry still covers after the other is deleted", async () => {
    const hardwareId = device();
    const scoped = (await api.client.POST("/v3/device-blacklist", { body: { hardwareId, productId: products.guarded.id } })).data!;
    await api.client.POST("/v3/device-blacklist", { body: { hardwareId } });
    await api.client.DELETE("/v3/device-blacklist/{id}", { params: { path: { id: scoped.id } } });
    expect(await activate("GUARD-1", hardwareId)).toBe("blacklisted");
  });
});

describeEachDatabase("the blacklist's unique entries migration", (getCore, getDatabase) => {
  it("keeps the first of repeated entries when it runs, then refuses repeats", async () => {
    const core = getCore();
    const { dataSource } = getDatabase().db;
    await undoMigrationsThrough(dataSource, "ReleasesBlacklist1732600000100");
    const { id: accountId } = await createAccount(core, { name: "before the migration" });
    const { id: productId } = await createProduct(core, accountId, { name: "Guarded" });
    const at = (minute: number) => new Date(Date.UTC(2024, 0, 1, 0, minute));
    const rows = [
      { hardwareId: "HW-1", productId, createdAt: at(2) }, { hardwareId: "HW-1", productId, createdAt: at(1) },
      { hardwareId: "HW-1", productId: null, createdAt: at(3) }, { hardwareId: "HW-1", productId: null, createdAt: at(4) },
      { hardwareId: "HW-2", productId: null, createdAt: at(5) },
    ].map((row) => ({ ...row, id: randomUUID(), accountId }));
    await core.db.transaction((tx) => tx.insert(BlacklistedDeviceEntity, rows));

    await migrateDatabase(dataSource);
    const kept = await core.db.read((tx) => tx.find(BlacklistedDeviceEntity, { where: { accountId }, order: { createdAt: "ASC" } }));
    expect(kept.map((row) => row.id)).toEqual([1, 2, 4].map((index) => rows[index]!.id));
    for (const input of [{ hardwareId: "HW-1", productId }, { hardwareId: "HW-2" }]) {
      const error = await blacklistDevice(core, accountId, input).catch((caught: unknown) => caught);
      expect(isDomainError(error, "DEVICE_ALREADY_BLACKLISTED"), JSON.stringify(input)).toBe(true);
    }
  });
});

/** Reverts the newest migrations until `name` is reverted too (later migrations come off first). */
async function undoMigrationsThrough(dataSource: DataSource, name: string): Promise<void> {
  const applied = async () => ((await dataSource.query(`SELECT name FROM migrations`)) as Array<{ name: string }>).some((row) => row.name === name);
  while (await applied()) await dataSource.undoLastMigration({ transaction: "each" });
}
