/** `createActivation`: activate a license key on a machine and hand back a signed activation token. */
import type { EntityManager } from "typeorm";
import { LicenseEntity, ProductEntity, isUniqueViolation, lockLicense, type LicenseRow, type ProductRow } from "../db/index.js";
import { activateMachine, type ActivationRequest } from "./activate-machine.js";
import type { Core } from "./context.js";
import { toActivation } from "./records.js";
import { activationGuards, enforceGuards, type Guard } from "./rules/activation-guards.js";
import { signActivationToken } from "./sign-activation-token.js";
import type { Activation } from "./model.js";

export type { ActivationRequest } from "./activate-machine.js";

/**
 * Walks the refusal guards, then takes or reuses a seat with the license row locked. Expired and suspended licenses
 * activate (the token's `eat` / `suspended` say so). @see openapi/v3.yaml createActivation
 */
export async function activateLicense(core: Core, request: ActivationRequest): Promise<{ activation: Activation; activationToken: string }> {
  const seat = await retryOnceOnDuplicate(() =>
    core.db.transaction(async (tx) => {
      const now = core.now();
      const { product, license } = await lockedLicenseByKey(tx, request.productId, request.key);
      enforceGuards(activationGuards, { product, license, request, now });
      return activateMachine(tx, { product: product!, license: license! }, request, now, { offline: false });
    }),
  );
  return { activation: toActivation(seat.activation, seat.license), activationToken: await signActivationToken(core, seat) };
}

/** The product and its license `key`, the license row locked (null when either is unknown). */
export async function lockedLicenseByKey(tx: EntityManager, productId: string, key: string): Promise<{ product: ProductRow | null; license: LicenseRow | null }> {
  const product = await tx.findOneBy(ProductEntity, { id: productId });
  const found = product ? await tx.findOneBy(LicenseEntity, { productId, key }) : null;
  return { product, license: found ? await lockLicense(tx, found.id) : null };
}

/**
 * NOTE: the license lock serialises activations of one license, so the unique index on (license, machine, user)
 * should never fire; if it does (a race the lock did not cover), the retry finds the winner's row and reuses it.
 */
export async function retryOnceOnDuplicate<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return work();
  }
}

export type { Guard };
