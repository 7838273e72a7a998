/** Products and licenses: the policy rows that the activation rules read. */
import { EntitySchema } from "typeorm";
import { col } from "../columns.js";

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

export interface ProductRow {
  id: string;
  accountId: string;
  name: string;
  displayName: string;
  description: string | null;
  publicKeyPem: string;
  privateKeyPem: string;
  trialPolicy: TrialPolicy | null;
  metadata: MetadataEntry[];
  createdAt: Date;
  updatedAt: Date;
}

export interface LicenseRow {
  id: string;
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
    createdAt: col.date(),
    updatedAt: col.date(),
  },
});
