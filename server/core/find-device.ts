/** v4 devices: a hardware ID's activation on a license (per license user on user-based licenses). */
import type { EntityManager } from "typeorm";
import { ActivationEntity, type ActivationRow } from "../db/index.js";
import { DomainError } from "./errors.js";
import type { IdentifiedLicense } from "./identify-license.js";
import { machineKeyOf } from "./keys.js";

/** The seat owner key of the identified license's devices: the license user, or none. */
export function deviceUserKey(identified: Pick<IdentifiedLicense, "user">): string {
  return identified.user?.row.id ?? "";
}

export async function findDevice(tx: EntityManager, identified: Pick<IdentifiedLicense, "license" | "user">, hardwareId: string): Promise<ActivationRow | null> {
  const machineKey = machineKeyOf(hardwareId, identified.license.fingerprintMatchingStrategy);
  return tx.findOneBy(ActivationEntity, { licenseId: identified.license.id, machineKey, userKey: deviceUserKey(identified) });
}

/** The device, or `device_not_found` (ACTIVATION_NOT_FOUND) when the hardware ID is not activated on the license. */
export async function requireDevice(tx: EntityManager, identified: Pick<IdentifiedLicense, "license" | "user">, hardwareId: string): Promise<ActivationRow> {
  const device = await findDevice(tx, identified, hardwareId);
  if (!device) throw new DomainError("ACTIVATION_NOT_FOUND", "The device is not activated on this license.");
  return device;
}
