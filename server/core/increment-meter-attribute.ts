/** `incrementMeterAttribute`: count uses of a meter attribute by one activation, under the license lock. */
import { ActivationEntity } from "../db/index.js";
import { saveMeters } from "./activate-machine.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { presentActivation } from "./event-payloads.js";
import { recordEvent } from "./events.js";
import { lockedActivation } from "./deactivate-activation.js";
import { toActivation } from "./records.js";
import { applyMeterIncrement } from "./rules/meter-attributes.js";

export interface MeterIncrementRequest {
  increment: number;
  activationId: string;
  productId?: string;
  accountId?: string;
}

export interface MeterIncrementResult {
  name: string;
  uses: number;
  licenseAllowedUses: number;
  licenseTotalUses: number;
  licenseGrossUses: number;
}

/** @see openapi/v3.yaml incrementMeterAttribute */
export async function incrementMeterAttribute(core: Core, nameOrId: string, request: MeterIncrementRequest): Promise<MeterIncrementResult> {
  return core.db.transaction(async (tx) => {
    const now = core.now();
    const { license, activation } = await lockedActivation(tx, request.activationId);
    const wrongProduct = !!request.productId && request.productId !== activation.productId;
    if (wrongProduct || (!!request.accountId && request.accountId !== activation.accountId)) throw new DomainError("INVALID_PRODUCT_ID");
    const meters = applyMeterIncrement({ license: license.meterAttributes, activation: activation.meterAttributes }, nameOrId, request.increment, now);
    const updatedActivation = { ...activation, meterAttributes: meters.activation, updatedAt: now };
    await tx.update(ActivationEntity, { id: activation.id }, { meterAttributes: meters.activation as never, updatedAt: now });
    const updatedLicense = await saveMeters(tx, license, meters.license);
    await recordEvent(tx, {
      accountId: license.accountId, type: "activation.updated", data: presentActivation(toActivation(updatedActivation, updatedLicense)), at: now,
    });
    const attribute = meters.license.find((a) => a.name === nameOrId || a.id === nameOrId)!;
    return {
      name: attribute.name,
      uses: meters.activation.find((u) => u.name === attribute.name)!.uses,
      licenseAllowedUses: attribute.allowedUses,
      licenseTotalUses: attribute.totalUses,
      licenseGrossUses: attribute.grossUses,
    };
  });
}
