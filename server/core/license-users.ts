/** What v4 clients see of license users: their licenses, a customer's users, password changes. Vendors manage them in manage-license-users.ts. */
import {
  ActivationEntity, CustomerEntity, LicenseEntity, LicenseUserAssignmentEntity, LicenseUserEntity,
  type CustomerRow, type LicenseRow, type LicenseUserAssignmentRow, type LicenseUserRow, type ProductRow,
} from "../db/index.js";
import type { EntityManager } from "typeorm";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { findProductByCode, identifyLicense, type IdentifiedLicense, type LicenseQuery } from "./identify-license.js";
import { hashPassword, verifyPassword } from "./passwords.js";

/** Every license of the product assigned to the logged-in user (`user_licenses`). */
export async function listUserLicenses(core: Core, query: LicenseQuery): Promise<IdentifiedLicense[]> {
  return core.db.read(async (tx) => {
    // Only user-based products have license users: a key-based one is the wrong method, not a missing key.
    const product = await findProductByCode(tx, query.accountId, query.product, query.allowedProductIds);
    if (product.authorizationMethod !== "user") throw new DomainError("INVALID_AUTHORIZATION_METHOD");
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
