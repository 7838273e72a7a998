import { activateDevice } from "../../core/activate-device.js";
import { checkDevice } from "../../core/check-device.js";
import { deactivateDevice } from "../../core/deactivate-device.js";
import { answerActivations, answerChecks, signingKeyOf } from "../answer-license.js";
import { deviceReportOf } from "../device-report.js";
import { v4Handler } from "../handler.js";
import { licenseQueryOf } from "../license-query.js";

export const activateLicense = v4Handler<"activateLicense">(async ({ body }, context) => {
  const query = await licenseQueryOf(body, context, { passwordRequired: true });
  const activated = await activateDevice(context.core, query, deviceReportOf(body), { offline: false });
  const [license] = await answerActivations(context, [activated], body.hardware_id, await signingKeyOf(context));
  return { status: 200, body: license! };
});

export const checkLicense = v4Handler<"checkLicense">(async ({ query }, context) => {
  const checked = await checkDevice(context.core, await licenseQueryOf(query, context, { passwordRequired: false }), query.hardware_id);
  const [license] = await answerChecks(context, [checked], query.hardware_id, await signingKeyOf(context));
  return { status: 200, body: license! };
});

export const deactivateLicense = v4Handler<"deactivateLicense">(async ({ body }, context) => {
  const query = await licenseQueryOf(body, context, { passwordRequired: false });
  await deactivateDevice(context.core, query, body.hardware_id, { consumptions: body.consumptions });
  return { status: 200, body: "license_deactivated" };
});

export const licenseHandlers = { activateLicense, checkLicense, deactivateLicense };
