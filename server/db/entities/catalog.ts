/** Products and licenses: the policy rows that the activation rules read. */
import { EntitySchema } from "typeorm";
import { col, type JsonObject } from "../columns.js";

export type ViewPermission = "activation" | "user" | "organization" | "reseller";
export type FingerprintMatchingStrategy = "fuzzy" | "exact" | "loose";
export type LicenseType = "node-locked" | "hosted-floating" | "on-premise-floating";
export type ExpirationStrategy = "immediate" | "delayed" | "rolling";
export type LeasingStrategy = "per-machine" | "per-instance";

export interface MetadataEntry {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  key: string;
  value: string;
  viewPermissions: ViewPermission[];
}

export interface TrialPolicy {
  trialLength: number;
  allowVmActivation: boolean;
  allowContainerActivation: boolean;
  fingerprintMatchingStrategy: FingerprintMatchingStrategy;
}

export interface LicenseMeterAttribute {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  name: string;
  allowedUses: number;
  totalUses: number;
  grossUses: number;
  floating: boolean;
  visible: boolean;
}

/** How v4 (LicenseSpring) clients identify a license of the product: by key or by license user. */
export type AuthorizationMethod = "license-key" | "user";
export type ConsumptionPeriod = "daily" | "weekly" | "monthly" | "annually";

/** A product custom field: a name and the default value licenses inherit. */
export interface ProductCustomField {
  id: string;
  name: string;
  defaultValue: string;
}

/** The v4 product settings; a product saved before v4 existed has none and gets `defaultProductLicensing`. */
export interface ProductLicensing {
  allowTrial: boolean;
  trialDays: number;
  /** Minutes a floating slot stays taken without a check. */
  floatingTimeout: number;
  allowOverages: boolean;
  maxOverages: number;
  preventVm: boolean;
  customFields: ProductCustomField[];
  /** A bundle product lists the products its licenses unlock; null for an ordinary product. */
  bundleProductIds: string[] | null;
  /** The v4 `metadata` object (v3 keeps its own key/value list in `metadata`). */
  metadata: JsonObject;
}

export interface ProductRow {
  id: string;
  accountId: string;
  name: string;
  /** The v4 product code (`product` parameter); unique per account, null until the vendor sets one. */
  shortCode?: string | null;
  authorizationMethod?: AuthorizationMethod;
  licensing?: ProductLicensing | null;
  displayName: string;
  description: string | null;
  publicKeyPem: string;
  privateKeyPem: string;
  trialPolicy: TrialPolicy | null;
  metadata: MetadataEntry[];
  createdAt: Date;
  updatedAt: Date;
}

/** Consumption counters of a license or feature, updated with the license row locked. JSON: instants are ISO strings. */
export interface ConsumptionTerms {
  max: number;
  total: number;
  allowUnlimited: boolean;
  allowNegative: boolean;
  allowOverages: boolean;
  maxOverages: number;
  reset: boolean;
  period: ConsumptionPeriod | null;
  /** Start of the current reset period (counters return to 0 when the period has passed). */
  periodStartedAt: string | null;
}

/** A feature (entitlement) of a license. */
export interface LicenseFeature {
  id: string;
  code: string;
  name: string;
  expiryDate: string | null;
  type: "activation" | "consumption";
  isFloatingCloud: boolean;
  floatingUsers: number | null;
  /** Minutes a floating feature slot stays taken without a check. */
  floatingTimeout: number;
  /** Longest feature borrow in hours. */
  maxBorrowTime: number;
  metadata: JsonObject;
  consumption: ConsumptionTerms | null;
}

export interface LicenseCustomField {
  name: string;
  dataType: "number" | "text" | "date/time" | null;
  value: string;
}

/**
 * The v4 (LicenseSpring) terms of a license that v3 has no column for. Shared facts live in the v3 columns:
 * max_activations = allowedActivations, max_transfers = allowedDeactivations, transfer_count = totalDeactivations,
 * prevent_vm = !allowVmActivation, enabled = !revoked, active = !suspended, validity_period = expiresAt,
 * start_date = effectiveDate, floating cloud = type hosted-floating with floating_users = allowedFloatingClients.
 */
export interface LicenseTerms {
  licenseType: "perpetual" | "time-limited" | "consumption" | "subscription";
  isTrial: boolean;
  trialDays: number | null;
  allowGracePeriod: boolean;
  /** Hours after expiry during which the license still works. */
  gracePeriod: number | null;
  enableMaintenancePeriod: boolean;
  maintenancePeriod: string | null;
  canBorrow: boolean;
  /** Longest borrow in hours. */
  maxBorrowTime: number;
  allowOfflineActivation: boolean;
  isAirGapped: boolean;
  isHardwareKeyAuth: boolean;
  maxLicenseUsers: number;
  orderStoreId: string | null;
  consumption: ConsumptionTerms | null;
  features: LicenseFeature[];
  customFields: LicenseCustomField[];
  /** The v4 `metadata` object. */
  metadata: JsonObject;
}

export interface LicenseRow {
  id: string;
  /** The v4 terms set so far; the rest take core's `termsOf` defaults (null on a license that never set any). */
  terms?: Partial<LicenseTerms> | null;
  customerId?: string | null;
  /** A product license unlocked by a bundle license points at it; null otherwise. */
  bundleLicenseId?: string | null;
  accountId: string;
  productId: string;
  key: string;
  revoked: boolean;
  suspended: boolean;
  type: LicenseType;
  allowedActivations: number;
  allowedDeactivations: number;
  /** Client deactivations so far (activations are counted from rows, deactivations can't be). */
  totalDeactivations: number;
  validity: number;
  expirationStrategy: ExpirationStrategy;
  expiresAt: Date | null;
  effectiveDate: Date | null;
  activatedAt: Date | null;
  fingerprintMatchingStrategy: FingerprintMatchingStrategy;
  allowVmActivation: boolean;
  allowContainerActivation: boolean;
  userLocked: boolean;
  allowedFloatingClients: number;
  leasingStrategy: LeasingStrategy;
  leaseDuration: number;
  serverSyncInterval: number;
  serverSyncGracePeriod: number;
  allowedClockOffset: number;
  notes: string | null;
  metadata: MetadataEntry[];
  meterAttributes: LicenseMeterAttribute[];
  createdAt: Date;
  updatedAt: Date;
}

export const ProductEntity = new EntitySchema<ProductRow>({
  name: "Product",
  tableName: "products",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    name: col.text(),
    shortCode: col.text(64, true),
    authorizationMethod: { type: "varchar", length: 16, default: "license-key" },
    licensing: col.json(true),
    displayName: col.text(),
    description: { type: "text", nullable: true },
    publicKeyPem: col.longText(),
    privateKeyPem: col.longText(),
    trialPolicy: col.json(true),
    metadata: col.json(),
    createdAt: col.date(),
    updatedAt: col.date(),
  },
});

export const LicenseEntity = new EntitySchema<LicenseRow>({
  name: "License",
  tableName: "licenses",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    productId: col.ref(),
    key: col.text(),
    revoked: col.bool(),
    suspended: col.bool(),
    type: col.text(32),
    allowedActivations: col.int(),
    allowedDeactivations: col.int(),
    totalDeactivations: col.int(),
    validity: col.int(),
    expirationStrategy: col.text(16),
    expiresAt: col.date(true),
    effectiveDate: col.date(true),
    activatedAt: col.date(true),
    fingerprintMatchingStrategy: col.text(16),
    allowVmActivation: col.bool(),
    allowContainerActivation: col.bool(),
    userLocked: col.bool(),
    allowedFloatingClients: col.int(),
    leasingStrategy: col.text(16),
    leaseDuration: col.bigint(),
    serverSyncInterval: col.int(),
    serverSyncGracePeriod: col.int(),
    allowedClockOffset: col.int(),
    notes: { type: "text", nullable: true },
    metadata: col.json(),
    meterAttributes: col.json(),
    terms: col.json(true),
    customerId: col.ref(true),
    bundleLicenseId: col.ref(true),
    createdAt: col.date(),
    updatedAt: col.date(),
  },
});
