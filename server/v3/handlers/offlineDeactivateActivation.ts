import { offlineDeactivate } from "../../core/index.js";
import { v3Handler } from "../handler.js";
import { presentDeactivation } from "../present.js";
import { accountOf } from "../context.js";

export const offlineDeactivateActivation = v3Handler<"offlineDeactivateActivation">(async (input, context) => {
  const result = await offlineDeactivate(context.core, accountOf(context), input.body);
  return { status: 200, body: presentDeactivation(result) };
});
