/**
 * A license's License API (v4) terms and a product's custom fields and bundle list, managed through v3 `licenseApi`:
 * set, read back, merged, refused, and followed by the official LicenseSpring SDK.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import type { components } from "../../generated/v3.js";
import { licensingCommands } from "../../server/admin-licensing.js";
import { createCustomer } from "../../server/core/customers.js";
import { createAccessToken, createApiKey, getAccount } from "../../server/core/index.js";
import { EventEntity } from "../../server/db/index.js";
import { describeApi } from "../support/api.js";
import { licenseApi, type LicenseApi } from "../support/sdk.js";

type Schemas = components["schemas"];
type TermsInput = Schemas["LicenseLicenseApiInput"];

const hardware = () => `HW-${randomUUID()}`;
const refusal = (promise: Promise<unknown>) => promise.then(() => "accepted", (error: { code?: string }) => error.code ?? String(error));
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

describeApi("license terms in the License API, through v3", (api) => {
  let sdk: LicenseApi;
  let product: Schemas["Product"];
  let customerId: string;

  beforeAll(async () => {
    const key = await createApiKey(api.server.core, { accountId: api.admin.accountId });
    sdk = licenseApi(api.server.url, { ...key, publicKeyPem: (await getAccount(api.server.core, api.admin.accountId)).publicKeyPem });
    product = await codedProduct({ customFields: [{ name: "support", defaultValue: "standard" }, { name: "region", defaultValue: "EU" }] });
    customerId = (await createCustomer(api.server.core, api.admin.accountId, { email: `${randomUUID()}@example.com` })).id;
  });

  async function codedProduct(settings: Schemas["ProductLicenseApiInput"] = {}, name = "Product") {
    return api.createProduct({ name, licenseApi: { shortCode: `P-${randomUUID().slice(0, 8)}`, ...settings } });
  }
  async function license(terms: TermsInput, policy: Partial<Schemas["LicenseCreate"]> = {}, productId = product.id) {
    const { data, error } = await api.client.POST("/v3/licenses", { body: { productId, allowedActivations: 5, ...policy, licenseApi: terms } });
    if (!data) throw new Error(`license not created: ${error?.code}`);
    return data;
  }
  const patch = (id: string, licenseApi: TermsInput) => api.client.PATCH("/v3/licenses/{id}", { params: { path: { id } }, body: { licenseApi } });
  const ids = (key: string, hardwareId: string, shortCode = product.licenseApi!.shortCode!) => ({ license_key: key, hardware_id: hardwareId, product: shortCode });
  async function activated(key: string, shortCode?: string) {
    const hardwareId = hardware();
    await sdk.activateLicense(ids(key, hardwareId, shortCode));
    return hardwareId;
  }
  const eventOf = async (type: string, licenseId: string) => {
    const events = await api.server.core.db.read((tx) => tx.findBy(EventEntity, { accountId: api.admin.accountId, type: type as never }));
    return events.map((event) => event.payload.data as Schemas["License"]).filter((data) => data.id === licenseId).at(-1);
  };

  const consumptionTerms: TermsInput = {
    licenseType: "consumption", isTrial: true, trialDays: 30, allowGracePeriod: true, gracePeriod: 48, enableMaintenancePeriod: true,
    maintenancePeriod: "2031-01-01T00:00:00.000Z", canBorrow: true, maxBorrowTime: 12, allowOfflineActivation: false, isAirGapped: true,
    isHardwareKeyAuth: true, maxLicenseUsers: 3, orderStoreId: "ORD-1", consumption: { max: 10, allowOverages: true, maxOverages: 2 },
    features: [
      { code: "export", name: "Export", expiryDate: "2030-06-01T00:00:00.000Z", metadata: { tier: "pro" } },
      { code: "render", type: "consumption", consumption: { max: 5, reset: true, period: "monthly" } },
      { code: "seats", isFloatingCloud: true, floatingUsers: 2, floatingTimeout: 15, maxBorrowTime: 4 },
    ],
    customFields: [{ name: "region", dataType: "text", value: "US" }],
    metadata: { plan: "enterprise" },
  };

  it("sets every term at creation; POST, GET and the license.created event show the same effective terms", async () => {
    const created = await license({ ...consumptionTerms, customerId });
    const { consumption: _consumption, features: _features, ...plain } = consumptionTerms;
    expect(created.licenseApi).toMatchObject({ ...plain, customerId, bundleLicenseId: null });
    expect(created.licenseApi.consumption).toEqual({
      max: 10, total: 0, allowUnlimited: false, allowNegative: false, allowOverages: true, maxOverages: 2, reset: false, period: null, periodStartedAt: null,
    });
    expect(created.licenseApi.features.map(({ id: _id, ...feature }) => feature)).toEqual([
      { code: "export", name: "Export", expiryDate: "2030-06-01T00:00:00.000Z", type: "activation", isFloatingCloud: false, floatingUsers: null,
        floatingTimeout: 120, maxBorrowTime: 0, metadata: { tier: "pro" }, consumption: null },
      { code: "render", name: "render", expiryDate: null, type: "consumption", isFloatingCloud: false, floatingUsers: null, floatingTimeout: 120,
        maxBorrowTime: 0, metadata: {}, consumption: { ...created.licenseApi.consumption!, max: 5, allowOverages: false, maxOverages: 0, reset: true, period: "monthly" } },
      { code: "seats", name: "seats", expiryDate: null, type: "activation", isFloatingCloud: true, floatingUsers: 2, floatingTimeout: 15,
        maxBorrowTime: 4, metadata: {}, consumption: null },
    ]);
    const { data: read } = await api.client.GET("/v3/licenses/{id}", { params: { path: { id: created.id } } });
    expect(read!.licenseApi).toEqual(created.licenseApi);
    expect((await eventOf("license.created", created.id))?.licenseApi).toEqual(created.licenseApi);
  });

  it("shows v4 clients the same terms that v3 shows, defaults included", async () => {
    for (const terms of [{}, consumptionTerms]) {
      const created = await license(terms, { expiresAt: inHours(24 * 365) });
      const checked = await sdk.checkLicense(ids(created.key, await activated(created.key)));
      const t = created.licenseApi;
      expect(checked).toMatchObject({
        license_type: t.licenseType, is_trial: t.isTrial, allow_grace_period: t.allowGracePeriod, grace_period: t.gracePeriod,
        enable_maintenance_period: t.enableMaintenancePeriod, can_borrow: t.canBorrow, max_borrow_time: t.maxBorrowTime,
        allow_offline_activation: t.allowOfflineActivation, is_air_gapped: t.isAirGapped, is_hardware_key_auth: t.isHardwareKeyAuth,
        max_license_users: t.maxLicenseUsers, order_store_id: t.orderStoreId, metadata: t.metadata,
      });
      expect(checked.product_features.map((f: { code: string }) => f.code)).toEqual(t.features.map((f) => f.code));
    }
  });

  it("shows a v3-configured license's features and custom fields (product defaults inherited, the license's own overriding) in check_license", async () => {
    const created = await license({ features: [{ code: "export", name: "Export" }], customFields: [{ name: "region", value: "US" }] });
    const checked = await sdk.checkLicense(ids(created.key, await activated(created.key)));
    expect(checked.product_features).toEqual([expect.objectContaining({ code: "export", name: "Export", feature_type: "activation" })]);
    expect(checked.custom_fields).toEqual([
      { name: "support", data_type: null, value: "standard" },
      { name: "region", data_type: null, value: "US" },
    ]);
  });

  it("changes only the terms a PATCH names; a PATCH without licenseApi keeps them all", async () => {
    const created = await license({ ...consumptionTerms, customerId });
    const { data } = await patch(created.id, { canBorrow: false, orderStoreId: null, consumption: { max: 20 } });
    expect(data!.licenseApi).toEqual({
      ...created.licenseApi, canBorrow: false, orderStoreId: null, consumption: { ...created.licenseApi.consumption!, max: 20 },
    });
    expect((await eventOf("license.updated", created.id))?.licenseApi).toEqual(data!.licenseApi);
    const { data: renamed } = await api.client.PATCH("/v3/licenses/{id}", { params: { path: { id: created.id } }, body: { notes: "renewed" } });
    expect(renamed!.licenseApi).toEqual(data!.licenseApi);
    const { data: unlinked } = await patch(created.id, { customerId: null });
    expect(unlinked!.licenseApi).toEqual({ ...data!.licenseApi, customerId: null });
  });

  it("keeps the counters (and id) of features whose code stays when the feature list is replaced, and the license counter on a settings change", async () => {
    const created = await license(consumptionTerms);
    const hardwareId = await activated(created.key);
    await sdk.addFeatureConsumption({ ...ids(created.key, hardwareId), feature: "render", consumptions: 3 });
    await sdk.addConsumption({ ...ids(created.key, hardwareId), consumptions: 4 });
    const before = (await api.client.GET("/v3/licenses/{id}", { params: { path: { id: created.id } } })).data!.licenseApi;
    const render = before.features.find((f) => f.code === "render")!;
    expect([render.consumption!.total, before.consumption!.total]).toEqual([3, 4]);

    const { data } = await patch(created.id, {
      features: [{ code: "render", type: "consumption", consumption: { max: 50 } }, { code: "new", type: "consumption", consumption: { max: 1 } }],
      consumption: { allowOverages: false },
    });
    const [kept, added] = data!.licenseApi.features;
    expect(kept).toMatchObject({ id: render.id, code: "render", consumption: { max: 50, total: 3, periodStartedAt: render.consumption!.periodStartedAt } });
    expect(added).toMatchObject({ code: "new", consumption: { max: 1, total: 0 } });
    expect(data!.licenseApi.features.map((f) => f.code)).toEqual(["render", "new"]);
    expect(data!.licenseApi.consumption).toEqual({ ...before.consumption!, allowOverages: false });
  });

  it.each<[string, TermsInput, string]>([
    ["a repeated feature code", { features: [{ code: "export" }, { code: "export", name: "again" }] }, "DUPLICATE_FEATURE_CODE"],
    ["a consumption feature without consumption settings", { features: [{ code: "render", type: "consumption" }] }, "INVALID_LICENSE_API"],
    ["consumption settings on an activation feature", { features: [{ code: "export", consumption: { max: 1 } }] }, "INVALID_LICENSE_API"],
    ["a floating feature without floatingUsers", { features: [{ code: "seats", isFloatingCloud: true }] }, "INVALID_LICENSE_API"],
    ["a consumption license without consumption settings", { licenseType: "consumption" }, "INVALID_LICENSE_API"],
    ["consumption settings on a perpetual license", { licenseType: "perpetual", consumption: { max: 1 } }, "INVALID_LICENSE_API"],
    ["a resetting counter without a period", { licenseType: "consumption", consumption: { max: 1, reset: true } }, "INVALID_LICENSE_API"],
    ["two custom fields with one name", { customFields: [{ name: "a", value: "1" }, { name: "a", value: "2" }] }, "INVALID_LICENSE_API"],
    ["an unknown customer", { customerId: randomUUID() }, "INVALID_CUSTOMER_ID"],
    ["an unknown bundle license", { bundleLicenseId: randomUUID() }, "INVALID_BUNDLE_LICENSE_ID"],
  ])("refuses %s with 400, on create and on PATCH, and changes nothing", async (_name, terms, code) => {
    const before = (await api.client.GET("/v3/licenses", { params: { query: { productId: product.id, limit: 1 } } })).response.headers.get("Pagination-Count");
    const created = await api.client.POST("/v3/licenses", { body: { productId: product.id, licenseApi: terms } });
    expect([created.response.status, created.error?.code]).toEqual([400, code]);
    const after = (await api.client.GET("/v3/licenses", { params: { query: { productId: product.id, limit: 1 } } })).response.headers.get("Pagination-Count");
    expect(after).toBe(before);
    const existing = await license({ features: [{ code: "export" }] });
    const patched = await patch(existing.id, terms);
    expect([patched.response.status, patched.error?.code]).toEqual([400, code]);
    const { data } = await api.client.GET("/v3/licenses/{id}", { params: { path: { id: existing.id } } });
    expect(data).toEqual(existing);
  });

  it("refuses another account's customer as unknown", async () => {
    const other = await api.server.account();
    const theirs = await createCustomer(api.server.core, other.accountId, { email: `${randomUUID()}@example.com` });
    const refused = await api.client.POST("/v3/licenses", { body: { productId: product.id, licenseApi: { customerId: theirs.id } } });
    expect([refused.response.status, refused.error?.code]).toEqual([400, "INVALID_CUSTOMER_ID"]);
  });

  it.each([
    ["the consumption total", { consumption: { max: 1, total: 5 } }, "/licenseApi/consumption/total"],
    ["the consumption period start", { consumption: { periodStartedAt: "2024-01-01T00:00:00Z" } }, "/licenseApi/consumption/periodStartedAt"],
    ["a feature's consumption total", { features: [{ code: "render", type: "consumption", consumption: { max: 1, total: 1 } }] }, "/licenseApi/features/0/consumption/total"],
    ["a feature id", { features: [{ code: "export", id: randomUUID() }] }, "/licenseApi/features/0/id"],
  ])("refuses %s (read-only) with 400 VALIDATION_FAILED", async (_name, terms, field) => {
    const existing = await license({});
    const patched = await patch(existing.id, terms as TermsInput);
    expect([patched.response.status, patched.error?.code]).toEqual([400, "VALIDATION_FAILED"]);
    expect(patched.error?.errors?.map((e) => e.field)).toContain(field);
  });

  it("answers 404 for another account's license and 403 for a token without license:write, changing nothing", async () => {
    const created = await license({ canBorrow: false });
    const other = await api.server.account();
    const foreign = await api.server.v3(other.token).PATCH("/v3/licenses/{id}", { params: { path: { id: created.id } }, body: { licenseApi: { canBorrow: true } } });
    expect([foreign.response.status, foreign.error?.code]).toEqual([404, "LICENSE_NOT_FOUND"]);
    const { token } = await createAccessToken(api.server.core, { accountId: api.admin.accountId, name: "read only", scopes: ["license:read"] });
    const reader = await api.server.v3(token).PATCH("/v3/licenses/{id}", { params: { path: { id: created.id } }, body: { licenseApi: { canBorrow: true } } });
    expect([reader.response.status, reader.error?.code]).toEqual([403, "FORBIDDEN"]);
    const { data } = await api.client.GET("/v3/licenses/{id}", { params: { path: { id: created.id } } });
    expect(data!.licenseApi.canBorrow).toBe(false);
  });

  it("lets v4 consume up to the maximum a v3 license sets, and refuses beyond it (license and feature)", async () => {
    const created = await license({ licenseType: "consumption", consumption: { max: 3 }, features: [{ code: "render", type: "consumption", consumption: { max: 2 } }] });
    const device = ids(created.key, await activated(created.key));
    expect(await refusal(sdk.addConsumption({ ...device, consumptions: 3 }))).toBe("accepted");
    expect(await refusal(sdk.addConsumption({ ...device, consumptions: 1 }))).toBe("license_not_enough_consumptions");
    expect(await refusal(sdk.addFeatureConsumption({ ...device, feature: "render", consumptions: 2 }))).toBe("accepted");
    expect(await refusal(sdk.addFeatureConsumption({ ...device, feature: "render", consumptions: 1 }))).toBe("license_not_enough_consumptions");
    const { data } = await patch(created.id, { consumption: { max: 4 } });
    expect(data!.licenseApi.consumption).toMatchObject({ max: 4, total: 3 });
    expect(await refusal(sdk.addConsumption({ ...device, consumptions: 1 }))).toBe("accepted");
  });

  it("lets v4 borrow a floating seat only once v3 sets canBorrow, and for at most maxBorrowTime hours", async () => {
    const created = await license({}, { type: "hosted-floating", allowedFloatingClients: 2, allowedActivations: 0, leaseDuration: 600 });
    const device = ids(created.key, await activated(created.key));
    expect(await refusal(sdk.floatingBorrow({ ...device, borrowed_until: inHours(1) }))).toBe("borrow_until_not_valid");
    await patch(created.id, { canBorrow: true, maxBorrowTime: 2 });
    expect(await refusal(sdk.floatingBorrow({ ...device, borrowed_until: inHours(3) }))).toBe("borrow_until_not_valid");
    expect(await refusal(sdk.floatingBorrow({ ...device, borrowed_until: inHours(1) }))).toBe("accepted");
  });

  it("routes the admin CLI's set-license-terms through the same rules", async () => {
    const created = await license({ features: [{ code: "export" }] });
    const run = (json: unknown) => licensingCommands["set-license-terms"]!(api.server.core, { account: api.admin.accountId, license: created.id, json: JSON.stringify(json) });
    expect(await refusal(run({ features: [{ code: "a" }, { code: "a" }] }))).toBe("DUPLICATE_FEATURE_CODE");
    await run({ canBorrow: true, maxBorrowTime: 6 });
    const { data } = await api.client.GET("/v3/licenses/{id}", { params: { path: { id: created.id } } });
    expect(data!.licenseApi).toEqual({ ...created.licenseApi, canBorrow: true, maxBorrowTime: 6 });
  });
});

describeApi("product custom fields and bundles in the License API, through v3", (api) => {
  let sdk: LicenseApi;
  beforeAll(async () => {
    const key = await createApiKey(api.server.core, { accountId: api.admin.accountId });
    sdk = licenseApi(api.server.url, { ...key, publicKeyPem: (await getAccount(api.server.core, api.admin.accountId)).publicKeyPem });
  });
  const code = () => `P-${randomUUID().slice(0, 8)}`;
  const product = (licenseApi: Schemas["ProductLicenseApiInput"] = {}) => api.createProduct({ name: "Product", licenseApi: { shortCode: code(), ...licenseApi } });
  const patchProduct = (id: string, licenseApi: Schemas["ProductLicenseApiInput"]) => api.client.PATCH("/v3/products/{id}", { params: { path: { id } }, body: { licenseApi } });
  const createLicense = (productId: string, licenseApi: TermsInput = {}) => api.client.POST("/v3/licenses", { body: { productId, allowedActivations: 3, licenseApi } });

  it("sets custom fields that v4 product_details shows; a kept name keeps its id", async () => {
    const created = await product({ customFields: [{ name: "support", defaultValue: "standard" }, { name: "seats", defaultValue: "5" }] });
    expect(created.licenseApi!.customFields.map(({ name, defaultValue }) => ({ name, defaultValue }))).toEqual([
      { name: "support", defaultValue: "standard" }, { name: "seats", defaultValue: "5" },
    ]);
    expect(created.licenseApi!.bundleProductIds).toBeNull();
    const details = await sdk.getProductDetails({ product: created.licenseApi!.shortCode, include_custom_fields: true });
    expect(details.custom_fields.map((f: { name: string; default_value: string }) => [f.name, f.default_value])).toEqual([["support", "standard"], ["seats", "5"]]);
    const { data } = await patchProduct(created.id, { customFields: [{ name: "support", defaultValue: "premium" }] });
    expect(data!.licenseApi!.customFields).toEqual([{ id: created.licenseApi!.customFields[0]!.id, name: "support", defaultValue: "premium" }]);
    const { data: untouched } = await patchProduct(created.id, { allowTrial: true });
    expect(untouched!.licenseApi!.customFields).toEqual(data!.licenseApi!.customFields);
  });

  it("sets up a bundle entirely through v3 that activateBundle then activates on every unlocked license", async () => {
    const members = [await product(), await product()];
    const bundle = await product({ bundleProductIds: members.map((m) => m.id) });
    expect(bundle.licenseApi!.bundleProductIds).toEqual(members.map((m) => m.id));
    const bundleLicense = (await createLicense(bundle.id)).data!;
    const unlocked = [];
    for (const member of members) {
      const { data } = await createLicense(member.id, { bundleLicenseId: bundleLicense.id });
      expect(data!.licenseApi.bundleLicenseId).toBe(bundleLicense.id);
      unlocked.push(data!);
    }
    const answer = await sdk.activateBundle({ license_key: bundleLicense.key, product: bundle.licenseApi!.shortCode, hardware_id: hardware() });
    expect(answer.map((l: { product_details: { short_code: string } }) => l.product_details.short_code)).toEqual(members.map((m) => m.licenseApi!.shortCode));
    for (const license of unlocked) {
      const { data } = await api.client.GET("/v3/licenses/{id}", { params: { path: { id: license.id } } });
      expect(data!.totalActivations).toBe(1);
    }
  });

  it("refuses a bundle license that does not fit: product not in the bundle, a second license of a product, a license of no bundle", async () => {
    const [member, outsider] = [await product(), await product()];
    const bundle = await product({ bundleProductIds: [member.id] });
    const bundleLicense = (await createLicense(bundle.id)).data!;
    const plainLicense = (await createLicense(outsider.id)).data!;
    expect((await createLicense(member.id, { bundleLicenseId: bundleLicense.id })).response.status).toBe(201);
    for (const [productId, bundleLicenseId] of [[outsider.id, bundleLicense.id], [member.id, bundleLicense.id], [member.id, plainLicense.id]]) {
      const refused = await createLicense(productId!, { bundleLicenseId });
      expect([refused.response.status, refused.error?.code]).toEqual([400, "INVALID_BUNDLE_LICENSE_ID"]);
    }
  });

  it("makes a bundle an ordinary product again with an empty list", async () => {
    const bundle = await product({ bundleProductIds: [(await product()).id] });
    const { data } = await patchProduct(bundle.id, { bundleProductIds: [] });
    expect(data!.licenseApi!.bundleProductIds).toBeNull();
  });

  it("refuses bundle products that are not other products of the account, and duplicate custom field names (400)", async () => {
    const other = await api.server.account();
    const theirs = (await api.server.v3(other.token).POST("/v3/products", { body: { name: "Theirs" } })).data!;
    const mine = await product();
    for (const ids of [[randomUUID()], [theirs.id], [mine.id]]) {
      const refused = await patchProduct(mine.id, { bundleProductIds: ids });
      expect([refused.response.status, refused.error?.code]).toEqual([400, "INVALID_PRODUCT_ID"]);
    }
    const created = await api.client.POST("/v3/products", { body: { name: "Bundle", licenseApi: { bundleProductIds: [theirs.id] } } });
    expect([created.response.status, created.error?.code]).toEqual([400, "INVALID_PRODUCT_ID"]);
    const duplicate = await patchProduct(mine.id, { customFields: [{ name: "a", defaultValue: "1" }, { name: "a", defaultValue: "2" }] });
    expect([duplicate.response.status, duplicate.error?.code]).toEqual([400, "INVALID_LICENSE_API"]);
    const { data } = await api.client.GET("/v3/products/{id}", { params: { path: { id: mine.id } } });
    expect(data!.licenseApi).toEqual(mine.licenseApi);
  });
});
