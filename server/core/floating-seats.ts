/**
 * Floating-cloud seats (v4): a device holds a seat while its activation's lease runs (renewed by each check, held
 * to `borrowedUntil` by a borrow). Every function runs with the license row locked, so the count cannot race.
 */
import { MoreThan, type EntityManager } from "typeorm";
import { ActivationEntity, type ActivationRow, type LicenseRow, type ProductRow } from "../db/index.js";
import { DomainError } from "./errors.js";
import { isFloatingCloud, productLicensingOf } from "./license-terms.js";

const minuteMs = 60_000;

/** Minutes a seat stays taken without a check: the license's lease, else the product's floating timeout. */
export function floatingTimeoutMinutes(license: LicenseRow, product: ProductRow): number {
  return license.leaseDuration > 0 ? Math.max(1, Math.round(license.leaseDuration / 60)) : productLicensingOf(product).floatingTimeout;
}

/** Devices of the license holding a seat at `now`, other than `exceptId`. */
export async function seatsInUse(tx: EntityManager, license: LicenseRow, now: Date, exceptId?: string): Promise<number> {
  const holders = await tx.findBy(ActivationEntity, { licenseId: license.id, leaseExpiresAt: MoreThan(now.toISOString()) as never });
  return holders.filter((device) => device.id !== exceptId).length;
}

function holdsSeat(device: ActivationRow, now: Date): boolean {
  return device.leaseExpiresAt !== null && device.leaseExpiresAt.getTime() > now.getTime();
}

/** Takes a free seat for the device, or renews its own, for the floating timeout; `floating_not_available` when full. */
export async function takeSeat(tx: EntityManager, product: ProductRow, license: LicenseRow, device: ActivationRow, now: Date): Promise<ActivationRow> {
  if (!isFloatingCloud(license)) return device;
  if (!holdsSeat(device, now) && (await seatsInUse(tx, license, now, device.id)) >= license.allowedFloatingClients) {
    throw new DomainError("FLOATING_NOT_AVAILABLE");
  }
  const renewed = new Date(now.getTime() + floatingTimeoutMinutes(license, product) * minuteMs);
  const borrowed = device.borrowedUntil && device.borrowedUntil > renewed ? device.borrowedUntil : null;
  return saveLease(tx, device, borrowed ?? renewed, borrowed, now);
}

/** Holds the device's seat until `until` (a borrow), taking one first if it has none. */
export async function borrowSeat(tx: EntityManager, product: ProductRow, license: LicenseRow, device: ActivationRow, until: Date, now: Date): Promise<ActivationRow> {
  const seated = await takeSeat(tx, product, license, device, now);
  return saveLease(tx, seated, until, until, now);
}

/** Frees the device's seat at once (and ends a borrow). */
export function releaseSeat(tx: EntityManager, device: ActivationRow, now: Date): Promise<ActivationRow> {
  return saveLease(tx, device, now, null, now);
}

async function saveLease(tx: EntityManager, device: ActivationRow, leaseExpiresAt: Date, borrowedUntil: Date | null, now: Date): Promise<ActivationRow> {
  await tx.update(ActivationEntity, { id: device.id }, { leaseExpiresAt, borrowedUntil, updatedAt: now });
  return { ...device, leaseExpiresAt, borrowedUntil, updatedAt: now };
}
