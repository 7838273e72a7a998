/** Bundles: the device on every license a bundle license unlocks, online and from offline request files. */
import type { DeviceActivation } from "../../core/activate-device.js";
import { activateBundle, checkBundle, deactivateBundle, type BundleDevices } from "../../core/bundles.js";
import { answerActivations, answerChecks, signingKeyOf } from "../answer-license.js";
import { authOf } from "../context.js";
import { deviceReportOf } from "../device-report.js";
import { v4Handler } from "../handler.js";
import { licenseQueryOf } from "../license-query.js";
import { presentOfflineBundle } from "../present-offline.js";
import { offlineFileOf, offlineSignerOf, readOfflineRequest } from "../read-offline-request.js";

/**
 * The licenses of a bundle as the client sees them: the customer holds one key, so each is shown with the bundle's
 * key and its v1 signature made over it, which is what the SDKs check every item against (the request's key online,
 * the item's own `license_key` in a bundle file).
 */
function withBundleKey(devices: BundleDevices): DeviceActivation[] {
  return devices.members.map((member) => ({ ...member, license: { ...member.license, key: devices.bundle.license.key } }));
}

export const activateBundleHandler = v4Handler<"activateBundle">(async ({ body }, context) => {
  const query = await licenseQueryOf(body, context, { passwordRequired: true });
  const activations = await activateBundle(context.core, query, deviceReportOf(body), { offline: false });
  return { status: 200, body: await answerActivations(context, withBundleKey(activations), body.hardware_id, await signingKeyOf(context)) };
});

export const checkBundleHandler = v4Handler<"checkBundle">(async ({ query }, context) => {
  const checked = await checkBundle(context.core, await licenseQueryOf(query, context, { passwordRequired: false }), query.hardware_id);
  return { status: 200, body: await answerChecks(context, withBundleKey(checked), query.hardware_id, await signingKeyOf(context)) };
});

export const deactivateBundleHandler = v4Handler<"deactivateBundle">(async ({ body }, context) => {
  await deactivateBundle(context.core, await licenseQueryOf(body, context, { passwordRequired: false }), body.hardware_id);
  return { status: 200, body: "license_deactivated" };
});

export const activateBundleOffline = v4Handler<"activateBundleOffline">(async ({ body }, context) => {
  const signer = offlineSignerOf(authOf(context).credential);
  const { payload } = readOfflineRequest(offlineFileOf(body), signer, "activation");
  const query = await licenseQueryOf(payload, context, { passwordRequired: true });
  const activations = await activateBundle(context.core, query, deviceReportOf(payload), { offline: true });
  const key = await signingKeyOf(context);
  const licenses = await answerActivations(context, withBundleKey(activations), payload.hardware_id, key);
  return { status: 200, body: await presentOfflineBundle(licenses, signer, context.core.now(), key) };
});

export const deactivateBundleOffline = v4Handler<"deactivateBundleOffline">(async ({ body }, context) => {
  const { payload } = readOfflineRequest(offlineFileOf(body), offlineSignerOf(authOf(context).credential), "deactivation");
  await deactivateBundle(context.core, await licenseQueryOf(payload, context, { passwordRequired: false }), payload.hardware_id);
  return { status: 200, body: "license_deactivated" };
});

export const bundleHandlers = {
  activateBundle: activateBundleHandler,
  checkBundle: checkBundleHandler,
  deactivateBundle: deactivateBundleHandler,
  activateBundleOffline,
  deactivateBundleOffline,
};
