/** Metadata and meter-attribute lists as stored in JSON columns: ids and timestamps assigned by the server. */
import { randomUUID } from "node:crypto";
import type { ActivationMetadataEntry, LicenseMeterAttribute, MetadataEntry, TrialPolicy, ViewPermission } from "./model.js";

export interface MetadataInput {
  key: string;
  value: string;
  viewPermissions?: ViewPermission[];
}

export interface MeterAttributeInput {
  name: string;
  allowedUses: number;
  floating?: boolean;
  visible?: boolean;
}

export interface TrialPolicyInput {
  trialLength: number;
  allowVmActivation?: boolean;
  allowContainerActivation?: boolean;
  fingerprintMatchingStrategy?: TrialPolicy["fingerprintMatchingStrategy"];
}

/** A replacement list; an entry whose key is kept keeps its id and creation time. */
export function buildMetadata(inputs: MetadataInput[], now: Date, previous: MetadataEntry[] = []): MetadataEntry[] {
  return inputs.map((input) => {
    const kept = previous.find((entry) => entry.key === input.key);
    return {
      id: kept?.id ?? randomUUID(),
      createdAt: kept?.createdAt ?? now,
      updatedAt: now,
      key: input.key,
      value: input.value,
      viewPermissions: input.viewPermissions ?? [],
    };
  });
}

export function buildActivationMetadata(inputs: { key: string; value: string }[], now: Date, previous: ActivationMetadataEntry[] = []): ActivationMetadataEntry[] {
  return buildMetadata(inputs, now, previous.map((e) => ({ ...e, viewPermissions: [] }))).map(({ viewPermissions: _v, ...entry }) => entry);
}

/** A replacement list of meter attributes; a kept name keeps its id and usage counters. */
export function buildMeterAttributes(inputs: MeterAttributeInput[], now: Date, previous: LicenseMeterAttribute[] = []): LicenseMeterAttribute[] {
  return inputs.map((input) => {
    const kept = previous.find((attribute) => attribute.name === input.name);
    return {
      id: kept?.id ?? randomUUID(),
      createdAt: kept?.createdAt ?? now,
      updatedAt: now,
      name: input.name,
      allowedUses: input.allowedUses,
      totalUses: kept?.totalUses ?? 0,
      grossUses: kept?.grossUses ?? 0,
      floating: input.floating ?? false,
      visible: input.visible ?? true,
    };
  });
}

export function buildTrialPolicy(input: TrialPolicyInput | null | undefined): TrialPolicy | null {
  if (!input) return null;
  return {
    trialLength: input.trialLength,
    allowVmActivation: input.allowVmActivation ?? false,
    allowContainerActivation: input.allowContainerActivation ?? false,
    fingerprintMatchingStrategy: input.fingerprintMatchingStrategy ?? "fuzzy",
  };
}

/** Optional dates arrive as Date or ISO string (wire bodies); null stays null. */
export function toDate(value: Date | string | null | undefined): Date | null | undefined {
  if (value === null || value === undefined) return value;
  return value instanceof Date ? value : new Date(value);
}
