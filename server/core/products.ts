/** Products: creation (with their RSA key pair), listing, reading, updating and deleting. */
import { randomUUID } from "node:crypto";
import { LicenseEntity, ProductEntity, TrialActivationEntity, type ProductRow } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { generateRsaKeyPair } from "./keys.js";
import { buildMetadata, buildTrialPolicy, type MetadataInput, type TrialPolicyInput } from "./metadata.js";
import type { Page, PageRequest, Product } from "./model.js";
import { findPage } from "./paging.js";
import { findProduct, toProduct } from "./records.js";
import { refuseDuplicate } from "./refuse-duplicate.js";
import { withProductLicensing, type ProductLicensingInput } from "./v4-catalog.js";

export interface ProductInput {
  name: string;
  displayName?: string;
  description?: string | null;
  metadata?: MetadataInput[];
  trialPolicy?: TrialPolicyInput | null;
  /** The product in the License API (v4). */
  licenseApi?: ProductLicensingInput;
}

export type ProductUpdate = Partial<ProductInput>;

/** Creates a product; its key pair is generated before the transaction (it is slow). @see openapi/v3.yaml createProduct */
export async function createProduct(core: Core, accountId: string, input: ProductInput): Promise<Product> {
  const keys = await generateRsaKeyPair();
  const now = core.now();
  const row = await refuseDuplicate("SHORT_CODE_ALREADY_EXISTS", () => core.db.transaction(async (tx) => {
    const product = await withProductLicensing(tx, {
      id: randomUUID(), accountId, name: input.name, displayName: input.displayName ?? input.name,
      description: input.description ?? null, ...keys, trialPolicy: buildTrialPolicy(input.trialPolicy),
      metadata: buildMetadata(input.metadata ?? [], now), createdAt: now, updatedAt: now,
    }, input.licenseApi);
    await tx.insert(ProductEntity, product as never);
    return product;
  }));
  return core.db.read((tx) => toProduct(tx, row));
}

export async function listProducts(core: Core, accountId: string, query: PageRequest = {}): Promise<Page<Product>> {
  return core.db.read(async (tx) => {
    const page = await findPage(tx, ProductEntity, { accountId }, query, ["createdAt", "updatedAt", "name"]);
    return { items: await Promise.all(page.items.map((row) => toProduct(tx, row))), total: page.total };
  });
}

export async function getProduct(core: Core, accountId: string, id: string): Promise<Product> {
  return core.db.read(async (tx) => toProduct(tx, await findProduct(tx, accountId, id)));
}

/** Changes the given fields; `trialPolicy: null` switches trials off. The key pair never changes. */
export async function updateProduct(core: Core, accountId: string, id: string, input: ProductUpdate): Promise<Product> {
  const saved = await refuseDuplicate("SHORT_CODE_ALREADY_EXISTS", () => core.db.transaction(async (tx) => {
    const row = await findProduct(tx, accountId, id);
    const now = core.now();
    const next: ProductRow = {
      ...(await withProductLicensing(tx, row, input.licenseApi)),
      name: input.name ?? row.name,
      displayName: input.displayName ?? row.displayName,
      description: input.description === undefined ? row.description : input.description,
      metadata: input.metadata ? buildMetadata(input.metadata, now, row.metadata) : row.metadata,
      trialPolicy: input.trialPolicy === undefined ? row.trialPolicy : buildTrialPolicy(input.trialPolicy),
      updatedAt: now,
    };
    await tx.save(ProductEntity, next);
    return next;
  }));
  return core.db.read((tx) => toProduct(tx, saved));
}

/** Deletes a product that has no licenses and no trial activations left (else PRODUCT_IN_USE). */
export async function deleteProduct(core: Core, accountId: string, id: string): Promise<void> {
  await core.db.transaction(async (tx) => {
    await findProduct(tx, accountId, id);
    const inUse = (await tx.existsBy(LicenseEntity, { productId: id })) || (await tx.existsBy(TrialActivationEntity, { productId: id }));
    if (inUse) throw new DomainError("PRODUCT_IN_USE");
    await tx.delete(ProductEntity, { id });
  });
}
