import { syncActivation } from "../../core/index.js";
import { v3Handler } from "../handler.js";

export const updateActivation = v3Handler<"updateActivation">(async (input, { core, ip }) => {
  const { activationToken } = await syncActivation(core, input.path.id, { ...input.body, ipAddress: ip });
  return { status: 200, body: { activationToken } };
});
