/** The `trial_key` answers: a new trial's license record, or the short note of the trial the device already has. */
import type { components } from "../../generated/v4.js";
import type { LicenseRow, ProductRow } from "../db/index.js";
import { floatingTimeoutMinutes } from "../core/floating-seats.js";
import { isFloatingCloud, termsOf } from "../core/license-terms.js";
import { numericId } from "../core/numeric-id.js";
import type { TrialKey } from "../core/trial-keys.js";

type Schemas = components["schemas"];

export function presentTrialKey(trial: TrialKey): Schemas["TrialKey"] {
  const { license, product } = trial;
  const licenseType = termsOf(license).licenseType;
  if (!trial.created) {
    return trial.user
      ? { license_type: licenseType, is_trial: true, license_user: trial.user.email }
      : { license_type: licenseType, is_trial: true, license: license.key };
  }
  const record = presentTrialRecord(product, license);
  return trial.user
    ? { ...record, license_user: trial.user.row.email, initial_password: trial.user.password, license_user_id: numericId(trial.user.row.id), max_license_users: 1 }
    : { ...record, license: license.key, license_key: license.key };
}

function presentTrialRecord(product: ProductRow, license: LicenseRow) {
  const terms = termsOf(license);
  const consumption = terms.consumption;
  return {
    id: numericId(license.id), order_id: numericId(license.id), product_id: numericId(product.id),
    created_at: license.createdAt.getTime(), updated_at: license.updatedAt.getTime(), active: !license.suspended, enabled: !license.revoked,
    enable_maintenance_period: terms.enableMaintenancePeriod, is_floating: false, is_hardware_key_auth: terms.isHardwareKeyAuth, is_trial: true,
    license_type: terms.licenseType, maintenance_duration: null, max_activations: license.allowedActivations, max_transfers: license.allowedDeactivations,
    metadata: terms.metadata, prevent_vm: !license.allowVmActivation, times_activated: 0, trial_days: terms.trialDays ?? 0,
    validity_period: license.expiresAt!.toISOString(), company: { id: numericId(license.accountId) },
    LicenseProductFeatures: [], LicenseCustomFields: [],
    is_floating_cloud: isFloatingCloud(license), floating_users: isFloatingCloud(license) ? license.allowedFloatingClients : 0,
    floating_timeout: floatingTimeoutMinutes(license, product), allow_overages: consumption?.allowOverages ?? false,
    max_overages: consumption?.maxOverages ?? 0, max_consumptions: consumption?.max ?? 0, valid_duration: null,
    consumption_period: consumption?.period ?? null, reset_consumption: consumption?.reset ?? false,
    grace_period: terms.gracePeriod ?? 0, allow_grace_period: terms.allowGracePeriod,
  };
}
