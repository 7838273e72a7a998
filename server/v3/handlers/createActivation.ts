import { activateLicense } from "../../core/index.js";
import { v3Handler } from "../handler.js";

export const createActivation = v3Handler<"createActivation">(async (input, { core, ip }) => {
  const { activationToken } = await activateLicense(core, { ...input.body, ipAddress: ip });
  return { status: 201, body: { activationToken } };
});
