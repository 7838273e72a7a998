/** Removing one activation: gives `floating` meter uses back to the license and fires `activation.deleted`. */
import type { EntityManager } from "typeorm";
import { ActivationEntity, LicenseEntity, type ActivationRow, type LicenseRow } from "../db/index.js";
import { presentActivation } from "./event-payloads.js";
import { recordEvent } from "./events.js";
import { toActivation } from "./records.js";

/**
 * Deletes `activation` of the (locked) `license` and returns the license as it is afterwards. The event carries
 * the activation as it was just before the deletion.
 */
export async function removeActivation(tx: EntityManager, license: LicenseRow, activation: ActivationRow, now: Date): Promise<LicenseRow> {
  const meterAttributes = license.meterAttributes.map((attribute) => {
    const held = activation.meterAttributes.find((uses) => uses.name === attribute.name)?.uses ?? 0;
    return attribute.floating && held > 0 ? { ...attribute, totalUses: Math.max(0, attribute.totalUses - held), updatedAt: now } : attribute;
  });
  await tx.delete(ActivationEntity, { id: activation.id });
  if (meterAttributes.some((attribute, i) => attribute !== license.meterAttributes[i])) {
    await tx.update(LicenseEntity, { id: license.id }, { meterAttributes: meterAttributes as never });
  }
  await recordEvent(tx, { accountId: activation.accountId, type: "activation.deleted", data: presentActivation(toActivation(activation, license)), at: now });
  return { ...license, meterAttributes };
}
