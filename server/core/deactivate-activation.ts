/** Client deactivation (`deactivateActivation`, and offline deactivation): counted against `allowedDeactivations`. */
import type { EntityManager } from "typeorm";
import { ActivationEntity, LicenseEntity, lockLicense, type ActivationRow, type LicenseRow, type OperatingSystem } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { removeActivation } from "./remove-activation.js";
import { assertMachineMatches } from "./rules/machine-match.js";

export interface DeactivationProof {
  productId: string;
  accountId: string;
  fingerprint: string;
  userHash: string;
  os: OperatingSystem;
}

export interface DeactivationResult {
  activationId: string;
  licenseId: string;
  deactivatedAt: Date;
  /** allowedDeactivations − totalDeactivations after this one; -1 = unlimited. */
  remainingDeactivations: number;
}

/** @see openapi/v3.yaml deactivateActivation */
export async function deactivateActivation(core: Core, activationId: string, proof: DeactivationProof): Promise<DeactivationResult> {
  return core.db.transaction(async (tx) => {
    const { license, activation } = await lockedActivation(tx, activationId);
    if (proof.productId !== activation.productId || (proof.accountId && proof.accountId !== activation.accountId)) {
      throw new DomainError("INVALID_PRODUCT_ID");
    }
    assertMachineMatches(license, activation, proof);
    return deactivateMachine(tx, license, activation, core.now());
  });
}

/** The activation and its license, locked; ACTIVATION_NOT_FOUND when either is gone. */
export async function lockedActivation(tx: EntityManager, activationId: string): Promise<{ license: LicenseRow; activation: ActivationRow }> {
  const found = await tx.findOneBy(ActivationEntity, { id: activationId });
  const license = found ? await lockLicense(tx, found.licenseId) : null;
  // Re-read after the lock: a concurrent deactivation may have deleted it meanwhile.
  const activation = license ? await tx.findOneBy(ActivationEntity, { id: activationId }) : null;
  if (!license || !activation) throw new DomainError("ACTIVATION_NOT_FOUND");
  return { license, activation };
}

/**
 * Deletes the activation of the locked license, enforcing and counting the deactivation limit (hosted-floating
 * licenses have none). @see openapi/v3.yaml deactivateActivation
 */
export async function deactivateMachine(tx: EntityManager, license: LicenseRow, activation: ActivationRow, now: Date): Promise<DeactivationResult> {
  const limited = license.type !== "hosted-floating" && license.allowedDeactivations !== -1;
  if (limited && license.totalDeactivations >= license.allowedDeactivations) throw new DomainError("DEACTIVATION_LIMIT_REACHED");
  const totalDeactivations = license.totalDeactivations + 1;
  await tx.update(LicenseEntity, { id: license.id }, { totalDeactivations, updatedAt: now });
  await removeActivation(tx, { ...license, totalDeactivations }, activation, now);
  return {
    activationId: activation.id,
    licenseId: license.id,
    deactivatedAt: now,
    remainingDeactivations: limited ? license.allowedDeactivations - totalDeactivations : -1,
  };
}
