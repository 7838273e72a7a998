/** Device variables (v4): name/value pairs a client stores on its device, kept per activation. */
import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { DeviceVariableEntity, type ActivationRow, type DeviceVariableRow } from "../db/index.js";

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
