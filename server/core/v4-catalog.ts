/**
 * What a vendor sets up for the License API (v4) on its products: a product's short code, how its licenses are
 * identified, its v4 settings, custom fields and bundle list. (A license's v4 side is license-terms-input.ts;
 * releases, the product versions, are releases.ts.)
 */
import { randomUUID } from "node:crypto";
import { In, type EntityManager } from "typeorm";
import {
  ProductEntity, type AuthorizationMethod, type ProductCustomField, type ProductLicensing, type ProductRow,
} from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { productLicensingOf } from "./license-terms.js";
import { definedOnly } from "./paging.js";
import { findProduct } from "./records.js";
import { refuseDuplicate } from "./refuse-duplicate.js";

/** A product custom field as set; a kept name keeps its id. */
export type ProductCustomFieldInput = Pick<ProductCustomField, "name" | "defaultValue">;

/** A product's License API (v4) side as v3 and the admin CLI set it; omitted fields keep their value. */
export type ProductLicensingInput = Partial<Omit<ProductLicensing, "customFields">> & {
  shortCode?: string | null;
  authorizationMethod?: AuthorizationMethod;
  /** Replaces the custom fields (defaults that the product's licenses inherit). */
  customFields?: ProductCustomFieldInput[];
};

const shortCodePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * The product row after `input`, checked (a bundle lists other products of the account); callers save it and turn a
 * unique violation into SHORT_CODE_ALREADY_EXISTS (refuseDuplicate).
 */
export async function withProductLicensing(tx: EntityManager, product: ProductRow, input: ProductLicensingInput | undefined): Promise<ProductRow> {
  if (!input) return product;
  const { shortCode, authorizationMethod, customFields, bundleProductIds, ...settings } = input;
  if (typeof shortCode === "string" && !shortCodePattern.test(shortCode)) {
    throw new DomainError("INVALID_PRODUCT_ID", "A short code is 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit.");
  }
  const before = productLicensingOf(product);
  if (bundleProductIds) await assertBundleProducts(tx, product, bundleProductIds);
  return {
    ...product,
    shortCode: shortCode === undefined ? product.shortCode ?? null : shortCode,
    authorizationMethod: authorizationMethod ?? product.authorizationMethod ?? "license-key",
    licensing: {
      ...before,
      ...definedOnly(settings),
      ...(customFields ? { customFields: replaceCustomFields(before.customFields, customFields) } : {}),
      // An empty list makes the product an ordinary one again.
      ...(bundleProductIds !== undefined ? { bundleProductIds: bundleProductIds?.length ? bundleProductIds : null } : {}),
    },
  };
}

function replaceCustomFields(previous: ProductCustomField[], inputs: ProductCustomFieldInput[]): ProductCustomField[] {
  const names = inputs.map((field) => field.name);
  if (new Set(names).size !== names.length) throw new DomainError("INVALID_LICENSE_API", "Custom field names must be unique.");
  return inputs.map(({ name, defaultValue }) => ({ id: previous.find((field) => field.name === name)?.id ?? randomUUID(), name, defaultValue }));
}

/** A bundle unlocks other products of the same account. */
async function assertBundleProducts(tx: EntityManager, bundle: ProductRow, ids: string[]): Promise<void> {
  if (ids.includes(bundle.id)) throw new DomainError("INVALID_PRODUCT_ID", "A bundle cannot list itself.");
  const found = await tx.countBy(ProductEntity, { id: In(ids), accountId: bundle.accountId });
  if (found !== new Set(ids).size) throw new DomainError("INVALID_PRODUCT_ID", "A product of bundleProductIds does not exist.");
}

/** Sets a product's v4 identity and settings (the admin CLI's set-product-licensing). */
export async function setProductLicensing(core: Core, accountId: string, productId: string, input: ProductLicensingInput): Promise<void> {
  await refuseDuplicate("SHORT_CODE_ALREADY_EXISTS", () =>
    core.db.transaction(async (tx) => {
      const product = await findProduct(tx, accountId, productId);
      await tx.save(ProductEntity, { ...(await withProductLicensing(tx, product, input)), updatedAt: core.now() });
    }),
  );
}

