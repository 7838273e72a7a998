/** The device blacklist: hardware IDs refused by every v4 call, account-wide or for one product. */
import { randomUUID } from "node:crypto";
import { IsNull, type EntityManager } from "typeorm";
import { BlacklistedDeviceEntity, type BlacklistedDeviceRow } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import type { BlacklistEntry, Page, PageRequest } from "./model.js";
import { definedOnly, findPage } from "./paging.js";
import { findProduct } from "./records.js";
import { refuseDuplicate } from "./refuse-duplicate.js";

/** A hardware ID and its scope: one product, or (null or omitted) every product of the account. */
export interface BlacklistInput {
  hardwareId: string;
  productId?: string | null;
}

export interface BlacklistFilters extends PageRequest {
  productId?: string;
  hardwareId?: string;
}

/** Blacklists a device; the same hardware ID and scope twice is DEVICE_ALREADY_BLACKLISTED (a unique index decides). */
export async function blacklistDevice(core: Core, accountId: string, input: BlacklistInput): Promise<BlacklistEntry> {
  const productId = input.productId ?? null;
  return refuseDuplicate("DEVICE_ALREADY_BLACKLISTED", () =>
    core.db.transaction(async (tx) => {
      if (productId) await findProduct(tx, accountId, productId, "INVALID_PRODUCT_ID");
      const row: BlacklistedDeviceRow = { id: randomUUID(), accountId, productId, hardwareId: input.hardwareId, createdAt: core.now() };
      await tx.insert(BlacklistedDeviceEntity, row);
      return row;
    }),
  );
}

/** Removes the entry of a hardware ID and scope (the admin CLI addresses entries this way). */
export async function unblacklistDevice(core: Core, accountId: string, input: BlacklistInput): Promise<void> {
  const where = { accountId, hardwareId: input.hardwareId, productId: input.productId ?? IsNull() };
  const result = await core.db.transaction((tx) => tx.delete(BlacklistedDeviceEntity, where));
  if (!result.affected) throw new DomainError("BLACKLIST_ENTRY_NOT_FOUND");
}

export async function listBlacklistEntries(core: Core, accountId: string, query: BlacklistFilters = {}): Promise<Page<BlacklistEntry>> {
  const where = definedOnly({ accountId, productId: query.productId, hardwareId: query.hardwareId });
  return core.db.read((tx) => findPage(tx, BlacklistedDeviceEntity, where, query, ["createdAt"]));
}

export async function getBlacklistEntry(core: Core, accountId: string, id: string): Promise<BlacklistEntry> {
  return core.db.read((tx) => findBlacklistEntry(tx, accountId, id));
}

/** Lifts the entry: the device may activate again (unless another entry still covers it). */
export async function deleteBlacklistEntry(core: Core, accountId: string, id: string): Promise<void> {
  await core.db.transaction(async (tx) => {
    await findBlacklistEntry(tx, accountId, id);
    await tx.delete(BlacklistedDeviceEntity, { id });
  });
}

async function findBlacklistEntry(tx: EntityManager, accountId: string, id: string): Promise<BlacklistedDeviceRow> {
  const row = await tx.findOneBy(BlacklistedDeviceEntity, { id, accountId });
  if (!row) throw new DomainError("BLACKLIST_ENTRY_NOT_FOUND");
  return row;
}
