/** Administrator operations on trials: list, get, delete (resets the machine's trial), change the expiry. */
import { LessThanOrEqual, MoreThan } from "typeorm";
import { TrialActivationEntity, type TrialActivationRow } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import type { Page, PageRequest, TrialActivation } from "./model.js";
import { definedOnly, findPage } from "./paging.js";
import { toTrialActivation } from "./records.js";

export interface TrialActivationFilters extends PageRequest {
  productId?: string;
  /** true: only ended trials; false: only running ones. */
  expired?: boolean;
}

export async function listTrialActivations(core: Core, accountId: string, query: TrialActivationFilters = {}): Promise<Page<TrialActivation>> {
  const now = core.now().toISOString();
  const expiry = query.expired === undefined ? undefined : query.expired ? LessThanOrEqual(now) : MoreThan(now);
  const where = definedOnly({ accountId, productId: query.productId, expiresAt: expiry as never });
  const page = await core.db.read((tx) => findPage(tx, TrialActivationEntity, where, query, ["createdAt", "updatedAt", "expiresAt"]));
  return { items: page.items.map(toTrialActivation), total: page.total };
}

export async function getTrialActivation(core: Core, accountId: string, id: string): Promise<TrialActivation> {
  return toTrialActivation(await core.db.read((tx) => findTrial(tx, accountId, id)));
}

/** Deletes the trial; the machine may then start a new one. No webhook event. */
export async function deleteTrialActivation(core: Core, accountId: string, id: string): Promise<void> {
  await core.db.transaction(async (tx) => {
    await findTrial(tx, accountId, id);
    await tx.delete(TrialActivationEntity, { id });
  });
}

/** Sets the trial's end: later extends it, a past date ends it. No webhook event. */
export async function updateTrialActivationExpiresAt(core: Core, accountId: string, id: string, expiresAt: Date | string): Promise<TrialActivation> {
  return core.db.transaction(async (tx) => {
    const row = await findTrial(tx, accountId, id);
    const next = { ...row, expiresAt: new Date(expiresAt), updatedAt: core.now() };
    await tx.update(TrialActivationEntity, { id }, { expiresAt: next.expiresAt as never, updatedAt: next.updatedAt as never });
    return toTrialActivation(next);
  });
}

async function findTrial(tx: import("typeorm").EntityManager, accountId: string, id: string): Promise<TrialActivationRow> {
  const row = await tx.findOneBy(TrialActivationEntity, { id, accountId });
  if (!row) throw new DomainError("TRIAL_ACTIVATION_NOT_FOUND");
  return row;
}
