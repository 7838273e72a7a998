import { createOfflineTrialActivation as startOfflineTrial } from "../../core/index.js";
import { v3Handler } from "../handler.js";

export const createOfflineTrialActivation = v3Handler<"createOfflineTrialActivation">(async (input, { core }) => {
  const { offlineResponse } = await startOfflineTrial(core, input.body);
  return { status: 200, body: { offlineResponse } };
});
