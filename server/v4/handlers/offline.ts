/** Offline activation and deactivation from request files; the answer to an activation is the license file. */
import { activateDevice } from "../../core/activate-device.js";
import { deactivateDevice } from "../../core/deactivate-device.js";
import { answerActivations, signingKeyOf } from "../answer-license.js";
import { authOf } from "../context.js";
import { deviceReportOf } from "../device-report.js";
import { v4Handler } from "../handler.js";
import { licenseQueryOf } from "../license-query.js";
import { presentOfflineLicense } from "../present-offline.js";
import { offlineFileOf, offlineSignerOf, readOfflineRequest } from "../read-offline-request.js";

export const activateOffline = v4Handler<"activateOffline">(async ({ body }, context) => {
  const signer = offlineSignerOf(authOf(context).credential);
  const { payload } = readOfflineRequest(offlineFileOf(body), signer, "activation");
  const query = await licenseQueryOf(payload, context, { passwordRequired: true });
  const activated = await activateDevice(context.core, query, deviceReportOf(payload), { offline: true });
  const key = await signingKeyOf(context);
  const [license] = await answerActivations(context, [activated], payload.hardware_id, key);
  return { status: 200, body: await presentOfflineLicense(license!, signer, context.core.now(), key) };
});

export const deactivateOffline = v4Handler<"deactivateOffline">(async ({ body }, context) => {
  const { payload } = readOfflineRequest(offlineFileOf(body), offlineSignerOf(authOf(context).credential), "deactivation");
  const query = await licenseQueryOf(payload, context, { passwordRequired: false });
  await deactivateDevice(context.core, query, payload.hardware_id, { consumptions: payload.consumptions });
  return { status: 200, body: "license_deactivated" };
});

export const offlineHandlers = { activateOffline, deactivateOffline };
