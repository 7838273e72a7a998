/** Customers, license users (the logins of user-based licenses) and the SSO set-up of customer accounts. */
import { EntitySchema } from "typeorm";
import { col, type JsonObject } from "../columns.js";

export interface CustomerAccountRef {
  id: string;
  name: string;
  code: string;
}

export interface CustomerRow {
  id: string;
  accountId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  phone: string | null;
  reference: string | null;
  address: string | null;
  city: string | null;
  postcode: string | null;
  state: string | null;
  country: string | null;
  customerAccount: CustomerAccountRef | null;
  metadata: JsonObject;
  createdAt: Date;
  updatedAt: Date;
}

export interface LicenseUserRow {
  id: string;
  accountId: string;
  customerId: string | null;
  email: string;
  /** scrypt hash (`scrypt$<salt>$<hash>`, see core/passwords.ts). */
  passwordHash: string;
  /** The vendor-issued first password, shown to the vendor (customer_license_users) until the user changes it. */
  initialPassword: string | null;
  isInitialPassword: boolean;
  firstName: string | null;
  lastName: string | null;
  phoneNumber: string | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A license user assigned to a license, with that user's own activation allowance on it. */
export interface LicenseUserAssignmentRow {
  id: string;
  accountId: string;
  licenseId: string;
  licenseUserId: string;
  productId: string;
  maxActivations: number;
  allowUnlimitedActivations: boolean;
  createdAt: Date;
}

/** An OpenID Connect provider configured for one customer account (`sso_url`, SSO activations). */
export interface SsoConfigurationRow {
  id: string;
  accountId: string;
  customerAccountCode: string;
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string | null;
  jwksUri: string;
  clientId: string;
  createdAt: Date;
  updatedAt: Date;
}

export const CustomerEntity = new EntitySchema<CustomerRow>({
  name: "Customer",
  tableName: "customers",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    email: col.text(),
    firstName: col.text(256, true),
    lastName: col.text(256, true),
    companyName: col.text(256, true),
    phone: col.text(64, true),
    reference: col.text(256, true),
    address: col.text(512, true),
    city: col.text(256, true),
    postcode: col.text(64, true),
    state: col.text(256, true),
    country: col.text(256, true),
    customerAccount: col.json(true),
    metadata: col.json(),
    createdAt: col.date(),
    updatedAt: col.date(),
  },
});

export const LicenseUserEntity = new EntitySchema<LicenseUserRow>({
  name: "LicenseUser",
  tableName: "license_users",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    customerId: col.ref(true),
    email: col.text(),
    passwordHash: col.text(),
    initialPassword: col.text(256, true),
    isInitialPassword: col.bool(),
    firstName: col.text(256, true),
    lastName: col.text(256, true),
    phoneNumber: col.text(64, true),
    isActive: col.bool(),
    createdAt: col.date(),
    updatedAt: col.date(),
  },
});

export const LicenseUserAssignmentEntity = new EntitySchema<LicenseUserAssignmentRow>({
  name: "LicenseUserAssignment",
  tableName: "license_user_assignments",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    licenseId: col.ref(),
    licenseUserId: col.ref(),
    productId: col.ref(),
    maxActivations: col.int(),
    allowUnlimitedActivations: col.bool(),
    createdAt: col.date(),
  },
});

export const SsoConfigurationEntity = new EntitySchema<SsoConfigurationRow>({
  name: "SsoConfiguration",
  tableName: "sso_configurations",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    customerAccountCode: col.text(),
    issuer: col.text(1024),
    authorizationEndpoint: col.text(2048),
    tokenEndpoint: col.text(2048, true),
    jwksUri: col.text(2048),
    clientId: col.text(),
    createdAt: col.date(),
    updatedAt: col.date(),
  },
});
