/** Row → domain record mapping, and the loaders that scope every lookup to one account. */
import type { EntityManager } from "typeorm";
import {
  ActivationEntity, CustomerEntity, LicenseEntity, LicenseUserEntity, ProductEntity, TrialActivationEntity, lockCustomer,
  type ActivationRow, type CustomerRow, type LicenseRow, type LicenseUserRow, type ProductRow, type TrialActivationRow, type WebhookRow,
} from "../db/index.js";
import { DomainError, type DomainCode } from "./errors.js";
import type { Activation, License, LicenseUser, Product, TrialActivation, Webhook } from "./model.js";

export function toLicense(row: LicenseRow, totalActivations: number): License {
  return { ...row, totalActivations };
}

/** The effective expiry of an activation: its own with `rolling`, else its license's. */
export function toActivation(row: ActivationRow, license: Pick<LicenseRow, "expirationStrategy" | "expiresAt">): Activation {
  const { machineKey: _machineKey, userKey: _userKey, ...rest } = row;
  return { ...rest, expiresAt: license.expirationStrategy === "rolling" ? row.expiresAt : license.expiresAt };
}

export function toTrialActivation(row: TrialActivationRow): TrialActivation {
  const { machineKey: _machineKey, ...rest } = row;
  return rest;
}

export function toWebhook(row: WebhookRow): Webhook {
  const { token: _token, previousToken: _previousToken, ...rest } = row;
  return rest;
}

/** Passwords never leave the core: neither the hash nor the vendor-issued first password. */
export function toLicenseUser(row: LicenseUserRow): LicenseUser {
  const { passwordHash: _passwordHash, initialPassword: _initialPassword, ...rest } = row;
  return rest;
}

export async function toProduct(tx: EntityManager, row: ProductRow): Promise<Product> {
  const { privateKeyPem: _privateKeyPem, ...rest } = row;
  const [totalLicenses, totalTrialActivations] = await Promise.all([
    tx.countBy(LicenseEntity, { productId: row.id }),
    tx.countBy(TrialActivationEntity, { productId: row.id }),
  ]);
  return { ...rest, totalLicenses, totalTrialActivations };
}

export async function licenseRecord(tx: EntityManager, row: LicenseRow): Promise<License> {
  return toLicense(row, await tx.countBy(ActivationEntity, { licenseId: row.id }));
}

/** The product `id` of `accountId`, or `code` (another account's product does not exist for this one). */
export async function findProduct(tx: EntityManager, accountId: string, id: string, code: DomainCode = "PRODUCT_NOT_FOUND"): Promise<ProductRow> {
  const row = await tx.findOneBy(ProductEntity, { id, accountId });
  if (!row) throw new DomainError(code);
  return row;
}

export async function findLicense(tx: EntityManager, accountId: string, id: string, code: DomainCode = "LICENSE_NOT_FOUND"): Promise<LicenseRow> {
  const row = await tx.findOneBy(LicenseEntity, { id, accountId });
  if (!row) throw new DomainError(code);
  return row;
}

export async function findActivation(tx: EntityManager, accountId: string, id: string): Promise<ActivationRow> {
  const row = await tx.findOneBy(ActivationEntity, { id, accountId });
  if (!row) throw new DomainError("ACTIVATION_NOT_FOUND");
  return row;
}

export async function findCustomer(tx: EntityManager, accountId: string, id: string, code: DomainCode = "CUSTOMER_NOT_FOUND"): Promise<CustomerRow> {
  const row = await tx.findOneBy(CustomerEntity, { id, accountId });
  if (!row) throw new DomainError(code);
  return row;
}

/** A customer that a license or license user is about to point to, locked against its deletion (INVALID_CUSTOMER_ID if there is none). */
export async function linkCustomer(tx: EntityManager, accountId: string, id: string): Promise<void> {
  if (!(await lockCustomer(tx, accountId, id, "share"))) throw new DomainError("INVALID_CUSTOMER_ID");
}

export async function findLicenseUser(tx: EntityManager, accountId: string, id: string): Promise<LicenseUserRow> {
  const row = await tx.findOneBy(LicenseUserEntity, { id, accountId });
  if (!row) throw new DomainError("LICENSE_USER_NOT_FOUND");
  return row;
}
