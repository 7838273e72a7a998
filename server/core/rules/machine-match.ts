/** Whether a machine matches its activation, under the license's fingerprint matching strategy. */
import type { ActivationRow, LicenseRow } from "../../db/index.js";
import { DomainError } from "../errors.js";
import { machineKeyOf } from "../keys.js";

export interface MachineProof {
  fingerprint: string;
  os: string;
  userHash: string;
}

/**
 * `exact`: byte-for-byte; `fuzzy`: equal ignoring ASCII case; `loose`: not compared. `os` must be equal and, for
 * userLocked licenses, `userHash` too. @see openapi/v3.yaml updateActivation step 4
 */
export function machineMatches(license: LicenseRow, activation: ActivationRow, proof: MachineProof): boolean {
  const strategy = license.fingerprintMatchingStrategy;
  const fingerprintOk = strategy === "loose" || machineKeyOf(proof.fingerprint, strategy) === machineKeyOf(activation.fingerprint, strategy);
  const userOk = !license.userLocked || proof.userHash === activation.userHash;
  return fingerprintOk && proof.os === activation.os && userOk;
}

export function assertMachineMatches(license: LicenseRow, activation: ActivationRow, proof: MachineProof): void {
  if (!machineMatches(license, activation, proof)) throw new DomainError("INVALID_ACTIVATION_FINGERPRINT");
}
