/**
 * Assignments of license users to licenses of user-based products: each gives the user its own activation allowance
 * on the license. Assigning and unassigning run under the license lock, so `maxLicenseUsers` holds in parallel.
 */
import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import {
  ActivationEntity, LicenseUserAssignmentEntity, LicenseUserEntity, ProductEntity, lockLicense,
  type LicenseRow, type LicenseUserAssignmentRow, type LicenseUserRow,
} from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { termsOf } from "./license-terms.js";
import type { LicenseUserAssignment, Page, PageRequest } from "./model.js";
import { findPage } from "./paging.js";
import { findLicense, findLicenseUser, toLicenseUser } from "./records.js";
import { removeActivation } from "./remove-activation.js";
import { refuseDuplicate } from "./refuse-duplicate.js";

/** The user's allowance on one license: at most `maxActivations` devices, or any number. */
export interface Allowance {
  maxActivations?: number;
  allowUnlimitedActivations?: boolean;
}

/** Who is assigned: v3 names the user by id, the admin CLI by email. */
export type AssigneeRef = { userId: string } | { email: string };

/** Gives a license user an allowance on a license (one device unless said otherwise). @see openapi/v3.yaml assignLicenseUser */
export async function assignLicenseUser(core: Core, accountId: string, licenseId: string, assignee: AssigneeRef & Allowance): Promise<LicenseUserAssignment> {
  // The (license, user) unique index settles two parallel assignments of the same user.
  return refuseDuplicate("LICENSE_USER_ALREADY_ASSIGNED", () =>
    core.db.transaction(async (tx) => {
      const license = await lockedLicense(tx, accountId, licenseId);
      const user = await findAssignee(tx, accountId, assignee);
      await assertUserBased(tx, license);
      if (await tx.existsBy(LicenseUserAssignmentEntity, { licenseId, licenseUserId: user.id })) throw new DomainError("LICENSE_USER_ALREADY_ASSIGNED");
      await assertRoomForUser(tx, license);
      const row: LicenseUserAssignmentRow = {
        id: randomUUID(), accountId, licenseId, licenseUserId: user.id, productId: license.productId, maxActivations: assignee.maxActivations ?? 1,
        allowUnlimitedActivations: assignee.allowUnlimitedActivations ?? false, createdAt: core.now(),
      };
      await tx.insert(LicenseUserAssignmentEntity, row);
      return { ...row, user: toLicenseUser(user), totalActivations: 0 };
    }),
  );
}

/** The users assigned to a license, each with its allowance and the devices it holds there. */
export async function listLicenseAssignments(core: Core, accountId: string, licenseId: string, query: PageRequest = {}): Promise<Page<LicenseUserAssignment>> {
  return core.db.read(async (tx) => {
    await findLicense(tx, accountId, licenseId);
    const page = await findPage(tx, LicenseUserAssignmentEntity, { licenseId }, query, ["createdAt"]);
    const items = await Promise.all(
      page.items.map(async (row) => withUser(tx, row, await tx.findOneByOrFail(LicenseUserEntity, { id: row.licenseUserId }))),
    );
    return { items, total: page.total };
  });
}

/**
 * Changes the user's allowance on the license. A lower allowance keeps the devices already activated; it only
 * refuses new ones beyond it.
 */
export async function updateLicenseAssignment(core: Core, accountId: string, licenseId: string, userId: string, allowance: Allowance): Promise<LicenseUserAssignment> {
  return core.db.transaction(async (tx) => {
    const { row, user } = await findAssignment(tx, accountId, licenseId, userId);
    const next: LicenseUserAssignmentRow = {
      ...row, maxActivations: allowance.maxActivations ?? row.maxActivations, allowUnlimitedActivations: allowance.allowUnlimitedActivations ?? row.allowUnlimitedActivations,
    };
    await tx.save(LicenseUserAssignmentEntity, next);
    return withUser(tx, next, user);
  });
}

/** Takes the user off the license, with the devices it activated there. @see withdrawAssignment */
export async function unassignLicenseUser(core: Core, accountId: string, licenseId: string, userId: string): Promise<void> {
  await core.db.transaction(async (tx) => {
    await lockedLicense(tx, accountId, licenseId);
    const { row } = await findAssignment(tx, accountId, licenseId, userId);
    await withdrawAssignment(tx, row, core.now());
  });
}

/**
 * Deletes an assignment and the user's devices on its license (seats freed, `activation.deleted` fired): once the
 * user cannot log in to the license, nobody could deactivate them.
 */
export async function withdrawAssignment(tx: EntityManager, assignment: LicenseUserAssignmentRow, now: Date): Promise<void> {
  let license = (await lockLicense(tx, assignment.licenseId))!;
  const devices = await tx.findBy(ActivationEntity, { licenseId: license.id, userKey: assignment.licenseUserId });
  for (const device of devices) license = await removeActivation(tx, license, device, now);
  await tx.delete(LicenseUserAssignmentEntity, { id: assignment.id });
}

async function lockedLicense(tx: EntityManager, accountId: string, licenseId: string): Promise<LicenseRow> {
  await findLicense(tx, accountId, licenseId);
  return (await lockLicense(tx, licenseId))!;
}

async function findAssignee(tx: EntityManager, accountId: string, assignee: AssigneeRef): Promise<LicenseUserRow> {
  if ("userId" in assignee) return findLicenseUser(tx, accountId, assignee.userId);
  const row = await tx.findOneBy(LicenseUserEntity, { accountId, email: assignee.email.toLowerCase() });
  if (!row) throw new DomainError("LICENSE_USER_NOT_FOUND");
  return row;
}

/** Only user-based products identify licenses by their users; elsewhere an assignment would never be used. */
async function assertUserBased(tx: EntityManager, license: LicenseRow): Promise<void> {
  const product = await tx.findOneByOrFail(ProductEntity, { id: license.productId });
  if (product.authorizationMethod !== "user") {
    throw new DomainError("INVALID_AUTHORIZATION_METHOD", "License users can only be assigned to licenses of user-based products (licenseApi.authorizationMethod user).");
  }
}

/** The license's `maxLicenseUsers` term (0 = unlimited, as in LicenseSpring). */
async function assertRoomForUser(tx: EntityManager, license: LicenseRow): Promise<void> {
  const { maxLicenseUsers } = termsOf(license);
  if (maxLicenseUsers > 0 && (await tx.countBy(LicenseUserAssignmentEntity, { licenseId: license.id })) >= maxLicenseUsers) {
    throw new DomainError("LICENSE_USER_LIMIT_REACHED");
  }
}

async function findAssignment(tx: EntityManager, accountId: string, licenseId: string, userId: string): Promise<{ row: LicenseUserAssignmentRow; user: LicenseUserRow }> {
  await findLicense(tx, accountId, licenseId);
  const user = await findLicenseUser(tx, accountId, userId);
  const row = await tx.findOneBy(LicenseUserAssignmentEntity, { licenseId, licenseUserId: user.id });
  if (!row) throw new DomainError("LICENSE_USER_NOT_ASSIGNED");
  return { row, user };
}

async function withUser(tx: EntityManager, row: LicenseUserAssignmentRow, user: LicenseUserRow): Promise<LicenseUserAssignment> {
  const totalActivations = await tx.countBy(ActivationEntity, { licenseId: row.licenseId, userKey: row.licenseUserId });
  return { ...row, user: toLicenseUser(user), totalActivations };
}
