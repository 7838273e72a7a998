/**
 * The v4 license object (openapi/v4.yaml LicenseBase) and its activation, check and listing variants, built from
 * the shared records. Every numeric id is the record's numericId; instants are `toISOString()`; dates `YYYY-MM-DD`.
 */
import type { EntityManager } from "typeorm";
import type { components } from "../../generated/v4.js";
import { ActivationEntity, CustomerEntity, type ActivationRow, type CustomerRow, type LicenseFeature, type ProductVersionRow } from "../db/index.js";
import type { IdentifiedLicense } from "../core/identify-license.js";
import { floatingTimeoutMinutes, seatsInUse } from "../core/floating-seats.js";
import { deviceUserKey } from "../core/find-device.js";
import { isFloatingCloud, productLicensingOf, termsOf } from "../core/license-terms.js";
import { numericId } from "../core/numeric-id.js";
import { latestInstallationFile } from "../core/product-versions.js";
import { listDeviceVariables } from "../core/device-variables.js";
import { currentConsumption } from "../core/license-consumption.js";
import { isExpired } from "../core/rules/license-state.js";
import { signLicense } from "./sign-response.js";

type Schemas = components["schemas"];
type LicenseBase = Schemas["LicenseBase"];

/** Everything a license object shows besides the records identification already loaded. */
export interface LicenseView extends IdentifiedLicense {
  customer: CustomerRow | null;
  timesActivated: number;
  /** Seats held on a floating-cloud license. */
  seatsInUse: number;
}

/** Loads the view of an identified license at `now` (run in the transaction that identified it). */
export async function loadLicenseView(tx: EntityManager, identified: IdentifiedLicense, now: Date): Promise<LicenseView> {
  const { license } = identified;
  const customer = license.customerId ? await tx.findOneBy(CustomerEntity, { id: license.customerId }) : null;
  return {
    ...identified,
    customer,
    timesActivated: await tx.countBy(ActivationEntity, { licenseId: license.id, ...(identified.user ? { userKey: deviceUserKey(identified) } : {}) }),
    seatsInUse: isFloatingCloud(license) ? await seatsInUse(tx, license, now) : 0,
  };
}

export function presentLicenseBase(view: LicenseView, now: Date): LicenseBase {
  const { product, license, user } = view;
  const terms = termsOf(license);
  const consumption = terms.consumption;
  const unlimitedActivations = user ? user.assignment.allowUnlimitedActivations : license.allowedActivations <= 0;
  return {
    id: numericId(license.id),
    license_key: user ? null : license.key,
    ...(user ? { user: presentLicenseUser(view) } : {}),
    license_type: terms.licenseType,
    is_trial: terms.isTrial,
    ...(terms.trialDays !== null ? { trial_days: terms.trialDays } : {}),
    validity_period: license.expiresAt?.toISOString() ?? null,
    start_date: dayOf(license.effectiveDate),
    maintenance_period: terms.maintenancePeriod ? terms.maintenancePeriod.slice(0, 10) : null,
    enable_maintenance_period: terms.enableMaintenancePeriod,
    allow_grace_period: terms.allowGracePeriod,
    grace_period: terms.gracePeriod,
    max_activations: unlimitedActivations ? 0 : user ? user.assignment.maxActivations : license.allowedActivations,
    allow_unlimited_activations: unlimitedActivations,
    times_activated: view.timesActivated,
    transfer_count: license.totalDeactivations,
    max_transfers: license.allowedDeactivations,
    max_license_users: terms.maxLicenseUsers,
    prevent_vm: !license.allowVmActivation,
    is_hardware_key_auth: terms.isHardwareKeyAuth,
    is_air_gapped: terms.isAirGapped,
    allow_offline_activation: terms.allowOfflineActivation,
    is_floating: license.type === "on-premise-floating",
    is_floating_cloud: isFloatingCloud(license),
    floating_users: isFloatingCloud(license) ? license.allowedFloatingClients : null,
    floating_timeout: floatingTimeoutMinutes(license, product),
    can_borrow: terms.canBorrow,
    max_borrow_time: terms.maxBorrowTime,
    allow_overages: consumption?.allowOverages ?? false,
    max_overages: consumption?.maxOverages ?? 0,
    ...(consumption ? presentConsumption(consumption, now) : {}),
    order_store_id: terms.orderStoreId,
    license_template_id: null,
    company: { id: numericId(license.accountId) },
    customer: presentCustomer(view.customer),
    product_details: {
      product_id: numericId(product.id), product_name: product.displayName || product.name, short_code: product.shortCode!,
      authorization_method: product.authorizationMethod ?? "license-key", metadata: productLicensingOf(product).metadata,
    },
    product_features: terms.features.map((feature) => presentFeature(feature, now)),
    custom_fields: presentCustomFields(view),
    metadata: terms.metadata,
  };
}

function presentConsumption(consumption: NonNullable<ReturnType<typeof termsOf>["consumption"]>, now: Date) {
  const current = currentConsumption(consumption, now);
  return {
    max_consumptions: current.max,
    total_consumptions: current.total,
    allow_unlimited_consumptions: current.allowUnlimited,
    allow_negative_consumptions: current.allowNegative,
    reset_consumption: current.reset,
    consumption_period: current.period,
  };
}

export function presentFeature(feature: LicenseFeature, now: Date): Schemas["LicenseFeature"] {
  const base = {
    id: numericId(feature.id), code: feature.code, name: feature.name, expiry_date: feature.expiryDate, is_floating: false,
    is_floating_cloud: feature.isFloatingCloud,
    ...(feature.isFloatingCloud ? { floating_timeout: feature.floatingTimeout, floating_users: feature.floatingUsers ?? 0 } : {}),
    metadata: feature.metadata,
  };
  if (feature.type !== "consumption" || !feature.consumption) return { ...base, feature_type: "activation" };
  const current = currentConsumption(feature.consumption, now);
  return {
    ...base, feature_type: "consumption", allow_negative_consumptions: current.allowNegative, allow_overages: current.allowOverages,
    allow_unlimited_consumptions: current.allowUnlimited, consumption_period: current.period, max_consumption: current.max,
    max_overages: current.maxOverages, reset_consumption: current.reset, total_consumptions: current.total,
  };
}

export function presentLicenseUser({ user, timesActivated }: LicenseView): Schemas["LicenseUser"] {
  const { row, assignment } = user!;
  return {
    id: numericId(row.id), email: row.email, first_name: row.firstName ?? "", last_name: row.lastName ?? "", phone_number: row.phoneNumber ?? "",
    is_initial_password: row.isInitialPassword, allow_unlimited_activations: assignment.allowUnlimitedActivations,
    max_activations: assignment.maxActivations, total_activations: timesActivated,
  };
}

export function presentCustomer(customer: CustomerRow | null): Schemas["Customer"] {
  return {
    email: customer?.email ?? null, company_name: customer?.companyName ?? null, reference: customer?.reference ?? null,
    phone: customer?.phone ?? null, first_name: customer?.firstName ?? null, last_name: customer?.lastName ?? null,
    city: customer?.city ?? null, postcode: customer?.postcode ?? null, state: customer?.state ?? null, country: customer?.country ?? null,
    address: customer?.address ?? null,
    customer_account: customer?.customerAccount
      ? { id: numericId(customer.customerAccount.id), name: customer.customerAccount.name, code: customer.customerAccount.code }
      : null,
    metadata: customer?.metadata ?? {},
  };
}

/** The product's custom fields with their defaults, overridden by the license's own values. */
function presentCustomFields({ product, license }: LicenseView): Schemas["CustomField"][] {
  const own = termsOf(license).customFields;
  const inherited = productLicensingOf(product).customFields
    .filter((field) => !own.some((mine) => mine.name === field.name))
    .map((field) => ({ name: field.name, data_type: null, value: field.defaultValue }));
  return [...inherited, ...own.map((field) => ({ name: field.name, data_type: field.dataType, value: field.value }))];
}

function dayOf(date: Date | null): string | null {
  return date ? date.toISOString().slice(0, 10) : null;
}

/** `license_signature` (v1): over hardware_id#license_key-or-username#validity_period, lower-cased. */
export function signLicenseFor(view: LicenseView, hardwareId: string, privateKeyPem: string): Promise<string> {
  return signLicense(privateKeyPem, { hardwareId, id: view.user ? view.user.row.email : view.license.key, validityPeriod: view.license.expiresAt?.toISOString() ?? null });
}

/** The activation object (`activate_license`, bundle items, and the base of offline answers). */
export async function presentActivatedLicense(
  tx: EntityManager, view: LicenseView & { device: ActivationRow }, hardwareId: string, env: { env?: string; channel?: string },
  privateKeyPem: string, now: Date,
): Promise<Schemas["ActivatedLicense"]> {
  const file = await latestInstallationFile(tx, view.product.id, env);
  const variables = await listDeviceVariables(tx, view.device);
  return {
    ...presentLicenseBase(view, now),
    request: "activation",
    active: !view.license.suspended,
    device_id: numericId(view.device.id),
    hardware_id: hardwareId,
    ...(view.user ? { username: view.user.row.email } : {}),
    is_expired: isExpired(view.license, now),
    ...(isFloatingCloud(view.license) ? { floating_in_use: holdsSeat(view.device, now) } : {}),
    license_signature: await signLicenseFor(view, hardwareId, privateKeyPem),
    installation_file: file ? presentInstallationFileSummary(file) : null,
    ...(variables.length
      ? { variables: variables.map((v) => ({ value: v.value, device_id: numericId(view.device.id), variable: v.variable, created_at: v.createdAt.toISOString() })) }
      : {}),
  };
}

/** The check object (`check_license`, check_bundle items). */
export async function presentCheckedLicense(view: LicenseView & { device: ActivationRow }, hardwareId: string, privateKeyPem: string, now: Date): Promise<Schemas["CheckedLicense"]> {
  const borrowed = view.device.borrowedUntil && view.device.borrowedUntil > now ? view.device.borrowedUntil : null;
  return {
    ...presentLicenseBase(view, now),
    borrowed_until: borrowed?.toISOString() ?? null,
    is_borrowed: borrowed !== null,
    is_expired: isExpired(view.license, now),
    ...(isFloatingCloud(view.license) ? { floating_in_use_devices: view.seatsInUse } : {}),
    license_active: !view.license.suspended,
    license_enabled: !view.license.revoked,
    license_signature: await signLicenseFor(view, hardwareId, privateKeyPem),
  };
}

/** A license as listed by `user_licenses`. */
export function presentFormattedLicense(view: LicenseView, now: Date): Schemas["FormattedLicense"] {
  return { ...presentLicenseBase(view, now), license_active: !view.license.suspended, license_enabled: !view.license.revoked };
}

export function presentInstallationFileSummary(file: ProductVersionRow): Schemas["InstallationFileSummary"] {
  return {
    id: numericId(file.id), channel: file.channel, environment: file.environment, version: file.version, installation_file: file.fullLink,
    hash_md5: file.hashMd5 ?? "", eula_link: file.eulaLink ?? "", release_date: dayOf(file.releaseDate), requires_version: file.requiresVersion,
    size: file.size === null ? null : String(file.size), release_notes_link: file.releaseNotesLink ?? "",
  };
}

function holdsSeat(device: ActivationRow, now: Date): boolean {
  return device.leaseExpiresAt !== null && device.leaseExpiresAt.getTime() > now.getTime();
}
