import type { DeviceReport } from "../core/activate-device.js";

/** The device fields of a v4 activation request (body or offline payload), in the core's words. */
export interface DeviceFields {
  hardware_id: string;
  is_vm?: boolean;
  vm_info?: string;
  os_ver?: string;
  hostname?: string;
  os_hostname?: string;
  ip?: string;
  ip_local?: string;
  mac_address?: string;
  app_ver?: string;
  sdk_ver?: string;
  variables?: Record<string, string | number | boolean>;
}

export function deviceReportOf(fields: DeviceFields): DeviceReport {
  return {
    hardwareId: fields.hardware_id, isVm: fields.is_vm, vmInfo: fields.vm_info, osVersion: fields.os_ver, hostname: fields.hostname,
    osHostname: fields.os_hostname, ip: fields.ip, ipLocal: fields.ip_local, macAddress: fields.mac_address, appVersion: fields.app_ver,
    sdkVersion: fields.sdk_ver, variables: fields.variables,
  };
}
