/** Offline activation and deactivation from the files an offline machine generates (administrator operations). */
import type { EntityManager } from "typeorm";
import { ActivationEntity, ProductEntity, lockLicense, type LicenseRow } from "../db/index.js";
import { activateMachine } from "./activate-machine.js";
import { retryOnceOnDuplicate } from "./activate-license.js";
import { unixSeconds } from "./clock.js";
import type { Core } from "./context.js";
import { deactivateMachine, type DeactivationResult } from "./deactivate-activation.js";
import { DomainError } from "./errors.js";
import { readOfflineRequest } from "./read-offline-request.js";
import { enforceGuards, offlineActivationGuards } from "./rules/activation-guards.js";
import { assertMachineMatches } from "./rules/machine-match.js";
import { signActivationToken } from "./sign-activation-token.js";

/**
 * Exchanges an offline activation request for an `offlineResponse`: the activation token plus `offline: true` and
 * `orv` = now + responseValidity. @see openapi/v3.yaml createOfflineActivation
 */
export async function offlineActivate(
  core: Core,
  accountId: string,
  input: { offlineRequest: string; responseValidity: number; licenseId: string },
): Promise<{ offlineResponse: string }> {
  const seat = await retryOnceOnDuplicate(() =>
    core.db.transaction(async (tx) => {
      const now = core.now();
      const license = await lockedAccountLicense(tx, accountId, input.licenseId);
      const payload = await readOfflineRequest(input.offlineRequest, license.productId, "activation");
      if (payload.key !== undefined && payload.key !== license.key) throw new DomainError("INVALID_OFFLINE_REQUEST");
      const product = await tx.findOneByOrFail(ProductEntity, { id: license.productId });
      const request = { ...payload, key: license.key, accountId: payload.accountId ?? "", ipAddress: null };
      enforceGuards(offlineActivationGuards, { product, license, request, now });
      return activateMachine(tx, { product, license }, request, now, { offline: true });
    }),
  );
  const orv = unixSeconds(core.now()) + input.responseValidity;
  return { offlineResponse: await signActivationToken(core, { ...seat, extra: { orv, offline: true } }) };
}

/** Deletes an offline activation named by a deactivation request; counted like a client deactivation. */
export async function offlineDeactivate(
  core: Core,
  accountId: string,
  input: { offlineRequest: string; licenseId: string },
): Promise<DeactivationResult> {
  return core.db.transaction(async (tx) => {
    const license = await lockedAccountLicense(tx, accountId, input.licenseId);
    const payload = await readOfflineRequest(input.offlineRequest, license.productId, "deactivation");
    if (payload.key !== undefined && payload.key !== license.key) throw new DomainError("INVALID_OFFLINE_REQUEST");
    const activation = await tx.findOneBy(ActivationEntity, { id: payload.aid!, licenseId: license.id });
    if (!activation) throw new DomainError("ACTIVATION_NOT_FOUND");
    assertMachineMatches(license, activation, payload);
    return deactivateMachine(tx, license, activation, core.now());
  });
}

async function lockedAccountLicense(tx: EntityManager, accountId: string, licenseId: string): Promise<LicenseRow> {
  const license = await lockLicense(tx, licenseId);
  if (!license || license.accountId !== accountId) throw new DomainError("INVALID_LICENSE_ID");
  return license;
}
