/**
 * The license objects a v4 call answers after the core acted: each device's license loaded in one read and
 * presented, with v1 signatures made by the account's key (which callers may also need, e.g. for offline files).
 */
import type { components } from "../../generated/v4.js";
import type { DeviceActivation } from "../core/activate-device.js";
import { getAccountSigningKey } from "../core/index.js";
import { authOf, type V4Context } from "./context.js";
import { loadLicenseView, presentActivatedLicense, presentCheckedLicense } from "./present-license.js";

type Schemas = components["schemas"];

export function signingKeyOf(context: V4Context): Promise<string> {
  return getAccountSigningKey(context.core, authOf(context).accountId);
}

export async function answerActivations(context: V4Context, activations: DeviceActivation[], hardwareId: string, key: string): Promise<Schemas["ActivatedLicense"][]> {
  const now = context.core.now();
  return context.core.db.read(async (tx) => {
    const answers: Schemas["ActivatedLicense"][] = [];
    for (const activated of activations) {
      answers.push(await presentActivatedLicense(tx, { ...(await loadLicenseView(tx, activated, now)), device: activated.device }, hardwareId, {}, key, now));
    }
    return answers;
  });
}

export async function answerChecks(context: V4Context, checks: DeviceActivation[], hardwareId: string, key: string): Promise<Schemas["CheckedLicense"][]> {
  const now = context.core.now();
  return context.core.db.read(async (tx) => {
    const answers: Schemas["CheckedLicense"][] = [];
    for (const checked of checks) answers.push(await presentCheckedLicense({ ...(await loadLicenseView(tx, checked, now)), device: checked.device }, hardwareId, key, now));
    return answers;
  });
}
