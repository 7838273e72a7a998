import { deactivateActivation as deactivate } from "../../core/index.js";
import { v3Handler } from "../handler.js";
import { presentDeactivation } from "../present.js";

export const deactivateActivation = v3Handler<"deactivateActivation">(async (input, { core }) => {
  const result = await deactivate(core, input.path.id, input.body);
  return { status: 200, body: presentDeactivation(result) };
});
