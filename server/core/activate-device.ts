/**
 * v4 activation (`activate_license`, offline and bundle activation): identify the license, walk the license-state
 * refusals, then take or reuse the device's seat with v3's seat logic, under the license lock.
 */
import type { EntityManager } from "typeorm";
import { ActivationEntity, type ActivationRow, type OperatingSystem } from "../db/index.js";
import { activateMachine, type Seat } from "./activate-machine.js";
import { retryOnceOnDuplicate } from "./activate-license.js";
import type { Core } from "./context.js";
import { saveDeviceVariables } from "./device-variables.js";
import { DomainError } from "./errors.js";
import { deviceUserKey, findDevice } from "./find-device.js";
import { identifyLicense, type IdentifiedLicense, type LicenseQuery } from "./identify-license.js";
import { isFloatingCloud } from "./license-terms.js";
import { assertDeviceAllowed, assertLicenseUsable, assertVmAllowed } from "./rules/license-state.js";

/** What a v4 client reports about its device. */
export interface DeviceReport {
  hardwareId: string;
  isVm?: boolean;
  vmInfo?: string;
  osVersion?: string;
  hostname?: string;
  osHostname?: string;
  ip?: string;
  ipLocal?: string;
  macAddress?: string;
  appVersion?: string;
  sdkVersion?: string;
  variables?: Record<string, string | number | boolean>;
}

export interface DeviceActivation extends IdentifiedLicense {
  device: ActivationRow;
}

export async function activateDevice(core: Core, query: LicenseQuery, report: DeviceReport, options: { offline: boolean }): Promise<DeviceActivation> {
  return retryOnceOnDuplicate(() =>
    core.db.transaction(async (tx) => {
      const identified = await identifyLicense(tx, query, { lock: true });
      return activateIdentified(tx, identified, report, core.now(), options);
    }),
  );
}

/** Activation of an already identified and locked license (bundles activate several in one transaction). */
export async function activateIdentified(
  tx: EntityManager, identified: IdentifiedLicense, report: DeviceReport, now: Date, options: { offline: boolean },
): Promise<DeviceActivation> {
  const { license } = identified;
  assertLicenseUsable(license, now);
  await assertDeviceAllowed(tx, license, report.hardwareId);
  assertVmAllowed(license, report.isVm);
  if (license.type === "on-premise-floating") throw new DomainError("INVALID_LICENSE_TYPE");
  // A floating-cloud seat lives on the server's clock, which a device activated from a file never checks in with.
  if (options.offline && isFloatingCloud(license)) throw new DomainError("OFFLINE_FLOATING_NOT_SUPPORTED");
  await assertUserAllowance(tx, identified, report.hardwareId);
  const seat = await activateMachine(tx, identified, machineRequest(identified, report), now, options);
  const device = await saveDeviceInfo(tx, seat, report, now);
  return { ...identified, license: seat.license, device };
}

/** A license user may hold at most its own `max_activations` devices on the license. */
async function assertUserAllowance(tx: EntityManager, identified: IdentifiedLicense, hardwareId: string): Promise<void> {
  const user = identified.user;
  if (!user || user.assignment.allowUnlimitedActivations) return;
  if (await findDevice(tx, identified, hardwareId)) return;
  const held = await tx.countBy(ActivationEntity, { licenseId: identified.license.id, userKey: deviceUserKey(identified) });
  if (held >= user.assignment.maxActivations) throw new DomainError("LICENSE_USER_ACTIVATION_LIMIT_REACHED");
}

function machineRequest(identified: IdentifiedLicense, report: DeviceReport) {
  return {
    accountId: identified.license.accountId,
    productId: identified.product.id,
    key: identified.license.key,
    fingerprint: report.hardwareId,
    userKey: deviceUserKey(identified),
    userHash: deviceUserKey(identified),
    userId: identified.user?.row.id,
    os: operatingSystemOf(report.osVersion),
    osVersion: report.osVersion,
    hostname: report.hostname ?? report.osHostname ?? "",
    vmName: report.isVm ? (report.vmInfo || "virtual machine") : undefined,
    appVersion: report.appVersion,
    ipAddress: report.ip ?? null,
  };
}

/**
 * v3's activation needs an operating system; LicenseSpring clients only send a free-form `os_ver`, so it is read
 * from that text, with linux when it names none.
 */
export function operatingSystemOf(osVersion: string | undefined): OperatingSystem {
  const text = (osVersion ?? "").toLowerCase();
  if (text.includes("windows") || text.startsWith("win")) return "windows";
  if (text.includes("mac") || text.includes("darwin")) return "macos";
  if (text.includes("android")) return "android";
  if (text.includes("ios")) return "ios";
  return "linux";
}

/** Telemetry without a v3 column, and the device variables sent along. */
async function saveDeviceInfo(tx: EntityManager, seat: Seat, report: DeviceReport, now: Date): Promise<ActivationRow> {
  const entries = { mac_address: report.macAddress, sdk_ver: report.sdkVersion, os_hostname: report.osHostname, ip_local: report.ipLocal, vm_info: report.vmInfo };
  const info = Object.fromEntries(Object.entries(entries).filter((entry): entry is [string, string] => entry[1] !== undefined));
  const device = Object.keys(info).length ? { ...seat.activation, deviceInfo: { ...seat.activation.deviceInfo, ...info } } : seat.activation;
  if (device !== seat.activation) await tx.update(ActivationEntity, { id: device.id }, { deviceInfo: device.deviceInfo as never });
  if (report.variables) await saveDeviceVariables(tx, device, report.variables, now);
  return device;
}
