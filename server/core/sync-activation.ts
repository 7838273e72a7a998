/** `updateActivation`: the periodic server sync that refreshes the token and renews a floating lease. */
import type { EntityManager } from "typeorm";
import { ActivationEntity, ProductEntity, lockLicense, type ActivationRow, type LicenseRow, type ProductRow } from "../db/index.js";
import { freeExpiredLeases, leaseFor, machineFields, saveMeters, type ActivationRequest } from "./activate-machine.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { presentActivation } from "./event-payloads.js";
import { recordEvent } from "./events.js";
import { buildActivationMetadata } from "./metadata.js";
import type { Activation } from "./model.js";
import { toActivation } from "./records.js";
import { enforceGuards, releaseVersionGuard, syncGuards } from "./rules/activation-guards.js";
import { assertMachineMatches } from "./rules/machine-match.js";
import { applyMeterIncrements } from "./rules/meter-attributes.js";
import { signActivationToken } from "./sign-activation-token.js";

/**
 * Syncs activation `id` (PATCH semantics: omitted fields stay). Fires `activation.updated`.
 * @see openapi/v3.yaml updateActivation "Processing, in this order"
 */
export async function syncActivation(core: Core, id: string, request: ActivationRequest): Promise<{ activation: Activation; activationToken: string }> {
  const seat = await core.db.transaction(async (tx) => {
    const now = core.now();
    // Not-found comes first: it tells the client to discard its token, whatever else is wrong.
    const { product, license, activation } = await lockedActivation(tx, id, now);
    enforceGuards([releaseVersionGuard], { product, license, request, now });
    if (request.productId !== activation.productId) throw new DomainError("INVALID_PRODUCT_ID");
    if (request.key !== license.key) throw new DomainError("INVALID_LICENSE_KEY");
    assertMachineMatches(license, activation, request);
    enforceGuards(syncGuards, { product, license, request, now });
    return renew(tx, { product, license, activation }, request, now);
  });
  return { activation: toActivation(seat.activation, seat.license), activationToken: await signActivationToken(core, seat) };
}

/** The activation, its product and its license locked; ACTIVATION_NOT_FOUND also for a lease already expired and freed. */
async function lockedActivation(tx: EntityManager, id: string, now: Date): Promise<{ product: ProductRow; license: LicenseRow; activation: ActivationRow }> {
  const found = await tx.findOneBy(ActivationEntity, { id });
  const license = found ? await lockLicense(tx, found.licenseId) : null;
  const activation = license ? await tx.findOneBy(ActivationEntity, { id }) : null;
  if (!license || !activation) throw new DomainError("ACTIVATION_NOT_FOUND");
  const product = await tx.findOneByOrFail(ProductEntity, { id: activation.productId });
  // Other machines' lapsed leases are freed; this machine's own is renewed below when a seat is free.
  return { product, license: await freeExpiredLeases(tx, license, now, activation.id), activation };
}

async function renew(tx: EntityManager, seat: { product: ProductRow; license: LicenseRow; activation: ActivationRow }, request: ActivationRequest, now: Date) {
  const { license, activation: before } = seat;
  const leaseLapsed = !!before.leaseExpiresAt && before.leaseExpiresAt.getTime() <= now.getTime();
  if (leaseLapsed && (await liveLeases(tx, license, before.id, now)) >= license.allowedFloatingClients) {
    throw new DomainError("ACTIVATION_LIMIT_REACHED");
  }
  const meters = applyMeterIncrements({ license: license.meterAttributes, activation: before.meterAttributes }, request.meterAttributes, now);
  const activation: ActivationRow = {
    ...before, ...machineFields(request, before),
    metadata: request.metadata ? buildActivationMetadata(request.metadata, now, before.metadata) : before.metadata,
    meterAttributes: meters.activation, lastSyncedAt: now, ...leaseFor(license, request.leaseDuration, now), updatedAt: now,
  };
  await tx.save(ActivationEntity, activation);
  const updated = await saveMeters(tx, license, meters.license);
  await recordEvent(tx, { accountId: license.accountId, type: "activation.updated", data: presentActivation(toActivation(activation, updated)), at: now });
  return { product: seat.product, license: updated, activation };
}

/** Activations of the license other than `exceptId` holding a live (or unlimited) lease. */
async function liveLeases(tx: EntityManager, license: LicenseRow, exceptId: string, now: Date): Promise<number> {
  const others = await tx.findBy(ActivationEntity, { licenseId: license.id });
  return others.filter((a) => a.id !== exceptId && (!a.leaseExpiresAt || a.leaseExpiresAt.getTime() > now.getTime())).length;
}
