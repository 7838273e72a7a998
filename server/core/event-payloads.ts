/**
 * Wire objects of the v3 spec's Activation, License and TrialActivation schemas: the `data` of webhook events.
 * The v3 layer reuses these presenters for its responses, so an event and a GET never disagree.
 * @see openapi/v3.yaml components/schemas/Activation, License, TrialActivation
 */
import type { ConsumptionTerms, LicenseFeature, LicenseTerms } from "../db/index.js";
import { termsOf } from "./license-terms.js";
import type { Activation, License, LicenseMeterAttribute, MetadataEntry, TrialActivation } from "./model.js";

type Iso = string;

export interface LocationPayload {
  ipAddress: string | null;
  countryCode: string | null;
  countryName: string | null;
  regionCode: string | null;
  regionName: string | null;
  city: string | null;
  zipCode: string | null;
  timeZone: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface ActivationMetadataPayload {
  id: string;
  createdAt: Iso;
  updatedAt: Iso;
  key: string;
  value: string;
}

interface MachinePayload {
  id: string;
  createdAt: Iso;
  updatedAt: Iso;
  os: Activation["os"];
  osVersion: string | null;
  hostname: string;
  location: LocationPayload;
  vmName: string | null;
  container: boolean;
  appVersion: string | null;
  releaseVersion: string | null;
  releaseChannel: string | null;
  releasePlatform: string | null;
  offline: boolean;
  productId: string;
  metadata: ActivationMetadataPayload[];
}

export interface ActivationPayload extends MachinePayload {
  expiresAt: Iso | null;
  licenseId: string;
  lastSyncedAt: Iso | null;
  meterAttributes: { name: string; uses: number }[];
  leaseExpiresAt: Iso | null;
  organization: null;
  userId: string | null;
  user: null;
}

export interface TrialActivationPayload extends MachinePayload {
  expiresAt: Iso;
}

export interface MetadataPayload {
  id: string;
  createdAt: Iso;
  updatedAt: Iso;
  key: string;
  value: string;
  viewPermissions: MetadataEntry["viewPermissions"];
}

export interface LicenseMeterAttributePayload extends Omit<LicenseMeterAttribute, "createdAt" | "updatedAt"> {
  createdAt: Iso;
  updatedAt: Iso;
}

export interface LicensePayload {
  id: string;
  createdAt: Iso;
  updatedAt: Iso;
  key: string;
  productId: string;
  revoked: boolean;
  suspended: boolean;
  type: License["type"];
  allowedActivations: number;
  totalActivations: number;
  allowedDeactivations: number;
  totalDeactivations: number;
  validity: number;
  expirationStrategy: License["expirationStrategy"];
  expiresAt: Iso | null;
  effectiveDate: Iso | null;
  activatedAt: Iso | null;
  fingerprintMatchingStrategy: License["fingerprintMatchingStrategy"];
  allowVmActivation: boolean;
  allowContainerActivation: boolean;
  userLocked: boolean;
  allowedFloatingClients: number;
  leasingStrategy: License["leasingStrategy"];
  leaseDuration: number;
  serverSyncInterval: number;
  serverSyncGracePeriod: number;
  allowedClockOffset: number;
  notes: string | null;
  metadata: MetadataPayload[];
  meterAttributes: LicenseMeterAttributePayload[];
  licenseApi: LicenseApiPayload;
}

/** A license's License API (v4) side: every term with its effective value, the customer and the bundle license. */
export interface LicenseApiPayload extends Omit<LicenseTerms, "maintenancePeriod" | "features"> {
  maintenancePeriod: Iso | null;
  features: Array<Omit<LicenseFeature, "expiryDate"> & { expiryDate: Iso | null }>;
  customerId: string | null;
  bundleLicenseId: string | null;
}

/** ISO-8601 of a date that JSON columns may hand back as a string. */
export function iso(date: Date | string): Iso {
  return new Date(date).toISOString();
}

export function isoOrNull(date: Date | string | null): Iso | null {
  return date === null ? null : iso(date);
}

/** Location from the stored IP; no geolocation database is configured, so the rest is null. */
function presentLocation(ipAddress: string | null): LocationPayload {
  return {
    ipAddress, countryCode: null, countryName: null, regionCode: null, regionName: null,
    city: null, zipCode: null, timeZone: null, latitude: null, longitude: null,
  };
}

function presentMachine(m: Activation | TrialActivation): MachinePayload {
  return {
    id: m.id,
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
    os: m.os,
    osVersion: m.osVersion || null,
    hostname: m.hostname,
    location: presentLocation(m.ipAddress),
    vmName: m.vmName || null,
    container: m.container,
    appVersion: m.appVersion || null,
    releaseVersion: m.releaseVersion || null,
    releaseChannel: m.releaseChannel || null,
    releasePlatform: m.releasePlatform || null,
    offline: m.offline,
    productId: m.productId,
    metadata: m.metadata.map((e) => ({ id: e.id, createdAt: iso(e.createdAt), updatedAt: iso(e.updatedAt), key: e.key, value: e.value })),
  };
}

export function presentActivation(a: Activation): ActivationPayload {
  return {
    ...presentMachine(a),
    expiresAt: isoOrNull(a.expiresAt),
    licenseId: a.licenseId,
    lastSyncedAt: isoOrNull(a.lastSyncedAt),
    meterAttributes: a.meterAttributes.map(({ name, uses }) => ({ name, uses })),
    leaseExpiresAt: isoOrNull(a.leaseExpiresAt),
    organization: null,
    userId: a.userId || null,
    user: null,
  };
}

export function presentTrialActivation(t: TrialActivation): TrialActivationPayload {
  return { ...presentMachine(t), expiresAt: iso(t.expiresAt) };
}

export function presentMetadata(entries: MetadataEntry[]): MetadataPayload[] {
  return entries.map((e) => ({ ...e, createdAt: iso(e.createdAt), updatedAt: iso(e.updatedAt), viewPermissions: e.viewPermissions ?? [] }));
}

export function presentLicense(l: License): LicensePayload {
  return {
    id: l.id,
    createdAt: iso(l.createdAt),
    updatedAt: iso(l.updatedAt),
    key: l.key,
    productId: l.productId,
    revoked: l.revoked,
    suspended: l.suspended,
    type: l.type,
    allowedActivations: l.allowedActivations,
    totalActivations: l.totalActivations,
    allowedDeactivations: l.allowedDeactivations,
    totalDeactivations: l.totalDeactivations,
    validity: l.validity,
    expirationStrategy: l.expirationStrategy,
    expiresAt: isoOrNull(l.expiresAt),
    effectiveDate: isoOrNull(l.effectiveDate),
    activatedAt: isoOrNull(l.activatedAt),
    fingerprintMatchingStrategy: l.fingerprintMatchingStrategy,
    allowVmActivation: l.allowVmActivation,
    allowContainerActivation: l.allowContainerActivation,
    userLocked: l.userLocked,
    allowedFloatingClients: l.allowedFloatingClients,
    leasingStrategy: l.leasingStrategy,
    leaseDuration: l.leaseDuration,
    serverSyncInterval: l.serverSyncInterval,
    serverSyncGracePeriod: l.serverSyncGracePeriod,
    allowedClockOffset: l.allowedClockOffset,
    notes: l.notes,
    metadata: presentMetadata(l.metadata),
    meterAttributes: l.meterAttributes.map((m) => ({ ...m, createdAt: iso(m.createdAt), updatedAt: iso(m.updatedAt) })),
    licenseApi: presentLicenseApi(l),
  };
}

/** Terms are JSON (dates as the strings they were set with): v3 shows them as ISO-8601 instants, field by field. */
function presentLicenseApi(l: License): LicenseApiPayload {
  const t = termsOf(l);
  return {
    licenseType: t.licenseType, isTrial: t.isTrial, trialDays: t.trialDays, allowGracePeriod: t.allowGracePeriod, gracePeriod: t.gracePeriod,
    enableMaintenancePeriod: t.enableMaintenancePeriod, maintenancePeriod: isoOrNull(t.maintenancePeriod), canBorrow: t.canBorrow,
    maxBorrowTime: t.maxBorrowTime, allowOfflineActivation: t.allowOfflineActivation, isAirGapped: t.isAirGapped, isHardwareKeyAuth: t.isHardwareKeyAuth,
    maxLicenseUsers: t.maxLicenseUsers, orderStoreId: t.orderStoreId, consumption: presentCounter(t.consumption),
    features: t.features.map((f) => ({
      id: f.id, code: f.code, name: f.name, expiryDate: isoOrNull(f.expiryDate), type: f.type, isFloatingCloud: f.isFloatingCloud,
      floatingUsers: f.floatingUsers, floatingTimeout: f.floatingTimeout, maxBorrowTime: f.maxBorrowTime, metadata: f.metadata,
      consumption: presentCounter(f.consumption),
    })),
    customFields: t.customFields.map(({ name, dataType, value }) => ({ name, dataType, value })),
    metadata: t.metadata,
    customerId: l.customerId ?? null,
    bundleLicenseId: l.bundleLicenseId ?? null,
  };
}

function presentCounter(c: ConsumptionTerms | null): ConsumptionTerms | null {
  return c && {
    max: c.max, total: c.total, allowUnlimited: c.allowUnlimited, allowNegative: c.allowNegative, allowOverages: c.allowOverages,
    maxOverages: c.maxOverages, reset: c.reset, period: c.period, periodStartedAt: isoOrNull(c.periodStartedAt),
  };
}
