/** v4 `check_license_feature`: connects the device to a feature of its license, taking a slot of a floating one. */
import type { ActivationRow, LicenseFeature } from "../db/index.js";
import type { Core } from "./context.js";
import { isUsedUp } from "./consumption.js";
import { DomainError } from "./errors.js";
import { featureSeatsInUse, takeFeatureSeat } from "./feature-seats.js";
import type { IdentifiedLicense, LicenseQuery } from "./identify-license.js";
import { findFeature } from "./license-features.js";
import { openLicensedDevice } from "./licensed-device.js";

export interface CheckedFeature extends IdentifiedLicense {
  device: ActivationRow;
  feature: LicenseFeature;
  /** Devices holding the feature after this check (floating features), else null. */
  seatsInUse: number | null;
}

/** Checks feature `code` for the device: a used-up consumption feature is refused, a floating one takes a slot. */
export async function checkFeature(core: Core, query: LicenseQuery, hardwareId: string, code: string): Promise<CheckedFeature> {
  return core.db.transaction(async (tx) => {
    const now = core.now();
    const opened = await openLicensedDevice(tx, query, hardwareId, now);
    const feature = findFeature(opened.license, code);
    if (feature.consumption && isUsedUp(feature.consumption, now)) throw new DomainError("NOT_ENOUGH_CONSUMPTIONS", "The feature has no consumptions left.");
    const device = await takeFeatureSeat(tx, opened.license, opened.device, feature, now);
    const seatsInUse = feature.isFloatingCloud ? await featureSeatsInUse(tx, opened.license, code, now) : null;
    return { ...opened, device, feature, seatsInUse };
  });
}
