/** Domain records returned by the core: plain camelCase objects, dates as Date, secrets left out. */
import type {
  AccountRow, ActivationRow, ApiKeyRow, BlacklistedDeviceRow, CustomerRow, LicenseRow, LicenseUserAssignmentRow, LicenseUserRow, OAuthClientRow,
  PersonalAccessTokenRow, ProductRow, ProductVersionRow, SsoConfigurationRow, TrialActivationRow, WebhookAttemptRow, WebhookRow,
} from "../db/index.js";

export type {
  ActivationMetadataEntry, ActivationMeterUses, AttemptStatus, ExpirationStrategy, FingerprintMatchingStrategy, LeasingStrategy,
  LicenseMeterAttribute, LicenseType, MetadataEntry, OperatingSystem, TrialPolicy, ViewPermission, WebhookEventType,
  WebhookSignatureScheme, WebhookStatus,
} from "../db/index.js";

export type Account = Omit<AccountRow, "privateKeyPem">;

export type Product = Omit<ProductRow, "privateKeyPem"> & { totalLicenses: number; totalTrialActivations: number };

/** A license with its current number of activations (counted from rows, never stored). */
export type License = LicenseRow & { totalActivations: number };

/**
 * An activation. `expiresAt` is the effective expiry for this machine: its own with the `rolling` strategy,
 * otherwise the license's. `fingerprint`/`userHash` are kept for the API layers (v4 shows hardware ids).
 */
export type Activation = Omit<ActivationRow, "machineKey" | "userKey">;

export type TrialActivation = Omit<TrialActivationRow, "machineKey">;

export type PersonalAccessToken = PersonalAccessTokenRow;

export type Webhook = Omit<WebhookRow, "token" | "previousToken">;

export type WebhookAttempt = WebhookAttemptRow;

export type Customer = CustomerRow;

/** A license user (login of user-based licenses) without its password hash or vendor-issued first password. */
export type LicenseUser = Omit<LicenseUserRow, "passwordHash" | "initialPassword">;

/** A license user's assignment to a license: its own activation allowance there, and the devices it holds. */
export type LicenseUserAssignment = LicenseUserAssignmentRow & { user: LicenseUser; totalActivations: number };

/** A release: a product's installation file for one version, environment (v3 `platform`) and channel. */
export type Release = ProductVersionRow;

/** A blacklisted hardware ID; `productId` null = every product of the account. */
export type BlacklistEntry = BlacklistedDeviceRow;

/** A v4 API key without its shared key, which only its creation returns; `productIds` null = all products. */
export type ApiKey = Omit<ApiKeyRow, "sharedKey" | "productIds"> & { productIds: string[] | null };

/** An OAuth client of the License API without its secret, which only its creation returns. */
export type OAuthClient = Omit<OAuthClientRow, "clientSecret">;

/** The OpenID Connect provider of one customer account (SSO logins of license users). */
export type SsoConfiguration = SsoConfigurationRow;

export interface Page<T> {
  items: T[];
  total: number;
}

/** Paging of list services: `page` is 1-based (default 1), `limit` 1..100 (default 10), `sort` a field with optional `-`. */
export interface PageRequest {
  page?: number;
  limit?: number;
  sort?: string;
}
