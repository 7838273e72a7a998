/**
 * v4 license identification: the product by its short code, then the license by key, or by license user (login or
 * SSO), optionally pinned with `license_id`. Every v4 license operation starts here.
 */
import type { EntityManager } from "typeorm";
import {
  LicenseEntity, LicenseUserAssignmentEntity, LicenseUserEntity, ProductEntity, lockLicense,
  type LicenseRow, type LicenseUserAssignmentRow, type LicenseUserRow, type ProductRow,
} from "../db/index.js";
import { DomainError } from "./errors.js";
import { numericId } from "./numeric-id.js";
import { verifyPassword } from "./passwords.js";

/** How the client names the license: a key, a login, or a user already proven by SSO (its email). */
export type LicenseCredential =
  | { kind: "key"; licenseKey: string }
  | { kind: "login"; username: string; password?: string }
  | { kind: "sso"; email: string };

export interface LicenseQuery {
  accountId: string;
  /** Products the caller's API key may act on; null = all. */
  allowedProductIds: string[] | null;
  product: string;
  credential: LicenseCredential;
  /** Numeric `license_id` choosing one of a user's licenses. */
  licenseId?: number;
  /**
   * Whether a login must carry a password. Activation does; check-style calls identify a user-based license by
   * `username` alone, as the SDKs send it.
   */
  passwordRequired?: boolean;
}

export interface IdentifiedLicense {
  product: ProductRow;
  license: LicenseRow;
  /** The license user of a user-based license, with its allowance on the license. */
  user: { row: LicenseUserRow; assignment: LicenseUserAssignmentRow } | null;
}

/** The product `shortCode` of the account, refused when the API key is limited to other products. */
export async function findProductByCode(tx: EntityManager, accountId: string, shortCode: string, allowedProductIds: string[] | null): Promise<ProductRow> {
  const product = await tx.findOneBy(ProductEntity, { accountId, shortCode });
  if (!product) throw new DomainError("PRODUCT_NOT_FOUND");
  if (allowedProductIds && !allowedProductIds.includes(product.id)) throw new DomainError("PRODUCT_NOT_ALLOWED");
  return product;
}

/** Finds the license; with `lock`, the license row is locked for the rest of the transaction (seat changes). */
export async function identifyLicense(tx: EntityManager, query: LicenseQuery, options: { lock: boolean }): Promise<IdentifiedLicense> {
  const product = await findProductByCode(tx, query.accountId, query.product, query.allowedProductIds);
  const found = query.credential.kind === "key" ? await byKey(tx, product, query.credential.licenseKey) : await byUser(tx, product, query);
  const license = options.lock ? await lockLicense(tx, found.license.id) : found.license;
  if (!license) throw new DomainError("LICENSE_NOT_FOUND");
  return { ...found, product, license };
}

async function byKey(tx: EntityManager, product: ProductRow, licenseKey: string): Promise<Omit<IdentifiedLicense, "product">> {
  if (product.authorizationMethod === "user") throw new DomainError("INVALID_AUTHORIZATION_METHOD");
  const license = await tx.findOneBy(LicenseEntity, { productId: product.id, key: licenseKey });
  if (!license) throw new DomainError("LICENSE_NOT_FOUND");
  return { license, user: null };
}

async function byUser(tx: EntityManager, product: ProductRow, query: LicenseQuery): Promise<Omit<IdentifiedLicense, "product">> {
  if (product.authorizationMethod !== "user") throw new DomainError("LICENSE_KEY_REQUIRED");
  const row = await findLicenseUser(tx, query);
  const assignments = await tx.find(LicenseUserAssignmentEntity, { where: { licenseUserId: row.id, productId: product.id }, order: { createdAt: "ASC" } });
  const assignment = query.licenseId === undefined ? assignments[0] : assignments.find((a) => numericId(a.licenseId) === query.licenseId);
  const license = assignment ? await tx.findOneBy(LicenseEntity, { id: assignment.licenseId }) : null;
  if (!assignment || !license) throw new DomainError("LICENSE_NOT_FOUND");
  return { license, user: { row, assignment } };
}

/** The login's user; a wrong password and an unknown user are the same refusal, so logins cannot be probed. */
async function findLicenseUser(tx: EntityManager, query: LicenseQuery): Promise<LicenseUserRow> {
  const credential = query.credential as Exclude<LicenseCredential, { kind: "key" }>;
  const email = credential.kind === "sso" ? credential.email : credential.username;
  const row = await tx.findOneBy(LicenseUserEntity, { accountId: query.accountId, email: email.toLowerCase() });
  if (credential.kind === "sso") {
    // A deactivated user is refused however it proves who it is.
    if (!row || !row.isActive) throw new DomainError("LICENSE_NOT_FOUND");
    return row;
  }
  const needsPassword = query.passwordRequired || credential.password !== undefined;
  const passwordOk = row && (!needsPassword || (credential.password !== undefined && (await verifyPassword(credential.password, row.passwordHash))));
  if (!row || !passwordOk || !row.isActive) throw new DomainError(needsPassword ? "INVALID_CREDENTIALS" : "LICENSE_NOT_FOUND");
  return row;
}
