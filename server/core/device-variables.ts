/** Device variables (v4): name/value pairs a client stores on its device, kept per activation. */
import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { DeviceVariableEntity, type ActivationRow, type DeviceVariableRow } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { requireDevice } from "./find-device.js";
import { identifyLicense, type LicenseQuery } from "./identify-license.js";

/** Stores `variables` (values as strings) on the device, replacing earlier values of the same names. */
export async function saveDeviceVariables(
  tx: EntityManager, device: ActivationRow, variables: Record<string, string | number | boolean>, now: Date,
): Promise<DeviceVariableRow[]> {
  const saved: DeviceVariableRow[] = [];
  for (const [variable, raw] of Object.entries(variables)) {
    const value = String(raw);
    const existing = await tx.findOneBy(DeviceVariableEntity, { activationId: device.id, variable });
    const row: DeviceVariableRow = existing
      ? { ...existing, value, updatedAt: now }
      : { id: randomUUID(), accountId: device.accountId, activationId: device.id, variable, value, createdAt: now, updatedAt: now };
    await tx.save(DeviceVariableEntity, row);
    saved.push(row);
  }
  return saved;
}

export function listDeviceVariables(tx: EntityManager, device: ActivationRow): Promise<DeviceVariableRow[]> {
  return tx.find(DeviceVariableEntity, { where: { activationId: device.id }, order: { variable: "ASC" } });
}

/** The identified license's device, for variable calls: the license must be active (`license_not_active`). */
export async function deviceForVariables(tx: EntityManager, query: LicenseQuery, hardwareId: string): Promise<ActivationRow> {
  const identified = await identifyLicense(tx, query, { lock: false });
  if (identified.license.suspended) throw new DomainError("LICENSE_SUSPENDED");
  return requireDevice(tx, identified, hardwareId);
}

export function trackDeviceVariables(core: Core, query: LicenseQuery, hardwareId: string, variables: Record<string, string | number | boolean>) {
  return core.db.transaction(async (tx) => {
    const device = await deviceForVariables(tx, query, hardwareId);
    return { device, variables: await saveDeviceVariables(tx, device, variables, core.now()) };
  });
}

export function getDeviceVariables(core: Core, query: LicenseQuery, hardwareId: string) {
  return core.db.read(async (tx) => {
    const device = await deviceForVariables(tx, query, hardwareId);
    return { device, variables: await listDeviceVariables(tx, device) };
  });
}
