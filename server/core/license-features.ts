/** A license's features (v4 entitlements) by code. */
import type { LicenseFeature, LicenseRow } from "../db/index.js";
import { DomainError } from "./errors.js";
import { termsOf } from "./license-terms.js";

/** The license's feature `code`; `invalid_license_feature_code` when the license has none. */
export function findFeature(license: LicenseRow, code: string): LicenseFeature {
  const feature = termsOf(license).features.find((candidate) => candidate.code === code);
  if (!feature) throw new DomainError("FEATURE_NOT_FOUND");
  return feature;
}

/** A floating feature of the license; `feature_not_floating` for one that is not. */
export function findFloatingFeature(license: LicenseRow, code: string): LicenseFeature {
  const feature = findFeature(license, code);
  if (!feature.isFloatingCloud) throw new DomainError("FEATURE_NOT_FLOATING");
  return feature;
}
