/** The v4 answers about features, consumption counters and floating borrows (FeatureCheck, ConsumptionResult, …). */
import type { components } from "../../generated/v4.js";
import type { Borrowed } from "../core/floating-borrow.js";
import type { CheckedFeature } from "../core/features.js";
import type { FeatureConsumption } from "../core/consumption.js";
import { currentConsumption } from "../core/license-consumption.js";
import { termsOf } from "../core/license-terms.js";
import { numericId } from "../core/numeric-id.js";
import type { ConsumptionTerms, LicenseRow } from "../db/index.js";
import { presentFeature } from "./present-license.js";

type Schemas = components["schemas"];

/** The feature as the license shows it, with the license, the devices holding it, and optionally its metadata as text. */
export function presentFeatureCheck(checked: CheckedFeature, options: { includeMetadataString: boolean }, now: Date): Schemas["FeatureCheck"] {
  // The license's own feature list adds floating_timeout / floating_users, which the check answer does not carry.
  const { floating_timeout: _timeout, floating_users: _users, ...feature } = presentFeature(checked.feature, now);
  return {
    ...feature,
    name: checked.feature.name,
    license_id: numericId(checked.license.id),
    ...(checked.seatsInUse !== null ? { floating_in_use_devices: checked.seatsInUse } : {}),
    ...(options.includeMetadataString ? { metadata_string: JSON.stringify(feature.metadata) } : {}),
  };
}

export function presentConsumptionResult(license: LicenseRow, now: Date): Schemas["ConsumptionResult"] {
  const { max, ...counter } = counterFields(termsOf(license).consumption!, now);
  return { id: numericId(license.id), max_consumptions: max, ...counter, company: companyOf(license) };
}

export function presentFeatureConsumption({ license, feature }: FeatureConsumption, now: Date): Schemas["FeatureConsumptionResult"] {
  const { max, ...counter } = counterFields(feature.consumption!, now);
  return {
    id: numericId(feature.id),
    license_id: numericId(license.id),
    company: companyOf(license),
    max_consumptions: max,
    ...counter,
    is_floating: false,
    is_floating_cloud: feature.isFloatingCloud,
    ...(feature.isFloatingCloud ? { floating_timeout: feature.floatingTimeout, floating_users: feature.floatingUsers ?? 0 } : {}),
  };
}

export function presentBorrow(borrowed: Borrowed): Schemas["FloatingBorrow"] {
  return {
    borrowed_until: borrowed.until.toISOString(),
    max_borrow_time: borrowed.maxBorrowTime,
    device_id: numericId(borrowed.device.id),
    license_id: numericId(borrowed.license.id),
    company: companyOf(borrowed.license),
  };
}

/** The counter as it stands at `now` (after a reset period turned, it shows 0). */
function counterFields(terms: ConsumptionTerms, now: Date) {
  const current = currentConsumption(terms, now);
  return {
    max: current.max,
    total_consumptions: current.total,
    allow_unlimited_consumptions: current.allowUnlimited,
    allow_negative_consumptions: current.allowNegative,
    allow_overages: current.allowOverages,
    max_overages: current.maxOverages,
    reset_consumption: current.reset,
    consumption_period: current.period,
  };
}

function companyOf(license: LicenseRow): Schemas["CompanyRef"] {
  return { id: numericId(license.accountId) };
}
