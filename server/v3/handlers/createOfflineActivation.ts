import { offlineActivate } from "../../core/index.js";
import { v3Handler } from "../handler.js";
import { accountOf } from "../context.js";

export const createOfflineActivation = v3Handler<"createOfflineActivation">(async (input, context) => {
  const { offlineResponse } = await offlineActivate(context.core, accountOf(context), input.body);
  return { status: 200, body: { offlineResponse } };
});
