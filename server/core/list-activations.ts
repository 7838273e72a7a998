/** Reading activations of an account (list with exact-match filters, get by id). */
import { In, type EntityManager } from "typeorm";
import { ActivationEntity, LicenseEntity, type ActivationRow, type OperatingSystem } from "../db/index.js";
import type { Core } from "./context.js";
import type { Activation, Page, PageRequest } from "./model.js";
import { definedOnly, findPage } from "./paging.js";
import { findActivation, toActivation } from "./records.js";

export interface ActivationFilters extends PageRequest {
  licenseId?: string;
  productId?: string;
  os?: OperatingSystem;
  userId?: string;
  releaseVersion?: string;
  offline?: boolean;
}

export async function listActivations(core: Core, accountId: string, query: ActivationFilters = {}): Promise<Page<Activation>> {
  const { licenseId, productId, os, userId, releaseVersion, offline } = query;
  const where = definedOnly({ accountId, licenseId, productId, os, userId, releaseVersion, offline });
  return core.db.read(async (tx) => {
    const page = await findPage(tx, ActivationEntity, where, query, ["createdAt", "updatedAt", "lastSyncedAt", "hostname"]);
    return { items: await withLicenses(tx, page.items), total: page.total };
  });
}

export async function getActivation(core: Core, accountId: string, id: string): Promise<Activation> {
  return core.db.read(async (tx) => (await withLicenses(tx, [await findActivation(tx, accountId, id)]))[0]!);
}

/** Activations with their effective expiry, which depends on the license's strategy. */
async function withLicenses(tx: EntityManager, rows: ActivationRow[]): Promise<Activation[]> {
  const ids = [...new Set(rows.map((row) => row.licenseId))];
  const licenses = ids.length ? await tx.findBy(LicenseEntity, { id: In(ids) }) : [];
  const byId = new Map(licenses.map((license) => [license.id, license]));
  return rows.map((row) => toActivation(row, byId.get(row.licenseId)!));
}
