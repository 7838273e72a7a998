/**
 * What a vendor sets up for the License API (v4) on its products and licenses: a product's short code, how its
 * licenses are identified and its v4 settings; a license's v4 terms (features, consumption, borrowing, …) and
 * customer; product versions.
 */
import { randomUUID } from "node:crypto";
import { LicenseEntity, ProductEntity, ProductVersionEntity, isUniqueViolation, type AuthorizationMethod, type LicenseTerms, type ProductLicensing, type ProductVersionRow } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { presentLicense } from "./event-payloads.js";
import { recordEvent } from "./events.js";
import { productLicensingOf, termsOf } from "./license-terms.js";
import { findLicense, findProduct, licenseRecord } from "./records.js";

export interface ProductLicensingInput {
  shortCode?: string;
  authorizationMethod?: AuthorizationMethod;
  licensing?: Partial<ProductLicensing>;
}

const shortCodePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Sets a product's v4 identity and settings (each omitted part keeps its value); SHORT_CODE_ALREADY_EXISTS on a clash. */
export async function setProductLicensing(core: Core, accountId: string, productId: string, input: ProductLicensingInput): Promise<void> {
  if (input.shortCode !== undefined && !shortCodePattern.test(input.shortCode)) {
    throw new DomainError("INVALID_PRODUCT_ID", "A short code is 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit.");
  }
  try {
    await core.db.transaction(async (tx) => {
      const product = await findProduct(tx, accountId, productId);
      await tx.update(ProductEntity, { id: product.id }, {
        shortCode: input.shortCode ?? product.shortCode ?? null,
        authorizationMethod: input.authorizationMethod ?? product.authorizationMethod ?? "license-key",
        licensing: { ...productLicensingOf(product), ...input.licensing } as never,
        updatedAt: core.now(),
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("SHORT_CODE_ALREADY_EXISTS");
    throw error;
  }
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

export type ProductVersionInput = Pick<ProductVersionRow, "version" | "environment" | "channel" | "fullLink" | "filename"> &
  Partial<Pick<ProductVersionRow, "hashMd5" | "eulaLink" | "releaseNotesLink" | "size" | "requiresVersion" | "enabled">> & { releaseDate?: string | null };

/** Publishes a version (installation file) of a product. */
export async function addProductVersion(core: Core, accountId: string, productId: string, input: ProductVersionInput): Promise<ProductVersionRow> {
  return core.db.transaction(async (tx) => {
    await findProduct(tx, accountId, productId);
    const now = core.now();
    const row: ProductVersionRow = {
      id: randomUUID(), accountId, productId, version: input.version, environment: input.environment, channel: input.channel,
      fullLink: input.fullLink, filename: input.filename, releaseDate: input.releaseDate ? new Date(input.releaseDate) : null,
      hashMd5: input.hashMd5 ?? null, eulaLink: input.eulaLink ?? null, releaseNotesLink: input.releaseNotesLink ?? null, size: input.size ?? null,
      requiresVersion: input.requiresVersion ?? null, enabled: input.enabled ?? true, createdAt: now, updatedAt: now,
    };
    await tx.insert(ProductVersionEntity, row);
    return row;
  });
}
