/** v4 `check_license`: the license's state for a device that holds it; floating-cloud checks take or keep a seat. */
import type { EntityManager } from "typeorm";
import type { Core } from "./context.js";
import type { DeviceActivation } from "./activate-device.js";
import { requireDevice } from "./find-device.js";
import { takeSeat } from "./floating-seats.js";
import { identifyLicense, type IdentifiedLicense, type LicenseQuery } from "./identify-license.js";
import { assertDeviceAllowed, assertLicenseUsable } from "./rules/license-state.js";

export async function checkDevice(core: Core, query: LicenseQuery, hardwareId: string): Promise<DeviceActivation> {
  return core.db.transaction(async (tx) => checkIdentified(tx, await identifyLicense(tx, query, { lock: true }), hardwareId, core.now()));
}

/** The check of an identified, locked license (bundles check several in one transaction). */
export async function checkIdentified(tx: EntityManager, identified: IdentifiedLicense, hardwareId: string, now: Date): Promise<DeviceActivation> {
  assertLicenseUsable(identified.license, now);
  await assertDeviceAllowed(tx, identified.license, hardwareId);
  const device = await takeSeat(tx, identified.product, identified.license, await requireDevice(tx, identified, hardwareId), now);
  return { ...identified, device };
}
