/** v4 `deactivate_license` (and offline deactivation): frees the device, counting a transfer like v3 counts a deactivation. */
import type { Core } from "./context.js";
import { deactivateMachine } from "./deactivate-activation.js";
import { requireDevice } from "./find-device.js";
import { identifyLicense, type LicenseQuery } from "./identify-license.js";
import { addLicenseConsumption } from "./license-consumption.js";

export async function deactivateDevice(core: Core, query: LicenseQuery, hardwareId: string, options: { consumptions?: number } = {}): Promise<void> {
  await core.db.transaction(async (tx) => {
    const now = core.now();
    const identified = await identifyLicense(tx, query, { lock: true });
    const device = await requireDevice(tx, identified, hardwareId);
    // Usage the device recorded while offline is kept even though the device goes.
    if (options.consumptions) await addLicenseConsumption(tx, identified.license, options.consumptions, now, { allowOverLimit: true });
    await deactivateMachine(tx, identified.license, device, now);
  });
}
