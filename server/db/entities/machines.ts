/** Activations and trial activations: one row per machine holding a seat or a trial. */
import { EntitySchema } from "typeorm";
import { col } from "../columns.js";

export type OperatingSystem = "windows" | "linux" | "macos" | "android" | "ios";

export interface ActivationMetadataEntry {
  id: string;
  createdAt: Date;
  updatedAt: Date;
  key: string;
  value: string;
}

export interface ActivationMeterUses {
  name: string;
  uses: number;
}

/** Fields shared by activations and trial activations (what the client reports about its machine). */
export interface MachineFields {
  fingerprint: string;
  /** The fingerprint as compared under the matching strategy (lower-cased unless `exact`): backs the unique index. */
  machineKey: string;
  userHash: string;
  os: OperatingSystem;
  osVersion: string | null;
  hostname: string;
  vmName: string | null;
  container: boolean;
  appVersion: string | null;
  releaseVersion: string | null;
  releaseChannel: string | null;
  releasePlatform: string | null;
  releasePublishedAt: Date | null;
  offline: boolean;
  ipAddress: string | null;
  metadata: ActivationMetadataEntry[];
}

export interface ActivationRow extends MachineFields {
  id: string;
  accountId: string;
  licenseId: string;
  productId: string;
  /** `userHash` when the license is userLocked, else '': one activation per (license, machine[, user]). */
  userKey: string;
  userId: string | null;
  meterAttributes: ActivationMeterUses[];
  /** Own expiry (rolling strategy); null otherwise. */
  expiresAt: Date | null;
  lastSyncedAt: Date | null;
  /** Lease granted to this activation in seconds (hosted-floating), 0 = unlimited. */
  leaseDuration: number;
  leaseExpiresAt: Date | null;
  /** v4 floating: the device borrowed its seat until then (the lease is held as long). */
  borrowedUntil?: Date | null;
  /** v4 floating features held by this device. */
  featureSeats?: FeatureSeat[] | null;
  /** v4 telemetry without a v3 column (mac_address, sdk_ver, os_hostname, ip_local, vm_info). */
  deviceInfo?: Record<string, string> | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A floating feature slot held by a device until `until` (check or borrow). */
export interface FeatureSeat {
  code: string;
  /** ISO-8601 (stored in JSON). */
  until: string;
  borrowed: boolean;
}

export interface TrialActivationRow extends MachineFields {
  id: string;
  accountId: string;
  productId: string;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

const machineColumns = {
  fingerprint: col.text(1024),
  machineKey: col.text(1024),
  userHash: col.text(),
  os: col.text(16),
  osVersion: col.text(256, true),
  hostname: col.text(1024),
  vmName: col.text(256, true),
  container: col.bool(),
  appVersion: col.text(256, true),
  releaseVersion: col.text(256, true),
  releaseChannel: col.text(256, true),
  releasePlatform: col.text(256, true),
  releasePublishedAt: col.date(true),
  offline: col.bool(),
  ipAddress: col.text(64, true),
  metadata: col.json(),
};

export const ActivationEntity = new EntitySchema<ActivationRow>({
  name: "Activation",
  tableName: "activations",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    licenseId: col.ref(),
    productId: col.ref(),
    userKey: col.text(),
    userId: col.text(256, true),
    ...machineColumns,
    meterAttributes: col.json(),
    expiresAt: col.date(true),
    lastSyncedAt: col.date(true),
    leaseDuration: col.bigint(),
    leaseExpiresAt: col.date(true),
    borrowedUntil: col.date(true),
    featureSeats: col.json(true),
    deviceInfo: col.json(true),
    createdAt: col.date(),
    updatedAt: col.date(),
  },
});

export const TrialActivationEntity = new EntitySchema<TrialActivationRow>({
  name: "TrialActivation",
  tableName: "trial_activations",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    productId: col.ref(),
    ...machineColumns,
    expiresAt: col.date(),
    createdAt: col.date(),
    updatedAt: col.date(),
  },
});
