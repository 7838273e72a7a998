/** The device blacklist: hardware IDs refused by every v4 call, account-wide or for one product. */
import { randomUUID } from "node:crypto";
import { IsNull } from "typeorm";
import { BlacklistedDeviceEntity, type BlacklistedDeviceRow } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { findProduct } from "./records.js";

export async function blacklistDevice(core: Core, accountId: string, hardwareId: string, productId: string | null): Promise<BlacklistedDeviceRow> {
  return core.db.transaction(async (tx) => {
    if (productId) await findProduct(tx, accountId, productId);
    const row: BlacklistedDeviceRow = { id: randomUUID(), accountId, productId, hardwareId, createdAt: core.now() };
    await tx.insert(BlacklistedDeviceEntity, row);
    return row;
  });
}

export async function unblacklistDevice(core: Core, accountId: string, hardwareId: string, productId: string | null): Promise<void> {
  const result = await core.db.transaction((tx) => tx.delete(BlacklistedDeviceEntity, { accountId, hardwareId, productId: productId ?? IsNull() }));
  if (!result.affected) throw new DomainError("BLACKLIST_ENTRY_NOT_FOUND");
}
