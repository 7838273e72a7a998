/** Every entity schema of the database, in one list for the DataSource. */
import { AccountEntity, ApiKeyEntity, PersonalAccessTokenEntity, ServerSecretEntity } from "./tenancy.js";
import { LicenseEntity, ProductEntity } from "./catalog.js";
import { ActivationEntity, TrialActivationEntity } from "./machines.js";
import { EventEntity, WebhookAttemptEntity, WebhookEntity } from "./webhooks.js";
import { CustomerEntity, LicenseUserAssignmentEntity, LicenseUserEntity, SsoConfigurationEntity } from "./customers.js";
import { BlacklistedDeviceEntity, DeviceVariableEntity, TrialKeyEntity } from "./devices.js";
import { ProductVersionEntity } from "./releases.js";
import { OAuthClientEntity } from "./oauth-clients.js";
import { IdempotencyKeyEntity } from "./idempotency-keys.js";

export * from "./tenancy.js";
export * from "./catalog.js";
export * from "./machines.js";
export * from "./webhooks.js";
export * from "./customers.js";
export * from "./devices.js";
export * from "./releases.js";
export * from "./oauth-clients.js";
export * from "./idempotency-keys.js";

export const entities = [
  AccountEntity,
  ApiKeyEntity,
  PersonalAccessTokenEntity,
  ServerSecretEntity,
  ProductEntity,
  LicenseEntity,
  ActivationEntity,
  TrialActivationEntity,
  WebhookEntity,
  EventEntity,
  WebhookAttemptEntity,
  CustomerEntity,
  LicenseUserEntity,
  LicenseUserAssignmentEntity,
  SsoConfigurationEntity,
  ProductVersionEntity,
  DeviceVariableEntity,
  BlacklistedDeviceEntity,
  TrialKeyEntity,
  OAuthClientEntity,
  IdempotencyKeyEntity,
];
