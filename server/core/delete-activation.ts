/** `deleteActivation`: an administrator removes an activation; never counted against `allowedDeactivations`. */
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { lockedActivation } from "./deactivate-activation.js";
import { removeActivation } from "./remove-activation.js";

export async function deleteActivation(core: Core, accountId: string, id: string): Promise<void> {
  await core.db.transaction(async (tx) => {
    const { license, activation } = await lockedActivation(tx, id);
    if (activation.accountId !== accountId) throw new DomainError("ACTIVATION_NOT_FOUND");
    await removeActivation(tx, license, activation, core.now());
  });
}
