/**
 * v4 `add_consumption` and `add_feature_consumption`: counters of a consumption license or feature, changed with the
 * license row locked so parallel calls never pass the limit. The arithmetic (limits, overages, unlimited, negative
 * amounts, reset periods) is license-consumption.ts's; this file applies it to the device's license and records it.
 */
import type { EntityManager } from "typeorm";
import { LicenseEntity, type ConsumptionTerms, type LicenseFeature, type LicenseRow } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { presentLicense } from "./event-payloads.js";
import { recordEvent } from "./events.js";
import { findFeature } from "./license-features.js";
import type { IdentifiedLicense, LicenseQuery } from "./identify-license.js";
import { addLicenseConsumption, consume, currentConsumption } from "./license-consumption.js";
import { termsOf } from "./license-terms.js";
import { openLicensedDevice } from "./licensed-device.js";
import { licenseRecord } from "./records.js";

export interface ConsumptionRequest {
  amount: number;
  /** Overage settings the request changes before counting. */
  allowOverages?: boolean;
  maxOverages?: number;
  /** Records the change without firing `license.updated`. */
  ignoreEvents?: boolean;
}

/** Whether a counter has nothing left at `now`: at or past max (+ overages), and not unlimited. */
export function isUsedUp(terms: ConsumptionTerms, now: Date): boolean {
  const current = currentConsumption(terms, now);
  return !current.allowUnlimited && current.total >= current.max + (current.allowOverages ? current.maxOverages : 0);
}

/** Adds consumptions to the device's consumption license; INVALID_LICENSE_TYPE when it counts none. */
export async function addConsumption(core: Core, query: LicenseQuery, hardwareId: string, request: ConsumptionRequest): Promise<IdentifiedLicense> {
  return core.db.transaction(async (tx) => {
    const now = core.now();
    const opened = await openLicensedDevice(tx, query, hardwareId, now);
    const license = await addLicenseConsumption(tx, withOverageSettings(opened.license, request), request.amount, now);
    if (!request.ignoreEvents) await announce(tx, license, now);
    return { ...opened, license };
  });
}

export interface FeatureConsumption extends IdentifiedLicense {
  feature: LicenseFeature;
}

/** Adds consumptions to the consumption feature `code` of the device's license. */
export async function addFeatureConsumption(core: Core, query: LicenseQuery, hardwareId: string, code: string, amount: number): Promise<FeatureConsumption> {
  return core.db.transaction(async (tx) => {
    const now = core.now();
    const opened = await openLicensedDevice(tx, query, hardwareId, now);
    const found = findFeature(opened.license, code);
    if (!found.consumption) throw new DomainError("INVALID_LICENSE_TYPE", "The feature is not a consumption feature.");
    const feature = { ...found, consumption: consume(found.consumption, amount, now) };
    const terms = termsOf(opened.license);
    const license = await saveTerms(tx, opened.license, { ...terms, features: terms.features.map((f) => (f.code === code ? feature : f)) }, now);
    await announce(tx, license, now);
    return { ...opened, license, feature };
  });
}

/** The license with the overage settings a request sets (consumption licenses only; others are refused later). */
function withOverageSettings(license: LicenseRow, request: ConsumptionRequest): LicenseRow {
  const terms = termsOf(license);
  if (!terms.consumption || (request.allowOverages === undefined && request.maxOverages === undefined)) return license;
  const consumption = {
    ...terms.consumption,
    allowOverages: request.allowOverages ?? terms.consumption.allowOverages,
    maxOverages: request.maxOverages ?? terms.consumption.maxOverages,
  };
  return { ...license, terms: { ...terms, consumption } };
}

async function saveTerms(tx: EntityManager, license: LicenseRow, terms: ReturnType<typeof termsOf>, now: Date): Promise<LicenseRow> {
  await tx.update(LicenseEntity, { id: license.id }, { terms: terms as never, updatedAt: now });
  return { ...license, terms, updatedAt: now };
}

/** Counters are license state, so a change fires `license.updated` as v3's license changes do. */
async function announce(tx: EntityManager, license: LicenseRow, now: Date): Promise<void> {
  await recordEvent(tx, { accountId: license.accountId, type: "license.updated", data: presentLicense(await licenseRecord(tx, license)), at: now });
}
