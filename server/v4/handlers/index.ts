/**
 * Every v4 operation's handler, one file per group of the License API:
 * licenses (activateLicense, deactivateLicense, checkLicense), offline (activateOffline, deactivateOffline),
 * bundles (activateBundle, deactivateBundle, checkBundle, activateBundleOffline, deactivateBundleOffline),
 * features (checkLicenseFeature), consumption (addConsumption, addFeatureConsumption),
 * floating (floatingBorrow, floatingRelease, featureBorrow, featureRelease), trials (getTrialKey),
 * products (getProductDetails, getVersions, getInstallationFile), devices (trackDeviceVariables, getDeviceVariables),
 * users (getUserLicenses, getCustomerLicenseUsers, changePassword, getSSOUrl), oauth (getOAuthUrl, createOAuthToken).
 */
import { bundleHandlers } from "./bundles.js";
import { consumptionHandlers } from "./consumption.js";
import { deviceHandlers } from "./devices.js";
import { featureHandlers } from "./features.js";
import { floatingHandlers } from "./floating.js";
import { licenseHandlers } from "./licenses.js";
import { oauthHandlers } from "./oauth.js";
import { offlineHandlers } from "./offline.js";
import { productHandlers } from "./products.js";
import { trialHandlers } from "./trials.js";
import { userHandlers } from "./users.js";

export const v4Handlers = {
  ...licenseHandlers,
  ...offlineHandlers,
  ...bundleHandlers,
  ...featureHandlers,
  ...consumptionHandlers,
  ...floatingHandlers,
  ...trialHandlers,
  ...productHandlers,
  ...deviceHandlers,
  ...userHandlers,
  ...oauthHandlers,
};
