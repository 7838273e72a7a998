/**
 * v4 trial keys: a trial license of a product for one device (and, on user-based products, one email), created on
 * first request and returned again afterwards. The unique (product, hardware ID) index settles parallel requests.
 */
import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import {
  LicenseUserAssignmentEntity, LicenseUserEntity, TrialKeyEntity, LicenseEntity,
  type LicenseRow, type LicenseUserRow, type ProductRow,
} from "../db/index.js";
import { retryOnceOnDuplicate } from "./activate-license.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { findProductByCode } from "./identify-license.js";
import { productLicensingOf } from "./license-terms.js";
import { insertLicense } from "./licenses.js";
import { generatePassword, hashPassword } from "./passwords.js";

const dayMs = 86_400_000;

export interface TrialRequest {
  accountId: string;
  allowedProductIds: string[] | null;
  product: string;
  hardwareId: string;
  email?: string;
  password?: string;
}

export type TrialKey =
  | { created: true; product: ProductRow; license: LicenseRow; user: { row: LicenseUserRow; password: string } | null }
  | { created: false; product: ProductRow; license: LicenseRow; user: LicenseUserRow | null };

export function getTrialKey(core: Core, request: TrialRequest): Promise<TrialKey> {
  return retryOnceOnDuplicate(() =>
    core.db.transaction(async (tx) => {
      const product = await findProductByCode(tx, request.accountId, request.product, request.allowedProductIds);
      const licensing = productLicensingOf(product);
      if (!licensing.allowTrial) throw new DomainError("TRIAL_NOT_ALLOWED");
      const userBased = product.authorizationMethod === "user";
      if (userBased && !request.email) throw new DomainError("EMAIL_MISSING");
      const existing = await tx.findOneBy(TrialKeyEntity, { productId: product.id, hardwareId: request.hardwareId });
      if (existing) return existingTrial(tx, product, existing.licenseId, existing.email);
      return createTrial(tx, product, request, licensing.trialDays, core.now());
    }),
  );
}

async function existingTrial(tx: EntityManager, product: ProductRow, licenseId: string, email: string | null): Promise<TrialKey> {
  const license = await tx.findOneByOrFail(LicenseEntity, { id: licenseId });
  const user = email ? await tx.findOneBy(LicenseUserEntity, { accountId: product.accountId, email }) : null;
  return { created: false, product, license, user };
}

async function createTrial(tx: EntityManager, product: ProductRow, request: TrialRequest, trialDays: number, now: Date): Promise<TrialKey> {
  const license = await insertLicense(tx, product.accountId, {
    productId: product.id, allowedActivations: 1, allowedDeactivations: 0, expiresAt: new Date(now.getTime() + trialDays * dayMs),
    allowVmActivation: !productLicensingOf(product).preventVm, terms: { licenseType: "time-limited", isTrial: true, trialDays } as LicenseRow["terms"],
  }, now);
  const email = request.email?.toLowerCase() ?? null;
  const user = product.authorizationMethod === "user" ? await assignTrialUser(tx, product, license, email!, request.password, now) : null;
  await tx.insert(TrialKeyEntity, { id: randomUUID(), accountId: product.accountId, productId: product.id, hardwareId: request.hardwareId, email, licenseId: license.id, createdAt: now });
  return { created: true, product, license, user };
}

/** The trial's license user: an existing login of that email, or a new one with the given or a generated password. */
async function assignTrialUser(tx: EntityManager, product: ProductRow, license: LicenseRow, email: string, password: string | undefined, now: Date) {
  const initial = password ?? generatePassword();
  let row = await tx.findOneBy(LicenseUserEntity, { accountId: product.accountId, email });
  if (!row) {
    row = {
      id: randomUUID(), accountId: product.accountId, customerId: null, email, passwordHash: await hashPassword(initial), initialPassword: initial,
      isInitialPassword: true, firstName: null, lastName: null, phoneNumber: null, isActive: true, createdAt: now, updatedAt: now,
    };
    await tx.insert(LicenseUserEntity, row);
  }
  await tx.insert(LicenseUserAssignmentEntity, {
    id: randomUUID(), accountId: product.accountId, licenseId: license.id, licenseUserId: row.id, productId: product.id,
    maxActivations: 1, allowUnlimitedActivations: false, createdAt: now,
  });
  // A user who already changed the first password keeps it; the answer cannot show it and says so.
  return { row, password: row.initialPassword ?? "unchanged" };
}
