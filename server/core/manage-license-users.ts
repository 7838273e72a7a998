/**
 * License users (the logins of user-based licenses) as the vendor manages them: create (the first password shown
 * once), list, read, change (a new password, deactivation) and delete.
 */
import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { LicenseUserAssignmentEntity, LicenseUserEntity, type LicenseUserRow } from "../db/index.js";
import type { Core } from "./context.js";
import { withdrawAssignment } from "./license-user-assignments.js";
import type { LicenseUser, Page, PageRequest } from "./model.js";
import { definedOnly, findPage } from "./paging.js";
import { generatePassword, hashPassword } from "./passwords.js";
import { findLicenseUser, linkCustomer, toLicenseUser } from "./records.js";
import { refuseDuplicate } from "./refuse-duplicate.js";

export interface LicenseUserInput {
  email: string;
  password?: string;
  firstName?: string | null;
  lastName?: string | null;
  phoneNumber?: string | null;
  customerId?: string | null;
  isActive?: boolean;
}

export type LicenseUserUpdate = Partial<LicenseUserInput>;

export interface LicenseUserFilters extends PageRequest {
  email?: string;
  customerId?: string;
}

type Profile = Pick<LicenseUserRow, "firstName" | "lastName" | "phoneNumber" | "customerId" | "isActive">;

/** The profile fields of `input` that are given (null clears one). */
function profileOf(input: LicenseUserUpdate): Partial<Profile> {
  const { firstName, lastName, phoneNumber, customerId, isActive } = input;
  return definedOnly({ firstName, lastName, phoneNumber, customerId, isActive });
}

/**
 * A password the vendor issues (at creation or later): stored hashed, and kept as v4's `initial_password` that
 * `customer_license_users` shows until the user replaces it with `change_password`.
 */
async function vendorIssued(password: string): Promise<Pick<LicenseUserRow, "passwordHash" | "initialPassword" | "isInitialPassword">> {
  return { passwordHash: await hashPassword(password), initialPassword: password, isInitialPassword: true };
}

/** The first password is generated unless given, and returned here only. @see openapi/v3.yaml createUser */
export async function createLicenseUser(core: Core, accountId: string, input: LicenseUserInput): Promise<LicenseUser & { password: string }> {
  const password = input.password ?? generatePassword();
  const now = core.now();
  const row: LicenseUserRow = {
    id: randomUUID(), accountId, email: input.email.toLowerCase(), firstName: null, lastName: null, phoneNumber: null, customerId: null,
    isActive: true, ...profileOf(input), ...(await vendorIssued(password)), createdAt: now, updatedAt: now,
  };
  await refuseDuplicate("LICENSE_USER_ALREADY_EXISTS", () =>
    core.db.transaction(async (tx) => {
      if (row.customerId) await linkCustomer(tx, accountId, row.customerId);
      await tx.insert(LicenseUserEntity, row);
    }),
  );
  return { ...toLicenseUser(row), password };
}

export async function listLicenseUsers(core: Core, accountId: string, query: LicenseUserFilters = {}): Promise<Page<LicenseUser>> {
  const where = definedOnly({ accountId, email: query.email?.toLowerCase(), customerId: query.customerId });
  const page = await core.db.read((tx) => findPage(tx, LicenseUserEntity, where, query, ["createdAt", "updatedAt", "email"]));
  return { items: page.items.map(toLicenseUser), total: page.total };
}

export async function getLicenseUser(core: Core, accountId: string, id: string): Promise<LicenseUser> {
  return toLicenseUser(await core.db.read((tx) => findLicenseUser(tx, accountId, id)));
}

/** Changes the given fields; a new password replaces the old one at once (v4 logins with the old one fail). */
export async function updateLicenseUser(core: Core, accountId: string, id: string, input: LicenseUserUpdate): Promise<LicenseUser> {
  const password = input.password === undefined ? {} : await vendorIssued(input.password);
  return refuseDuplicate("LICENSE_USER_ALREADY_EXISTS", () =>
    core.db.transaction(async (tx) => {
      const row = await findLicenseUser(tx, accountId, id);
      if (input.customerId) await linkCustomer(tx, accountId, input.customerId);
      const next: LicenseUserRow = { ...row, ...profileOf(input), ...password, email: input.email?.toLowerCase() ?? row.email, updatedAt: core.now() };
      await tx.save(LicenseUserEntity, next);
      return toLicenseUser(next);
    }),
  );
}

/**
 * Deletes the user with its assignments; the devices it activated on those licenses are removed too (their seats
 * are freed and `activation.deleted` fires), since nobody could deactivate them once the login is gone.
 */
export async function deleteLicenseUser(core: Core, accountId: string, id: string): Promise<void> {
  await core.db.transaction(async (tx) => {
    await findLicenseUser(tx, accountId, id);
    // Licenses are locked in id order, so two deletions never wait on each other's locks.
    const assignments = await tx.find(LicenseUserAssignmentEntity, { where: { licenseUserId: id }, order: { licenseId: "ASC" } });
    for (const assignment of assignments) await withdrawAssignment(tx, assignment, core.now());
    await tx.delete(LicenseUserEntity, { id });
  });
}
