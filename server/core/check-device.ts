/** v4 `check_license`: the license's state for a device that holds it; floating-cloud checks take or keep a seat. */
import type { EntityManager } from "typeorm";
import type { Core } from "./context.js";
import type { DeviceActivation } from "./activate-device.js";
import { requireDevice } from "./find-device.js";
import { takeSeat } from "./floating-seats.js";
import { identifyLicense, type IdentifiedLicense, type LicenseQuery } from "./identify-license.js";
import { isFloatingCloud } from "./license-terms.js";
import { assertDeviceAllowed, assertLicenseUsable } from "./rules/license-state.js";

/**
 * Only a floating-cloud check writes (it takes or renews a seat), so only it takes the license lock; any other check
 * is a read, and checks of one license no longer queue behind each other on its row.
 */
export async function checkDevice(core: Core, query: LicenseQuery, hardwareId: string): Promise<DeviceActivation> {
  const unlocked = await core.db.read(async (tx) => {
    const identified = await identifyLicense(tx, query, { lock: false });
    return isFloatingCloud(identified.license) ? null : checkIdentified(tx, identified, hardwareId, core.now());
  });
  return unlocked ?? core.db.transaction(async (tx) => checkIdentified(tx, await identifyLicense(tx, query, { lock: true }), hardwareId, core.now()));
}

/** The check of an identified, locked license (bundles check several in one transaction). */
export async function checkIdentified(tx: EntityManager, identified: IdentifiedLicense, hardwareId: string, now: Date): Promise<DeviceActivation> {
  assertLicenseUsable(identified.license, now);
  await assertDeviceAllowed(tx, identified.license, hardwareId);
  const device = await takeSeat(tx, identified.product, identified.license, await requireDevice(tx, identified, hardwareId), now);
  return { ...identified, device };
}
