/** Licenses: creation with the spec's defaults, listing, reading, updating and deleting (with their activations). */
import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { ActivationEntity, LicenseEntity, lockLicense, type LicenseRow } from "../db/index.js";
import { addSeconds } from "./clock.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { presentLicense } from "./event-payloads.js";
import { recordEvent } from "./events.js";
import { generateLicenseKey } from "./keys.js";
import { withLicenseTerms, type LicenseTermsInput } from "./license-terms-input.js";
import { buildMeterAttributes, buildMetadata, toDate, type MeterAttributeInput, type MetadataInput } from "./metadata.js";
import type { License, Page, PageRequest } from "./model.js";
import { definedOnly, findPage } from "./paging.js";
import { findLicense, findProduct, licenseRecord, toLicense } from "./records.js";
import { removeActivation } from "./remove-activation.js";
import { refuseDuplicate } from "./refuse-duplicate.js";

type Policy = Omit<LicenseRow, "id" | "accountId" | "productId" | "key" | "totalDeactivations" | "activatedAt" | "metadata" | "meterAttributes" | "createdAt" | "updatedAt">;

export type LicenseInput = {
  productId: string; key?: string; metadata?: MetadataInput[]; meterAttributes?: MeterAttributeInput[];
  /** The license in the License API (v4): its terms, customer and bundle license. */
  licenseApi?: LicenseTermsInput;
} & Partial<
  Omit<Policy, "expiresAt" | "effectiveDate"> & { expiresAt: Date | string | null; effectiveDate: Date | string | null }
>;

export type LicenseUpdate = Omit<LicenseInput, "productId" | "key">;

/** The defaults of the spec's LicenseCreate. */
const defaults: Omit<Policy, "expiresAt" | "effectiveDate" | "notes"> = {
  revoked: false, suspended: false, type: "node-locked", allowedActivations: 1, allowedDeactivations: -1, validity: 0,
  expirationStrategy: "immediate", fingerprintMatchingStrategy: "fuzzy", allowVmActivation: true, allowContainerActivation: true,
  userLocked: false, allowedFloatingClients: 1, leasingStrategy: "per-machine", leaseDuration: 0, serverSyncInterval: 3600,
  serverSyncGracePeriod: 1209600, allowedClockOffset: 300,
};

/** Creates a license (LICENSE_KEY_ALREADY_EXISTS on a duplicate key); fires `license.created`. @see openapi/v3.yaml createLicense */
export async function createLicense(core: Core, accountId: string, input: LicenseInput): Promise<License> {
  return refuseDuplicate("LICENSE_KEY_ALREADY_EXISTS", () =>
    core.db.transaction(async (tx) => {
      await findProduct(tx, accountId, input.productId, "INVALID_PRODUCT_ID");
      return toLicense(await insertLicense(tx, accountId, input, core.now()), 0);
    }),
  );
}

/** Inserts a license of an existing product inside the caller's transaction; fires `license.created`. */
export async function insertLicense(tx: EntityManager, accountId: string, input: LicenseInput, now: Date): Promise<LicenseRow> {
  const row = await withLicenseTerms(tx, newLicense(accountId, input, now), input.licenseApi);
  await tx.insert(LicenseEntity, row as never);
  await recordEvent(tx, { accountId, type: "license.created", data: presentLicense(toLicense(row, 0)), at: now });
  return row;
}

function newLicense(accountId: string, input: LicenseInput, now: Date): LicenseRow {
  const { productId, key, metadata, meterAttributes, expiresAt, effectiveDate, licenseApi: _licenseApi, ...policy } = input;
  const merged = { ...defaults, ...definedOnly(policy) };
  return {
    ...merged,
    id: randomUUID(), accountId, productId, key: key ?? generateLicenseKey(),
    notes: policy.notes ?? null, effectiveDate: toDate(effectiveDate) ?? null,
    expiresAt: initialExpiry(merged.expirationStrategy, merged.validity, toDate(expiresAt), now),
    totalDeactivations: 0, activatedAt: null,
    metadata: buildMetadata(metadata ?? [], now), meterAttributes: buildMeterAttributes(meterAttributes ?? [], now),
    createdAt: now, updatedAt: now,
  };
}

/** `immediate` counts validity from creation; `delayed` waits for the first activation; `rolling` never sets it. */
function initialExpiry(strategy: LicenseRow["expirationStrategy"], validity: number, given: Date | null | undefined, now: Date): Date | null {
  if (strategy === "rolling") return null;
  if (given !== undefined) return given;
  return strategy === "immediate" && validity > 0 ? addSeconds(now, validity) : null;
}

export interface LicenseFilters extends PageRequest {
  productId?: string;
  key?: string;
  type?: LicenseRow["type"];
  revoked?: boolean;
  suspended?: boolean;
}

export async function listLicenses(core: Core, accountId: string, query: LicenseFilters = {}): Promise<Page<License>> {
  const where = definedOnly({ accountId, productId: query.productId, key: query.key, type: query.type, revoked: query.revoked, suspended: query.suspended });
  return core.db.read(async (tx) => {
    const page = await findPage(tx, LicenseEntity, where, query, ["createdAt", "updatedAt", "expiresAt", "key"]);
    return { items: await Promise.all(page.items.map((row) => licenseRecord(tx, row))), total: page.total };
  });
}

export async function getLicense(core: Core, accountId: string, id: string): Promise<License> {
  return core.db.read(async (tx) => licenseRecord(tx, await findLicense(tx, accountId, id)));
}

/**
 * Changes the given fields (never key, product or counters), v4 terms included; fires `license.updated`. The admin
 * CLI's set-license-terms is this call with `licenseApi` only. @see openapi/v3.yaml updateLicense
 */
export async function updateLicense(core: Core, accountId: string, id: string, input: LicenseUpdate): Promise<License> {
  return core.db.transaction(async (tx) => {
    const row = await lockedLicense(tx, accountId, id);
    const now = core.now();
    const { metadata, meterAttributes, expiresAt, effectiveDate, licenseApi, ...policy } = input as LicenseInput;
    delete (policy as Partial<LicenseInput>).productId;
    delete (policy as Partial<LicenseInput>).key;
    const next = await withLicenseTerms(tx, {
      ...row,
      ...definedOnly(policy),
      expiresAt: expiresAt === undefined ? row.expiresAt : toDate(expiresAt) ?? null,
      effectiveDate: effectiveDate === undefined ? row.effectiveDate : toDate(effectiveDate) ?? null,
      metadata: metadata ? buildMetadata(metadata, now, row.metadata) : row.metadata,
      meterAttributes: meterAttributes ? buildMeterAttributes(meterAttributes, now, row.meterAttributes) : row.meterAttributes,
      updatedAt: now,
    }, licenseApi);
    await tx.save(LicenseEntity, next);
    const license = await licenseRecord(tx, next);
    await recordEvent(tx, { accountId, type: "license.updated", data: presentLicense(license), at: now });
    return license;
  });
}

/** Deletes the license: `activation.deleted` for each activation, then `license.deleted`. */
export async function deleteLicense(core: Core, accountId: string, id: string): Promise<void> {
  await core.db.transaction(async (tx) => {
    let row = await lockedLicense(tx, accountId, id);
    const now = core.now();
    const before = await licenseRecord(tx, row);
    for (const activation of await tx.findBy(ActivationEntity, { licenseId: id })) row = await removeActivation(tx, row, activation, now);
    await tx.delete(LicenseEntity, { id });
    await recordEvent(tx, { accountId, type: "license.deleted", data: presentLicense(before), at: now });
  });
}

async function lockedLicense(tx: EntityManager, accountId: string, id: string): Promise<LicenseRow> {
  const row = await lockLicense(tx, id);
  if (!row || row.accountId !== accountId) throw new DomainError("LICENSE_NOT_FOUND");
  return row;
}
