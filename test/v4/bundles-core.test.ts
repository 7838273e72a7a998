/** Which licenses a bundle license unlocks (core level, both databases). */
import { beforeAll, expect, it } from "vitest";
import { unlockedLicenses } from "../../server/core/bundles.js";
import { defaultProductLicensing } from "../../server/core/license-terms.js";
import { createAccount, createLicense, createProduct, type Core } from "../../server/core/index.js";
import { LicenseEntity, ProductEntity, type LicenseRow, type ProductRow } from "../../server/db/index.js";
import { describeEachDatabase } from "../support/database.js";

describeEachDatabase("bundle members", (getCore) => {
  let core: Core;
  let accountId: string;

  beforeAll(async () => {
    core = getCore();
    accountId = (await createAccount(core, { name: "bundle vendor" })).id;
  });

  async function product(bundleProductIds: string[] | null = null): Promise<ProductRow> {
    const { id } = await createProduct(core, accountId, { name: "P" });
    const licensing = { ...defaultProductLicensing, bundleProductIds };
    await core.db.transaction((tx) => tx.update(ProductEntity, { id }, { licensing: licensing as never }));
    return core.db.read((tx) => tx.findOneByOrFail(ProductEntity, { id }));
  }

  async function license(productId: string, bundleLicenseId: string | null = null): Promise<LicenseRow> {
    const { id } = await createLicense(core, accountId, { productId });
    await core.db.transaction((tx) => tx.update(LicenseEntity, { id }, { bundleLicenseId }));
    return core.db.read((tx) => tx.findOneByOrFail(LicenseEntity, { id }));
  }

  const members = (bundle: { product: ProductRow; license: LicenseRow }, lock = false) =>
    core.db.transaction((tx) => unlockedLicenses(tx, bundle, { lock }));

  it("lists the unlocked licenses in the bundle's product order, ignoring other bundles' and unlisted products' licenses", async () => {
    const [a, b, unlisted] = [await product(), await product(), await product()];
    const bundleProduct = await product([b.id, a.id]);
    const bundleLicense = await license(bundleProduct.id);
    const otherBundleLicense = await license(bundleProduct.id);
    const [forA, forB] = [await license(a.id, bundleLicense.id), await license(b.id, bundleLicense.id)];
    await license(a.id, otherBundleLicense.id);
    await license(unlisted.id, bundleLicense.id);
    await license(a.id);
    for (const lock of [false, true]) {
      const found = await members({ product: bundleProduct, license: bundleLicense }, lock);
      expect(found.map((m) => [m.product.id, m.license.id])).toEqual([[b.id, forB.id], [a.id, forA.id]]);
    }
  });

  it("refuses a product that is no bundle, and a bundle license that unlocks nothing", async () => {
    const plain = await product();
    await expect(members({ product: plain, license: await license(plain.id) })).rejects.toMatchObject({ code: "PRODUCT_NOT_FOUND" });
    const empty = await product([]);
    await expect(members({ product: empty, license: await license(empty.id) })).rejects.toMatchObject({ code: "PRODUCT_NOT_FOUND" });
    const bundleProduct = await product([plain.id]);
    await expect(members({ product: bundleProduct, license: await license(bundleProduct.id) })).rejects.toMatchObject({ code: "LICENSE_NOT_FOUND" });
  });
});
