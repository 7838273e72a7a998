import { activateDevice } from "../../core/activate-device.js";
import { checkDevice } from "../../core/check-device.js";
import { deactivateDevice } from "../../core/deactivate-device.js";
import { getAccountSigningKey } from "../../core/index.js";
import { authOf } from "../context.js";
import { deviceReportOf } from "../device-report.js";
import { v4Handler } from "../handler.js";
import { licenseQueryOf } from "../license-query.js";
import { loadLicenseView, presentActivatedLicense, presentCheckedLicense } from "../present-license.js";

export const activateLicense = v4Handler<"activateLicense">(async ({ body }, context) => {
  const query = await licenseQueryOf(body, context, { passwordRequired: true });
  const activated = await activateDevice(context.core, query, deviceReportOf(body), { offline: false });
  const key = await getAccountSigningKey(context.core, authOf(context).accountId);
  const now = context.core.now();
  const license = await context.core.db.read(async (tx) =>
    presentActivatedLicense(tx, { ...(await loadLicenseView(tx, activated, now)), device: activated.device }, body.hardware_id, {}, key, now),
  );
  return { status: 200, body: license };
});

export const checkLicense = v4Handler<"checkLicense">(async ({ query }, context) => {
  const checked = await checkDevice(context.core, await licenseQueryOf(query, context, { passwordRequired: false }), query.hardware_id);
  const key = await getAccountSigningKey(context.core, authOf(context).accountId);
  const now = context.core.now();
  const view = await context.core.db.read((tx) => loadLicenseView(tx, checked, now));
  return { status: 200, body: await presentCheckedLicense({ ...view, device: checked.device }, query.hardware_id, key, now) };
});

export const deactivateLicense = v4Handler<"deactivateLicense">(async ({ body }, context) => {
  const query = await licenseQueryOf(body, context, { passwordRequired: false });
  await deactivateDevice(context.core, query, body.hardware_id, { consumptions: body.consumptions });
  return { status: 200, body: "license_deactivated" };
});

export const licenseHandlers = { activateLicense, checkLicense, deactivateLicense };
