/**
 * What a vendor sets up for the License API (v4) on its products and licenses: a product's short code, how its
 * licenses are identified and its v4 settings; a license's v4 terms (features, consumption, borrowing, …) and
 * customer. Releases (product versions) are in releases.ts.
 */
import {
  LicenseEntity, ProductEntity, isUniqueViolation, type AuthorizationMethod, type LicenseTerms, type ProductLicensing, type ProductRow,
} from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { presentLicense } from "./event-payloads.js";
import { recordEvent } from "./events.js";
import { productLicensingOf, termsOf } from "./license-terms.js";
import { findLicense, findProduct, licenseRecord } from "./records.js";

/** A product's License API (v4) side as v3 and the admin CLI set it; omitted fields keep their value. */
export type ProductLicensingInput = Partial<Omit<ProductLicensing, "customFields" | "bundleProductIds" | "metadata">> & {
  shortCode?: string | null;
  authorizationMethod?: AuthorizationMethod;
  customFields?: ProductLicensing["customFields"];
  bundleProductIds?: ProductLicensing["bundleProductIds"];
  metadata?: ProductLicensing["metadata"];
};

const shortCodePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** The product columns after `input`; callers save them and turn a unique violation into SHORT_CODE_ALREADY_EXISTS. */
export function withProductLicensing(product: ProductRow, input: ProductLicensingInput | undefined): ProductRow {
  if (!input) return product;
  const { shortCode, authorizationMethod, ...settings } = input;
  if (typeof shortCode === "string" && !shortCodePattern.test(shortCode)) {
    throw new DomainError("INVALID_PRODUCT_ID", "A short code is 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit.");
  }
  return {
    ...product,
    shortCode: shortCode === undefined ? product.shortCode ?? null : shortCode,
    authorizationMethod: authorizationMethod ?? product.authorizationMethod ?? "license-key",
    licensing: { ...productLicensingOf(product), ...definedOnly(settings) },
  };
}

/** Saves a product row whose short code may clash with another product's. */
export async function saveProductRow<T>(save: () => Promise<T>): Promise<T> {
  try {
    return await save();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("SHORT_CODE_ALREADY_EXISTS");
    throw error;
  }
}

/** Sets a product's v4 identity and settings (the admin CLI's set-product-licensing). */
export async function setProductLicensing(core: Core, accountId: string, productId: string, input: ProductLicensingInput): Promise<void> {
  await saveProductRow(() =>
    core.db.transaction(async (tx) => {
      const product = await findProduct(tx, accountId, productId);
      await tx.save(ProductEntity, { ...withProductLicensing(product, input), updatedAt: core.now() });
    }),
  );
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Merges v4 terms into a license (and links its customer); fires `license.updated`. */
export async function setLicenseTerms(
  core: Core, accountId: string, licenseId: string, input: { terms?: Partial<LicenseTerms>; customerId?: string | null; bundleLicenseId?: string | null },
): Promise<void> {
  await core.db.transaction(async (tx) => {
    const license = await findLicense(tx, accountId, licenseId);
    const now = core.now();
    const next = {
      ...license,
      terms: { ...termsOf(license), ...input.terms },
      customerId: input.customerId === undefined ? license.customerId ?? null : input.customerId,
      bundleLicenseId: input.bundleLicenseId === undefined ? license.bundleLicenseId ?? null : input.bundleLicenseId,
      updatedAt: now,
    };
    await tx.save(LicenseEntity, next);
    await recordEvent(tx, { accountId, type: "license.updated", data: presentLicense(await licenseRecord(tx, next)), at: now });
  });
}
