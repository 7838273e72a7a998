// TEMPORARY while the v4 groups are being written: answers 501 for operations without a handler yet. Must be
// deleted (with its line in index.ts) before v4 is released.
import type { AnyHandler } from "../../http/handler.js";
import { WireError } from "../../http/failures.js";
import type { V4Context } from "../context.js";

const notYet: AnyHandler<V4Context> = async () => {
  throw new WireError("not_implemented", "Not implemented yet.", 501);
};

const ids = [
  "activateLicense", "deactivateLicense", "checkLicense", "activateOffline", "deactivateOffline", "activateBundle", "deactivateBundle",
  "checkBundle", "activateBundleOffline", "deactivateBundleOffline", "checkLicenseFeature", "addConsumption", "addFeatureConsumption",
  "floatingBorrow", "floatingRelease", "featureBorrow", "featureRelease", "getTrialKey", "getProductDetails", "getVersions",
  "getInstallationFile", "trackDeviceVariables", "getDeviceVariables", "getUserLicenses", "getCustomerLicenseUsers", "changePassword", "getSSOUrl",
];

export const pendingHandlers: Record<string, AnyHandler<V4Context>> = Object.fromEntries(ids.map((id) => [id, notYet]));
