/** The official LicenseSpring node SDK, pointed at our server with the vendor's public key. */
import { createRequire } from "node:module";
import { SpecValidator } from "../../client/spec-validator.js";
import { loadSpec } from "./spec.js";
import type { V4Vendor } from "./v4-fixtures.js";

const require = createRequire(import.meta.url);

/** The LicenseAPI methods the tests drive (the SDK ships no usable types for them). */
type SdkMethod =
  | "activateLicense" | "deactivateLicense" | "checkLicense" | "activateOffline" | "deactivateOffline" | "checkLicenseOffline"
  | "activateBundle" | "deactivateBundle" | "checkBundle" | "checkBundleOffline" | "checkLicenseFeature" | "addConsumption"
  | "addFeatureConsumption" | "floatingBorrow" | "floatingRelease" | "featureBorrow" | "featureRelease" | "getTrialKey"
  | "getProductDetails" | "getVersions" | "getInstallationFile" | "trackDeviceVariables" | "getDeviceVariables" | "getUserLicenses"
  | "getCustomerLicenseUsers" | "changePassword" | "getSSOUrl" | "createOfflineActivationPayload" | "createOfflineDeactivationPayload"
  | "checkOfflineActivationResponse";

/** The SDK's LicenseAPI, typed loosely: tests call its methods exactly as an application would. */
export type LicenseApi = Record<SdkMethod, (...args: any[]) => any>;

const { LicenseAPI } = require("@licensespring/node-sdk") as { LicenseAPI: new (config: Record<string, unknown>) => LicenseApi };

export function licenseApi(baseUrl: string, vendor: Pick<V4Vendor, "apiKey" | "sharedKey" | "publicKeyPem">, overrides: Record<string, unknown> = {}): LicenseApi {
  return new LicenseAPI({
    apiPath: `${baseUrl}/api/v4/`, apiKey: vendor.apiKey, sharedKey: vendor.sharedKey, publicKey: vendor.publicKeyPem, logLevel: "off", ...overrides,
  });
}

const v4Validator = new SpecValidator(loadSpec("v4"));

/** The problems of `value` against a v4 schema (`components/schemas/<name>`); empty when it conforms. */
export function v4SchemaProblems(name: string, value: unknown): string[] {
  const validate = v4Validator.validatorAt(`/components/schemas/${name}`);
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}
