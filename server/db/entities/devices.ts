/** What v4 keeps per device besides its activation: variables, the blacklist and the trial a device has used. */
import { EntitySchema } from "typeorm";
import { col } from "../columns.js";

export interface DeviceVariableRow {
  id: string;
  accountId: string;
  activationId: string;
  variable: string;
  value: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A hardware ID refused everywhere in the account, or only for one product; one entry per hardware ID and scope. */
export interface BlacklistedDeviceRow {
  id: string;
  accountId: string;
  productId: string | null;
  hardwareId: string;
  createdAt: Date;
}

/** The trial license a device got for a product (`trial_key`): one per device and product. */
export interface TrialKeyRow {
  id: string;
  accountId: string;
  productId: string;
  hardwareId: string;
  email: string | null;
  licenseId: string;
  createdAt: Date;
}

export const DeviceVariableEntity = new EntitySchema<DeviceVariableRow>({
  name: "DeviceVariable",
  tableName: "device_variables",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    activationId: col.ref(),
    variable: col.text(),
    value: col.text(4096),
    createdAt: col.date(),
    updatedAt: col.date(),
  },
});

export const BlacklistedDeviceEntity = new EntitySchema<BlacklistedDeviceRow>({
  name: "BlacklistedDevice",
  tableName: "blacklisted_devices",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    productId: col.ref(true),
    hardwareId: col.text(1024),
    createdAt: col.date(),
  },
});

export const TrialKeyEntity = new EntitySchema<TrialKeyRow>({
  name: "TrialKey",
  tableName: "trial_keys",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    productId: col.ref(),
    hardwareId: col.text(1024),
    email: col.text(256, true),
    licenseId: col.ref(),
    createdAt: col.date(),
  },
});
