/** License users: creating and assigning them, and what v4 clients see (their licenses, a customer's users, password changes). */
import { randomUUID } from "node:crypto";
import {
  ActivationEntity, CustomerEntity, isUniqueViolation, LicenseEntity, LicenseUserAssignmentEntity, LicenseUserEntity,
  type CustomerRow, type LicenseRow, type LicenseUserAssignmentRow, type LicenseUserRow, type ProductRow,
} from "../db/index.js";
import type { EntityManager } from "typeorm";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { findProductByCode, identifyLicense, type IdentifiedLicense, type LicenseQuery } from "./identify-license.js";
import { generatePassword, hashPassword, verifyPassword } from "./passwords.js";
import { findLicense } from "./records.js";

/** Every license of the product assigned to the logged-in user (`user_licenses`). */
export async function listUserLicenses(core: Core, query: LicenseQuery): Promise<IdentifiedLicense[]> {
  return core.db.read(async (tx) => {
    const first = await identifyLicense(tx, { ...query, passwordRequired: true }, { lock: false });
    const { row } = first.user!;
    const assignments = await tx.find(LicenseUserAssignmentEntity, { where: { licenseUserId: row.id, productId: first.product.id }, order: { createdAt: "ASC" } });
    const licenses = await Promise.all(assignments.map((assignment) => tx.findOneByOrFail(LicenseEntity, { id: assignment.licenseId })));
    return licenses.map((license, i) => ({ product: first.product, license, user: { row, assignment: assignments[i]! } }));
  });
}

export interface CustomerLicenseUser {
  row: LicenseUserRow;
  assignment: LicenseUserAssignmentRow;
  license: LicenseRow;
  totalActivations: number;
}

/** The license users on the customer's licenses of a user-based product (`customer_license_users`). */
export async function listCustomerLicenseUsers(
  core: Core, accountId: string, allowedProductIds: string[] | null, productCode: string, customerEmail: string,
): Promise<{ product: ProductRow; customer: CustomerRow; users: CustomerLicenseUser[] }> {
  return core.db.read(async (tx) => {
    const product = await findProductByCode(tx, accountId, productCode, allowedProductIds);
    if (product.authorizationMethod !== "user") throw new DomainError("INVALID_AUTHORIZATION_METHOD");
    const customer = await tx.findOneBy(CustomerEntity, { accountId, email: customerEmail.toLowerCase() });
    if (!customer) throw new DomainError("CUSTOMER_NOT_FOUND");
    const licenses = await tx.findBy(LicenseEntity, { productId: product.id, customerId: customer.id });
    const users = await Promise.all(licenses.map((license) => usersOf(tx, license)));
    return { product, customer, users: users.flat() };
  });
}

async function usersOf(tx: EntityManager, license: LicenseRow): Promise<CustomerLicenseUser[]> {
  const assignments = await tx.findBy(LicenseUserAssignmentEntity, { licenseId: license.id });
  return Promise.all(
    assignments.map(async (assignment) => ({
      row: await tx.findOneByOrFail(LicenseUserEntity, { id: assignment.licenseUserId }),
      assignment,
      license,
      totalActivations: await tx.countBy(ActivationEntity, { licenseId: license.id, userKey: assignment.licenseUserId }),
    })),
  );
}

/** Replaces the password after checking the current one; the vendor's first password is no longer shown. */
export async function changePassword(core: Core, accountId: string, username: string, password: string, newPassword: string): Promise<void> {
  const user = await core.db.read((tx) => tx.findOneBy(LicenseUserEntity, { accountId, email: username.toLowerCase() }));
  if (!user || !user.isActive || !(await verifyPassword(password, user.passwordHash))) throw new DomainError("INVALID_CREDENTIALS");
  if (newPassword === password) throw new DomainError("CHANGE_PASSWORD_NOT_ALLOWED", "The new password must differ from the current one.");
  const passwordHash = await hashPassword(newPassword);
  await core.db.transaction((tx) => tx.update(LicenseUserEntity, { id: user.id }, { passwordHash, initialPassword: null, isInitialPassword: false, updatedAt: core.now() }));
}

/** A license user (login of user-based licenses); the first password is generated unless given, and shown once. */
export async function createLicenseUser(
  core: Core, accountId: string, input: { email: string; password?: string; firstName?: string; lastName?: string; customerId?: string },
): Promise<{ row: LicenseUserRow; password: string }> {
  const password = input.password ?? generatePassword();
  const now = core.now();
  const row: LicenseUserRow = {
    id: randomUUID(), accountId, customerId: input.customerId ?? null, email: input.email.toLowerCase(), passwordHash: await hashPassword(password),
    initialPassword: password, isInitialPassword: true, firstName: input.firstName ?? null, lastName: input.lastName ?? null, phoneNumber: null,
    isActive: true, createdAt: now, updatedAt: now,
  };
  try {
    await core.db.transaction((tx) => tx.insert(LicenseUserEntity, row));
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("LICENSE_USER_ALREADY_EXISTS");
    throw error;
  }
  return { row, password };
}

/** Gives a license user a seat allowance on a license of a user-based product. */
export async function assignLicenseUser(
  core: Core, accountId: string, input: { licenseId: string; email: string; maxActivations: number; allowUnlimitedActivations: boolean },
): Promise<LicenseUserAssignmentRow> {
  return core.db.transaction(async (tx) => {
    const license = await findLicense(tx, accountId, input.licenseId);
    const user = await tx.findOneBy(LicenseUserEntity, { accountId, email: input.email.toLowerCase() });
    if (!user) throw new DomainError("LICENSE_USER_NOT_FOUND");
    const row: LicenseUserAssignmentRow = {
      id: randomUUID(), accountId, licenseId: license.id, licenseUserId: user.id, productId: license.productId,
      maxActivations: input.maxActivations, allowUnlimitedActivations: input.allowUnlimitedActivations, createdAt: core.now(),
    };
    await tx.insert(LicenseUserAssignmentEntity, row);
    return row;
  });
}
