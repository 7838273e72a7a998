/** A product's License API (v4) side, managed through v3: set, read back, refused on a clash, and used by v4 clients. */
import { expect, it } from "vitest";
import { createApiKey, getAccount } from "../../server/core/index.js";
import { describeApi } from "../support/api.js";
import { licenseApi } from "../support/sdk.js";

describeApi("products in the License API, through v3", (api) => {
  it("creates a product with a short code and v4 settings that v4's product_details then shows", async () => {
    const product = await api.createProduct({ name: "Editor", licenseApi: { shortCode: "EDIT-1", allowTrial: true, trialDays: 30, preventVm: true } });
    expect(product.licenseApi).toEqual({
      shortCode: "EDIT-1", authorizationMethod: "license-key", allowTrial: true, trialDays: 30, floatingTimeout: 120, allowOverages: false, maxOverages: 0, preventVm: true,
      customFields: [], bundleProductIds: null,
    });
    const key = await createApiKey(api.server.core, { accountId: api.admin.accountId });
    const { publicKeyPem } = await getAccount(api.server.core, api.admin.accountId);
    const details = await licenseApi(api.server.url, { ...key, publicKeyPem }).getProductDetails({ product: "EDIT-1" });
    expect(details).toMatchObject({ short_code: "EDIT-1", allow_trial: true, trial_days: 30, prevent_vm: true });
  });

  it("changes only the given settings, and moves the product to user-based licenses", async () => {
    const product = await api.createProduct({ name: "Studio", licenseApi: { shortCode: "STUDIO-1", trialDays: 7 } });
    const { data } = await api.client.PATCH("/v3/products/{id}", { params: { path: { id: product.id } }, body: { licenseApi: { authorizationMethod: "user" } } });
    expect(data!.licenseApi).toMatchObject({ shortCode: "STUDIO-1", authorizationMethod: "user", trialDays: 7 });
  });

  it("refuses a short code another product of the account has (409), and a malformed one (400)", async () => {
    await api.createProduct({ name: "First", licenseApi: { shortCode: "TAKEN-1" } });
    const clash = await api.client.POST("/v3/products", { body: { name: "Second", licenseApi: { shortCode: "TAKEN-1" } } });
    expect([clash.response.status, clash.error?.code]).toEqual([409, "SHORT_CODE_ALREADY_EXISTS"]);
    const other = await api.createProduct({ name: "Third" });
    const renamed = await api.client.PATCH("/v3/products/{id}", { params: { path: { id: other.id } }, body: { licenseApi: { shortCode: "TAKEN-1" } } });
    expect([renamed.response.status, renamed.error?.code]).toEqual([409, "SHORT_CODE_ALREADY_EXISTS"]);
    const malformed = await api.client.POST("/v3/products", { body: { name: "Bad", licenseApi: { shortCode: "-no spaces-" } } });
    expect(malformed.response.status).toBe(400);
  });

  it("lets another account use the same short code", async () => {
    const other = await api.server.account();
    await api.createProduct({ name: "Mine", licenseApi: { shortCode: "SHARED-1" } });
    const theirs = await api.server.v3(other.token).POST("/v3/products", { body: { name: "Theirs", licenseApi: { shortCode: "SHARED-1" } } });
    expect(theirs.response.status).toBe(201);
  });
});
