import { createTrialActivation as startTrial } from "../../core/index.js";
import { v3Handler } from "../handler.js";

export const createTrialActivation = v3Handler<"createTrialActivation">(async (input, { core, ip }) => {
  const { activationToken } = await startTrial(core, { ...input.body, ipAddress: ip });
  return { status: 201, body: { activationToken } };
});
