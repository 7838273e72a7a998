/**
 * The v4 license-state refusals, in LicenseSpring's order: enabled, active, started, not expired (grace period
 * included), device not blacklisted, VM allowed. Every license-scoped v4 call walks the ones that apply to it.
 */
import type { EntityManager } from "typeorm";
import { BlacklistedDeviceEntity, type LicenseRow } from "../../db/index.js";
import { DomainError } from "../errors.js";
import { termsOf } from "../license-terms.js";

const hourMs = 3_600_000;

/** When the license stops working: its expiry plus the grace period, or null when it never expires. */
export function usableUntil(license: LicenseRow): Date | null {
  if (!license.expiresAt) return null;
  const terms = termsOf(license);
  const graceMs = terms.allowGracePeriod && terms.gracePeriod ? terms.gracePeriod * hourMs : 0;
  return new Date(license.expiresAt.getTime() + graceMs);
}

export function isExpired(license: LicenseRow, now: Date): boolean {
  const until = usableUntil(license);
  return until !== null && until.getTime() <= now.getTime();
}

/** Refuses a disabled, suspended, not yet started or expired license. */
export function assertLicenseUsable(license: LicenseRow, now: Date): void {
  if (license.revoked) throw new DomainError("REVOKED_LICENSE", "The license is not enabled.");
  if (license.suspended) throw new DomainError("LICENSE_SUSPENDED");
  if (license.effectiveDate && license.effectiveDate.getTime() > now.getTime()) throw new DomainError("LICENSE_NOT_EFFECTIVE");
  if (isExpired(license, now)) throw new DomainError(termsOf(license).isTrial ? "TRIAL_EXPIRED" : "LICENSE_EXPIRED");
}

/** Refuses a hardware ID blacklisted for the whole account or for the license's product. */
export async function assertDeviceAllowed(tx: EntityManager, license: LicenseRow, hardwareId: string): Promise<void> {
  const entries = await tx.findBy(BlacklistedDeviceEntity, { accountId: license.accountId, hardwareId });
  if (entries.some((entry) => entry.productId === null || entry.productId === license.productId)) throw new DomainError("DEVICE_BLACKLISTED");
}

export function assertVmAllowed(license: LicenseRow, isVm: boolean | undefined): void {
  if (isVm && !license.allowVmActivation) throw new DomainError("VM_ACTIVATION_NOT_ALLOWED");
}
