import { updateTrialActivationExpiresAt as setExpiry } from "../../core/index.js";
import { v3Handler } from "../handler.js";
import { presentTrialActivation } from "../present.js";
import { accountOf } from "../context.js";

export const updateTrialActivationExpiresAt = v3Handler<"updateTrialActivationExpiresAt">(async (input, context) => {
  const trial = await setExpiry(context.core, accountOf(context), input.path.id, new Date(input.body.expiresAt));
  return { status: 200, body: presentTrialActivation(trial) };
});
