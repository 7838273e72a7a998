/** The v4 terms of licenses and settings of products, with the defaults a record saved without them gets. */
import type { LicenseRow, LicenseTerms, ProductLicensing, ProductRow } from "../db/index.js";

export const defaultProductLicensing: ProductLicensing = {
  allowTrial: false,
  trialDays: 14,
  floatingTimeout: 120,
  allowOverages: false,
  maxOverages: 0,
  preventVm: false,
  customFields: [],
  bundleProductIds: null,
  metadata: {},
};

export function productLicensingOf(product: Pick<ProductRow, "licensing">): ProductLicensing {
  return { ...defaultProductLicensing, ...product.licensing };
}

/** A license without v4 terms is perpetual, or time-limited when it has an expiry. */
export function termsOf(license: LicenseRow): LicenseTerms {
  return {
    licenseType: license.expiresAt ? "time-limited" : "perpetual",
    isTrial: false,
    trialDays: null,
    allowGracePeriod: false,
    gracePeriod: null,
    enableMaintenancePeriod: false,
    maintenancePeriod: null,
    canBorrow: false,
    maxBorrowTime: 0,
    allowOfflineActivation: true,
    isAirGapped: false,
    isHardwareKeyAuth: false,
    maxLicenseUsers: 0,
    orderStoreId: null,
    consumption: null,
    features: [],
    customFields: [],
    metadata: {},
    ...license.terms,
  };
}

/** Floating cloud (v4) is the v3 hosted-floating license: a seat per device, held for `floating_timeout`. */
export function isFloatingCloud(license: LicenseRow): boolean {
  return license.type === "hosted-floating";
}
