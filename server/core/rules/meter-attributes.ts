/** Meter-attribute arithmetic: license totals and activation uses move together, within `allowedUses`. */
import type { ActivationMeterUses, LicenseMeterAttribute } from "../../db/index.js";
import { DomainError } from "../errors.js";

export interface MeterState {
  license: LicenseMeterAttribute[];
  activation: ActivationMeterUses[];
}

/**
 * Applies `increment` to attribute `nameOrId`: METER_ATTRIBUTE_NOT_FOUND, METER_ATTRIBUTE_USES_LIMIT_REACHED
 * (license total over `allowedUses` unless -1), INVALID_METER_ATTRIBUTE_INCREMENT (activation uses below 0).
 * @see openapi/v3.yaml incrementMeterAttribute
 */
export function applyMeterIncrement(state: MeterState, nameOrId: string, increment: number, now: Date): MeterState {
  const attribute = state.license.find((a) => a.name === nameOrId) ?? state.license.find((a) => a.id === nameOrId);
  if (!attribute) throw new DomainError("METER_ATTRIBUTE_NOT_FOUND");
  const uses = state.activation.find((u) => u.name === attribute.name)?.uses ?? 0;
  if (attribute.allowedUses !== -1 && attribute.totalUses + increment > attribute.allowedUses) {
    throw new DomainError("METER_ATTRIBUTE_USES_LIMIT_REACHED");
  }
  if (uses + increment < 0) throw new DomainError("INVALID_METER_ATTRIBUTE_INCREMENT");
  const updated: LicenseMeterAttribute = {
    ...attribute,
    totalUses: Math.max(0, attribute.totalUses + increment),
    grossUses: attribute.grossUses + Math.max(0, increment),
    updatedAt: now,
  };
  return {
    license: state.license.map((a) => (a.id === attribute.id ? updated : a)),
    activation: [...state.activation.filter((u) => u.name !== attribute.name), { name: attribute.name, uses: uses + increment }],
  };
}

export function applyMeterIncrements(state: MeterState, increments: { name: string; usesIncrement: number }[] = [], now: Date): MeterState {
  return increments.reduce((current, { name, usesIncrement }) => applyMeterIncrement(current, name, usesIncrement, now), state);
}
