/**
 * The seat logic of activation, run inside one transaction with the license row locked: reuse the machine's
 * activation, or free expired floating leases, count seats and insert. Shared by online and offline activation.
 * @see openapi/v3.yaml createActivation step 5–6
 */
import { randomUUID } from "node:crypto";
import { LessThanOrEqual, type EntityManager } from "typeorm";
import { ActivationEntity, LicenseEntity, type ActivationRow, type LicenseRow, type OperatingSystem, type ProductRow } from "../db/index.js";
import { addSeconds } from "./clock.js";
import { DomainError } from "./errors.js";
import { presentActivation, presentLicense } from "./event-payloads.js";
import { recordEvent } from "./events.js";
import { machineKeyOf } from "./keys.js";
import { buildActivationMetadata, toDate } from "./metadata.js";
import { licenseRecord, toActivation } from "./records.js";
import { removeActivation } from "./remove-activation.js";
import { applyMeterIncrements } from "./rules/meter-attributes.js";

/** The spec's ActivationRequest, plus the caller's IP address. */
export interface ActivationRequest {
  os: OperatingSystem;
  osVersion?: string;
  fingerprint: string;
  vmName?: string;
  container?: boolean;
  hostname: string;
  userHash: string;
  productId: string;
  accountId: string;
  appVersion?: string;
  releaseVersion?: string;
  releaseChannel?: string;
  releasePlatform?: string;
  releasePublishedAt?: Date | string;
  key: string;
  userId?: string;
  leaseDuration?: number;
  metadata?: { key: string; value: string }[];
  meterAttributes?: { name: string; usesIncrement: number }[];
  ipAddress?: string | null;
  /** Whose seat this is when not the license's `userLocked` userHash: v4 user-based licenses pass the license user. */
  userKey?: string;
}

export interface Seat {
  product: ProductRow;
  license: LicenseRow;
  activation: ActivationRow;
}

/** Seats are allowedFloatingClients (hosted-floating) or allowedActivations (0 or -1 = unlimited). */
function seatLimit(license: LicenseRow): number | null {
  if (license.type === "hosted-floating") return license.allowedFloatingClients;
  return license.allowedActivations > 0 ? license.allowedActivations : null;
}

/** The client's lease when positive and not longer than the license's (or that is unlimited), else the license's. */
export function leaseFor(license: LicenseRow, requested: number | undefined, now: Date): { leaseDuration: number; leaseExpiresAt: Date | null } {
  if (license.type !== "hosted-floating") return { leaseDuration: 0, leaseExpiresAt: null };
  const own = license.leaseDuration;
  const duration = requested && requested > 0 && (own <= 0 || requested <= own) ? requested : own;
  return duration > 0 ? { leaseDuration: duration, leaseExpiresAt: addSeconds(now, duration) } : { leaseDuration: duration, leaseExpiresAt: null };
}

/** Deletes the hosted-floating activations whose lease has passed, but `keepId` (each fires `activation.deleted`). */
export async function freeExpiredLeases(tx: EntityManager, license: LicenseRow, now: Date, keepId?: string): Promise<LicenseRow> {
  if (license.type !== "hosted-floating") return license;
  const expired = await tx.findBy(ActivationEntity, { licenseId: license.id, leaseExpiresAt: LessThanOrEqual(now.toISOString()) as never });
  for (const activation of expired) if (activation.id !== keepId) license = await removeActivation(tx, license, activation, now);
  return license;
}

/** Fields of the request stored on the activation (omitted ones keep their value on a reused activation). */
export function machineFields(request: Partial<ActivationRequest>, previous?: ActivationRow) {
  const keep = <K extends keyof ActivationRow>(key: K, value: ActivationRow[K] | undefined, fallback: ActivationRow[K]) =>
    value !== undefined ? value : previous ? previous[key] : fallback;
  return {
    osVersion: keep("osVersion", request.osVersion, null),
    hostname: keep("hostname", request.hostname, ""),
    vmName: keep("vmName", request.vmName, null),
    container: keep("container", request.container, false),
    appVersion: keep("appVersion", request.appVersion, null),
    releaseVersion: keep("releaseVersion", request.releaseVersion, null),
    releaseChannel: keep("releaseChannel", request.releaseChannel, null),
    releasePlatform: keep("releasePlatform", request.releasePlatform, null),
    releasePublishedAt: keep("releasePublishedAt", toDate(request.releasePublishedAt) ?? undefined, null),
    userId: keep("userId", request.userId, null),
    ipAddress: keep("ipAddress", request.ipAddress ?? undefined, null),
  };
}

/**
 * Activates the machine of `request` on the locked `license`. The same machine (same fingerprint under the
 * matching strategy, and same userHash when userLocked) reuses its activation; otherwise a seat is needed.
 */
export async function activateMachine(
  tx: EntityManager,
  seat: { product: ProductRow; license: LicenseRow },
  request: ActivationRequest,
  now: Date,
  options: { offline: boolean },
): Promise<Seat> {
  const license = await freeExpiredLeases(tx, seat.license, now);
  const machineKey = machineKeyOf(request.fingerprint, license.fingerprintMatchingStrategy);
  const userKey = request.userKey ?? (license.userLocked ? request.userHash : "");
  const existing = await tx.findOneBy(ActivationEntity, { licenseId: license.id, machineKey, userKey });
  if (existing && options.offline && !existing.offline) throw new DomainError("ACTIVATION_ALREADY_EXISTS");
  if (existing) return reuseActivation(tx, seat.product, license, existing, request, now);
  const limit = seatLimit(license);
  if (limit !== null && (await tx.countBy(ActivationEntity, { licenseId: license.id })) >= limit) {
    throw new DomainError("ACTIVATION_LIMIT_REACHED");
  }
  return insertActivation(tx, seat.product, license, { ...request, machineKey, userKey }, now, options.offline);
}

async function insertActivation(
  tx: EntityManager, product: ProductRow, license: LicenseRow,
  request: ActivationRequest & { machineKey: string; userKey: string }, now: Date, offline: boolean,
): Promise<Seat> {
  const meters = applyMeterIncrements({ license: license.meterAttributes, activation: [] }, request.meterAttributes, now);
  const activation: ActivationRow = {
    id: randomUUID(), accountId: license.accountId, licenseId: license.id, productId: product.id,
    fingerprint: request.fingerprint, machineKey: request.machineKey, userKey: request.userKey, userHash: request.userHash,
    os: request.os, ...machineFields(request), offline,
    metadata: buildActivationMetadata(request.metadata ?? [], now), meterAttributes: meters.activation,
    // NOTE: rolling licenses expire per activation; the other strategies share the license's expiresAt.
    expiresAt: license.expirationStrategy === "rolling" && license.validity > 0 ? addSeconds(now, license.validity) : null,
    lastSyncedAt: offline ? null : now, ...leaseFor(license, request.leaseDuration, now), createdAt: now, updatedAt: now,
  };
  await tx.insert(ActivationEntity, activation as never);
  const updated = await firstActivationChanges(tx, { ...license, meterAttributes: meters.license }, license, now);
  await recordEvent(tx, { accountId: license.accountId, type: "activation.created", data: presentActivation(toActivation(activation, updated)), at: now });
  return { product, license: updated, activation };
}

async function reuseActivation(
  tx: EntityManager, product: ProductRow, license: LicenseRow, existing: ActivationRow, request: ActivationRequest, now: Date,
): Promise<Seat> {
  const meters = applyMeterIncrements({ license: license.meterAttributes, activation: existing.meterAttributes }, request.meterAttributes, now);
  const activation: ActivationRow = {
    ...existing, ...machineFields(request, existing),
    metadata: request.metadata ? buildActivationMetadata(request.metadata, now, existing.metadata) : existing.metadata,
    meterAttributes: meters.activation, lastSyncedAt: existing.offline ? existing.lastSyncedAt : now,
    ...leaseFor(license, request.leaseDuration, now), updatedAt: now,
  };
  await tx.save(ActivationEntity, activation);
  const updated = await saveMeters(tx, license, meters.license);
  await recordEvent(tx, { accountId: license.accountId, type: "activation.updated", data: presentActivation(toActivation(activation, updated)), at: now });
  return { product, license: updated, activation };
}

/** Persists changed license meter totals. */
export async function saveMeters(tx: EntityManager, license: LicenseRow, meterAttributes: LicenseRow["meterAttributes"]): Promise<LicenseRow> {
  if (meterAttributes === license.meterAttributes) return license;
  await tx.update(LicenseEntity, { id: license.id }, { meterAttributes: meterAttributes as never });
  return { ...license, meterAttributes };
}

/** The first activation sets `activatedAt` and, with `delayed`, `expiresAt` (firing `license.updated`). */
async function firstActivationChanges(tx: EntityManager, license: LicenseRow, before: LicenseRow, now: Date): Promise<LicenseRow> {
  const first = license.activatedAt === null;
  const delayedStart = license.expirationStrategy === "delayed" && license.expiresAt === null && license.validity > 0;
  if (!first && !delayedStart) return saveMeters(tx, before, license.meterAttributes);
  const next: LicenseRow = {
    ...license,
    activatedAt: license.activatedAt ?? now,
    expiresAt: delayedStart ? addSeconds(now, license.validity) : license.expiresAt,
    updatedAt: now,
  };
  await tx.save(LicenseEntity, next);
  await recordEvent(tx, { accountId: license.accountId, type: "license.updated", data: presentLicense(await licenseRecord(tx, next)), at: now });
  return next;
}
