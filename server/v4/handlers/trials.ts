import { getTrialKey as issueTrialKey } from "../../core/trial-keys.js";
import { allowedProductsOf, authOf } from "../context.js";
import { v4Handler } from "../handler.js";
import { presentTrialKey } from "../present-trial.js";

export const getTrialKey = v4Handler<"getTrialKey">(async ({ query }, context) => {
  const trial = await issueTrialKey(context.core, {
    accountId: authOf(context).accountId, allowedProductIds: allowedProductsOf(context), product: query.product, hardwareId: query.hardware_id,
    email: query.email, password: query.password,
  });
  return { status: 200, body: presentTrialKey(trial) };
});

export const trialHandlers = { getTrialKey };
