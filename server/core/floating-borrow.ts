/**
 * v4 floating borrows and releases: a device keeps its floating-cloud seat (`floating/borrow`) or its slot of a
 * floating feature (`floating/feature_borrow`) while offline, up to the longest borrow time, or gives it back.
 */
import type { LicenseFeature, LicenseRow } from "../db/index.js";
import type { DeviceActivation } from "./activate-device.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { borrowFeatureSeat, releaseFeatureSeat } from "./feature-seats.js";
import { findFloatingFeature } from "./license-features.js";
import { borrowSeat, releaseSeat } from "./floating-seats.js";
import type { LicenseQuery } from "./identify-license.js";
import { isFloatingCloud, termsOf } from "./license-terms.js";
import { openLicensedDevice } from "./licensed-device.js";

const hourMs = 3_600_000;

export interface Borrowed extends DeviceActivation {
  until: Date;
  /** The longest borrow in hours that applied. */
  maxBorrowTime: number;
}

/**
 * The end of a borrow: `requested` (an RFC 3339 instant) must lie after `now` and at most `maxHours` later; null means
 * the longest allowed. Anything else is `borrow_until_not_valid` (so is every borrow where `maxHours` is 0).
 */
export function borrowEnd(requested: string | null, maxHours: number, now: Date): Date {
  const latest = now.getTime() + maxHours * hourMs;
  const until = requested === null ? latest : Date.parse(requested);
  if (Number.isNaN(until) || until <= now.getTime() || until > latest) throw new DomainError("INVALID_BORROW_UNTIL");
  return new Date(until);
}

/** Holds the device's floating-cloud seat until `requested`; refused unless the license `can_borrow`. */
export async function borrowLicenseSeat(core: Core, query: LicenseQuery, hardwareId: string, requested: string | null): Promise<Borrowed> {
  return core.db.transaction(async (tx) => {
    const now = core.now();
    const opened = await openLicensedDevice(tx, query, hardwareId, now);
    assertFloatingCloud(opened.license);
    const terms = termsOf(opened.license);
    if (!terms.canBorrow) throw new DomainError("INVALID_BORROW_UNTIL", "This license cannot be borrowed.");
    const until = borrowEnd(requested, terms.maxBorrowTime, now);
    const device = await borrowSeat(tx, opened.product, opened.license, opened.device, until, now);
    return { ...opened, device, until, maxBorrowTime: terms.maxBorrowTime };
  });
}

/** Frees the device's floating-cloud seat (ending a borrow). */
export async function releaseLicenseSeat(core: Core, query: LicenseQuery, hardwareId: string): Promise<void> {
  await core.db.transaction(async (tx) => {
    const now = core.now();
    const opened = await openLicensedDevice(tx, query, hardwareId, now);
    assertFloatingCloud(opened.license);
    await releaseSeat(tx, opened.device, now);
  });
}

export interface BorrowedFeature extends Borrowed {
  feature: LicenseFeature;
}

/** Holds the device's slot of floating feature `code` until `requested`, within the feature's longest borrow. */
export async function borrowFeature(core: Core, query: LicenseQuery, hardwareId: string, code: string, requested: string | null): Promise<BorrowedFeature> {
  return core.db.transaction(async (tx) => {
    const now = core.now();
    const opened = await openLicensedDevice(tx, query, hardwareId, now);
    const feature = findFloatingFeature(opened.license, code);
    const until = borrowEnd(requested, feature.maxBorrowTime, now);
    const device = await borrowFeatureSeat(tx, opened.license, opened.device, feature, until, now);
    return { ...opened, device, until, maxBorrowTime: feature.maxBorrowTime, feature };
  });
}

/** Frees the device's slot of floating feature `code`; `floating_feature_device_not_in_use` when it holds none. */
export async function releaseFeature(core: Core, query: LicenseQuery, hardwareId: string, code: string): Promise<void> {
  await core.db.transaction(async (tx) => {
    const now = core.now();
    const opened = await openLicensedDevice(tx, query, hardwareId, now);
    await releaseFeatureSeat(tx, opened.device, findFloatingFeature(opened.license, code).code, now);
  });
}

function assertFloatingCloud(license: LicenseRow): void {
  if (!isFloatingCloud(license)) throw new DomainError("FLOATING_NOT_AVAILABLE", "The license is not a floating cloud license.");
}
