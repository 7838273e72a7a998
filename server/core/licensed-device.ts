/**
 * The start of every device-scoped v4 call that changes counters or seats (features, consumption, borrow, release):
 * the license locked, LicenseSpring's state refusals, then the device that must already be activated on it.
 */
import type { EntityManager } from "typeorm";
import type { DeviceActivation } from "./activate-device.js";
import { requireDevice } from "./find-device.js";
import { identifyLicense, type LicenseQuery } from "./identify-license.js";
import { assertDeviceAllowed, assertLicenseUsable } from "./rules/license-state.js";

export async function openLicensedDevice(tx: EntityManager, query: LicenseQuery, hardwareId: string, now: Date): Promise<DeviceActivation> {
  const identified = await identifyLicense(tx, query, { lock: true });
  assertLicenseUsable(identified.license, now);
  await assertDeviceAllowed(tx, identified.license, hardwareId);
  return { ...identified, device: await requireDevice(tx, identified, hardwareId) };
}
