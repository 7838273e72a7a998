/**
 * Floating feature slots (v4): a device holds a feature while its seat in `activations.featureSeats` runs (renewed by
 * each feature check, held to the borrow's end by a feature borrow). Callers hold the license row lock, so the count
 * of a feature's holders cannot race.
 */
import type { EntityManager } from "typeorm";
import { ActivationEntity, type ActivationRow, type FeatureSeat, type LicenseFeature, type LicenseRow } from "../db/index.js";
import { DomainError } from "./errors.js";

const minuteMs = 60_000;

/** The device's running seat of feature `code`, if it holds one at `now`. */
export function heldFeatureSeat(device: ActivationRow, code: string, now: Date): FeatureSeat | undefined {
  return (device.featureSeats ?? []).find((seat) => seat.code === code && new Date(seat.until).getTime() > now.getTime());
}

/** Devices of the license holding feature `code` at `now`, other than `exceptId`. */
export async function featureSeatsInUse(tx: EntityManager, license: LicenseRow, code: string, now: Date, exceptId?: string): Promise<number> {
  const devices = await tx.findBy(ActivationEntity, { licenseId: license.id });
  return devices.filter((device) => device.id !== exceptId && heldFeatureSeat(device, code, now)).length;
}

/**
 * Takes a free slot of a floating feature for the device, or renews its own, for the feature's floating timeout
 * (a longer borrow is kept); `floating_not_available` when every slot is held. Non-floating features take no slot.
 */
export async function takeFeatureSeat(tx: EntityManager, license: LicenseRow, device: ActivationRow, feature: LicenseFeature, now: Date): Promise<ActivationRow> {
  if (!feature.isFloatingCloud) return device;
  const held = heldFeatureSeat(device, feature.code, now);
  if (!held && (await featureSeatsInUse(tx, license, feature.code, now, device.id)) >= (feature.floatingUsers ?? 0)) {
    throw new DomainError("FLOATING_NOT_AVAILABLE", "Every floating slot of this feature is in use.");
  }
  const renewed = new Date(now.getTime() + feature.floatingTimeout * minuteMs);
  const borrowed = held?.borrowed && new Date(held.until) > renewed ? held : null;
  return saveFeatureSeat(tx, device, borrowed ?? { code: feature.code, until: renewed.toISOString(), borrowed: false }, now);
}

/** Holds the device's slot of the feature until `until` (a borrow), taking one first if it has none. */
export async function borrowFeatureSeat(
  tx: EntityManager, license: LicenseRow, device: ActivationRow, feature: LicenseFeature, until: Date, now: Date,
): Promise<ActivationRow> {
  const seated = await takeFeatureSeat(tx, license, device, feature, now);
  return saveFeatureSeat(tx, seated, { code: feature.code, until: until.toISOString(), borrowed: true }, now);
}

/** Frees the device's slot of feature `code`; `floating_feature_device_not_in_use` when it holds none. */
export async function releaseFeatureSeat(tx: EntityManager, device: ActivationRow, code: string, now: Date): Promise<ActivationRow> {
  if (!heldFeatureSeat(device, code, now)) throw new DomainError("FEATURE_NOT_IN_USE");
  return saveSeats(tx, device, runningSeats(device, now).filter((seat) => seat.code !== code), now);
}

function saveFeatureSeat(tx: EntityManager, device: ActivationRow, seat: FeatureSeat, now: Date): Promise<ActivationRow> {
  return saveSeats(tx, device, [...runningSeats(device, now).filter((held) => held.code !== seat.code), seat], now);
}

/** The device's seats that have not run out (lapsed ones are dropped whenever the list is written). */
function runningSeats(device: ActivationRow, now: Date): FeatureSeat[] {
  return (device.featureSeats ?? []).filter((seat) => new Date(seat.until).getTime() > now.getTime());
}

async function saveSeats(tx: EntityManager, device: ActivationRow, featureSeats: FeatureSeat[], now: Date): Promise<ActivationRow> {
  await tx.update(ActivationEntity, { id: device.id }, { featureSeats: featureSeats as never, updatedAt: now });
  return { ...device, featureSeats, updatedAt: now };
}
