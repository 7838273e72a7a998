/**
 * The ordered refusal guards of activation, in the precedence the v3 spec documents for createActivation
 * (the first that applies decides the error). Sync and offline activation walk subsets of the same guards.
 * @see openapi/v3.yaml createActivation "Processing, in this order"
 */
import type { LicenseRow, ProductRow } from "../../db/index.js";
import { DomainError, type DomainCode } from "../errors.js";

export interface GuardSubject {
  product: ProductRow | null;
  license: LicenseRow | null;
  request: { accountId?: string; releaseVersion?: string; vmName?: string | null; container?: boolean };
  now: Date;
}

export interface Guard {
  code: DomainCode;
  /** True when the request must be refused with `code`. */
  applies(subject: GuardSubject): boolean;
}

/** Cryptlex's release versions: `x.x`, `x.x.x` or `x.x.x.x`, dot-separated digits. */
export const releaseVersionPattern = /^[0-9]+(\.[0-9]+){1,3}$/;

export const releaseVersionGuard: Guard = {
  code: "INVALID_RELEASE_VERSION",
  applies: ({ request }) => !!request.releaseVersion && !releaseVersionPattern.test(request.releaseVersion),
};

/** Product unknown, or of another account than a non-empty `accountId`. */
export const productGuard: Guard = {
  code: "INVALID_PRODUCT_ID",
  applies: ({ product, request }) => !product || (!!request.accountId && product.accountId !== request.accountId),
};

export const licenseKeyGuard: Guard = { code: "INVALID_LICENSE_KEY", applies: ({ license }) => !license };
export const revokedGuard: Guard = { code: "REVOKED_LICENSE", applies: ({ license }) => !!license?.revoked };

/** On-premise-floating seats are served by a floating server on the customer's network, not by us. */
export const licenseTypeGuard: Guard = { code: "INVALID_LICENSE_TYPE", applies: ({ license }) => license?.type === "on-premise-floating" };

export const effectiveDateGuard: Guard = {
  code: "LICENSE_NOT_EFFECTIVE",
  applies: ({ license, now }) => !!license?.effectiveDate && license.effectiveDate.getTime() > now.getTime(),
};

export const vmGuard: Guard = {
  code: "VM_ACTIVATION_NOT_ALLOWED",
  applies: ({ license, request }) => !!request.vmName && license?.allowVmActivation === false,
};

export const containerGuard: Guard = {
  code: "CONTAINER_ACTIVATION_NOT_ALLOWED",
  applies: ({ license, request }) => request.container === true && license?.allowContainerActivation === false,
};

/** Only node-locked licenses can be activated offline. */
export const offlineTypeGuard: Guard = { code: "INVALID_LICENSE_TYPE", applies: ({ license }) => !!license && license.type !== "node-locked" };

/** createActivation, steps 1–4. Seats (step 5) are checked under the license lock in activate-machine.ts. */
export const activationGuards: readonly Guard[] = [
  releaseVersionGuard, productGuard, licenseKeyGuard, revokedGuard, licenseTypeGuard, effectiveDateGuard, vmGuard, containerGuard,
];

/** updateActivation, step 5 (steps 1–4 are identity checks of the activation). */
export const syncGuards: readonly Guard[] = [revokedGuard, vmGuard, containerGuard];

/** createOfflineActivation: the rules of createActivation plus "node-locked only". */
export const offlineActivationGuards: readonly Guard[] = [...activationGuards, offlineTypeGuard];

/** Throws the first guard that applies. */
export function enforceGuards(guards: readonly Guard[], subject: GuardSubject): void {
  const refused = guards.find((guard) => guard.applies(subject));
  if (refused) throw new DomainError(refused.code);
}
