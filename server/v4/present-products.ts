/** v4 product answers: product details, version lists and installation files. */
import type { components } from "../../generated/v4.js";
import type { ProductRow, ProductVersionRow } from "../db/index.js";
import { productLicensingOf } from "../core/license-terms.js";
import { numericId } from "../core/numeric-id.js";

type Schemas = components["schemas"];

const dayOf = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

export function presentProductDetails(
  product: ProductRow, latest: ProductVersionRow | null | undefined, options: { includeLatestVersion: boolean; includeCustomFields: boolean },
): Schemas["ProductDetails"] {
  const licensing = productLicensingOf(product);
  return {
    product_id: numericId(product.id), product_name: product.displayName || product.name, short_code: product.shortCode!,
    allow_trial: licensing.allowTrial, trial_days: licensing.trialDays, authorization_method: product.authorizationMethod ?? "license-key",
    floating_timeout: licensing.floatingTimeout, allow_overages: licensing.allowOverages, max_overages: licensing.maxOverages,
    prevent_vm: licensing.preventVm, metadata: licensing.metadata, company: { id: numericId(product.accountId) },
    ...(options.includeLatestVersion ? { latest_version: latest ? presentProductVersion(latest) : null } : {}),
    ...(options.includeCustomFields
      ? { custom_fields: licensing.customFields.map((field) => ({ id: numericId(field.id), name: field.name, default_value: field.defaultValue })) }
      : {}),
  };
}

export function presentProductVersion(version: ProductVersionRow): Schemas["ProductVersion"] {
  return {
    id: numericId(version.id), version: version.version, full_link: version.fullLink, filename: version.filename, release_date: dayOf(version.releaseDate),
    hash_md5: version.hashMd5, environment: version.environment, eula_link: version.eulaLink, release_notes_link: version.releaseNotesLink,
    size: version.size === null ? null : String(version.size), requires_version: version.requiresVersion, channel: version.channel,
    created_at: version.createdAt.toISOString(), updated_at: version.updatedAt.toISOString(), enabled: version.enabled, product_id: numericId(version.productId),
  };
}

export function presentVersionList(versions: ProductVersionRow[]): Schemas["VersionList"] {
  return versions.map((version) => ({ version: version.version, release_date: dayOf(version.releaseDate) }));
}

export function presentInstallationFile(file: ProductVersionRow): Schemas["InstallationFile"] {
  return {
    id: numericId(file.id), version: file.version, installation_file: file.fullLink, release_date: dayOf(file.releaseDate), hash_md5: file.hashMd5,
    environment: file.environment, eula_link: file.eulaLink, release_notes_link: file.releaseNotesLink,
    size: file.size === null ? null : String(file.size), requires_version: file.requiresVersion, channel: file.channel,
    company: { id: numericId(file.accountId) },
  };
}
