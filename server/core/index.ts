/** The licensing core: API-agnostic services over the domain model. Every service takes a `Core` first. */
export type { Core } from "./context.js";
export { DomainError, domainCodes, isDomainError, type DomainCode } from "./errors.js";
export type * from "./model.js";
export { allScopes, type Scope } from "./scopes.js";

export { createAccount, getAccount, listAccounts } from "./create-account.js";
export { createAccessToken, type CreateAccessTokenInput } from "./create-access-token.js";
export { verifyAccessToken, type AccessTokenIdentity } from "./verify-access-token.js";
export { getAccessToken, listAccessTokens, revokeAccessToken, type AccessTokenFilters } from "./list-access-tokens.js";
export { createApiKey, type ApiKeyInput } from "./create-api-key.js";
export { findApiKey, getAccountSigningKey, getApiKey, listApiKeys, revokeApiKey, type ApiKeyCredentials, type ApiKeyFilters } from "./api-keys.js";
export { createOAuthClient, getOAuthClient, listOAuthClients, revokeOAuthClient, type OAuthClientFilters } from "./oauth-clients.js";
export {
  configureSso, createSsoConfiguration, deleteSsoConfiguration, getSsoConfiguration, listSsoConfigurations, updateSsoConfiguration,
  type SsoConfigurationFilters, type SsoConfigurationInput, type SsoConfigurationUpdate,
} from "./sso-configurations.js";

export { createProduct, deleteProduct, getProduct, listProducts, updateProduct, type ProductInput, type ProductUpdate } from "./products.js";
export { createLicense, deleteLicense, getLicense, listLicenses, updateLicense, type LicenseFilters, type LicenseInput, type LicenseUpdate } from "./licenses.js";
export type { MetadataInput, MeterAttributeInput, TrialPolicyInput } from "./metadata.js";

export { activateLicense, type ActivationRequest } from "./activate-license.js";
export { syncActivation } from "./sync-activation.js";
export { deactivateActivation, type DeactivationProof, type DeactivationResult } from "./deactivate-activation.js";
export { deleteActivation } from "./delete-activation.js";
export { getActivation, listActivations, type ActivationFilters } from "./list-activations.js";
export { incrementMeterAttribute, type MeterIncrementRequest, type MeterIncrementResult } from "./increment-meter-attribute.js";
export { offlineActivate, offlineDeactivate } from "./offline-activate.js";
export { signActivationToken } from "./sign-activation-token.js";
export { activationGuards, syncGuards, offlineActivationGuards, type Guard } from "./rules/activation-guards.js";

export { createOfflineTrialActivation, createTrialActivation, type TrialActivationRequest } from "./trial-activations.js";
export {
  deleteTrialActivation, getTrialActivation, listTrialActivations, updateTrialActivationExpiresAt, type TrialActivationFilters,
} from "./manage-trial-activations.js";

export { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook, type WebhookInput, type WebhookUpdate } from "./webhooks.js";
export { getWebhookEventLog, listWebhookEventLogs, resendWebhookEvent, type WebhookEventLogFilters } from "./webhook-event-logs.js";

export { createCustomer, deleteCustomer, getCustomer, listCustomers, updateCustomer, type CustomerFilters, type CustomerInput, type CustomerUpdate } from "./customers.js";
export {
  createLicenseUser, deleteLicenseUser, getLicenseUser, listLicenseUsers, updateLicenseUser,
  type LicenseUserFilters, type LicenseUserInput, type LicenseUserUpdate,
} from "./manage-license-users.js";
export {
  assignLicenseUser, listLicenseAssignments, unassignLicenseUser, updateLicenseAssignment, type Allowance, type AssigneeRef,
} from "./license-user-assignments.js";
export { createRelease, deleteRelease, getRelease, listReleases, updateRelease, type ReleaseFilters, type ReleaseInput, type ReleaseUpdate } from "./releases.js";
export {
  blacklistDevice, deleteBlacklistEntry, getBlacklistEntry, listBlacklistEntries, unblacklistDevice, type BlacklistFilters, type BlacklistInput,
} from "./blacklist.js";

export { recordEvent, type DomainEvent } from "./events.js";
export { presentActivation, presentLicense, presentTrialActivation } from "./event-payloads.js";
