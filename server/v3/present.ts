import type { components } from "../../generated/v3.js";
import { iso, isoOrNull, presentMetadata } from "../core/event-payloads.js";
import { productLicensingOf } from "../core/license-terms.js";
import type {
  ApiKey, BlacklistEntry, Customer, LicenseUser, LicenseUserAssignment, OAuthClient, PersonalAccessToken, Product, Release, SsoConfiguration, Webhook,
  WebhookAttempt,
} from "../core/model.js";

type Schemas = components["schemas"];

export { presentActivation, presentLicense, presentTrialActivation } from "../core/event-payloads.js";

export function presentProduct(product: Product): Schemas["Product"] {
  return {
    id: product.id,
    createdAt: iso(product.createdAt),
    updatedAt: iso(product.updatedAt),
    name: product.name,
    displayName: product.displayName,
    description: product.description,
    publicKey: product.publicKeyPem,
    totalLicenses: product.totalLicenses,
    totalTrialActivations: product.totalTrialActivations,
    metadata: presentMetadata(product.metadata),
    trialPolicy: product.trialPolicy,
    licenseApi: presentLicenseApi(product),
  };
}

/** The product's License API (v4) side, with the defaults of a product that never set one. */
function presentLicenseApi(product: Product): Schemas["ProductLicenseApi"] {
  const { allowTrial, trialDays, floatingTimeout, allowOverages, maxOverages, preventVm, customFields, bundleProductIds } = productLicensingOf(product);
  return {
    shortCode: product.shortCode ?? null, authorizationMethod: product.authorizationMethod ?? "license-key",
    allowTrial, trialDays, floatingTimeout, allowOverages, maxOverages, preventVm,
    customFields: customFields.map(({ id, name, defaultValue }) => ({ id, name, defaultValue })), bundleProductIds,
  };
}

export function presentWebhook(webhook: Webhook): Schemas["Webhook"] {
  return {
    id: webhook.id,
    createdAt: iso(webhook.createdAt),
    updatedAt: iso(webhook.updatedAt),
    name: webhook.name,
    url: webhook.url,
    events: webhook.events,
    active: webhook.active,
    status: webhook.status,
    signatureScheme: webhook.signatureScheme,
    description: webhook.description,
  };
}

export function presentWebhookEventLog(attempt: WebhookAttempt): Schemas["WebhookEventLog"] {
  return {
    id: attempt.id,
    createdAt: iso(attempt.createdAt),
    webhookId: attempt.webhookId,
    event: attempt.eventType,
    eventId: attempt.eventId,
    url: attempt.url,
    statusCode: attempt.statusCode,
    latencyMs: attempt.latencyMs,
    error: attempt.error,
    attempt: attempt.attempt,
    nextAttemptAt: isoOrNull(attempt.nextAttemptAt),
    delivered: attempt.delivered,
    // The spec logs the first 16384 characters of the body sent.
    requestBody: attempt.requestBody.slice(0, 16384),
    responseBody: attempt.responseBody,
  };
}

export function presentPersonalAccessToken(token: PersonalAccessToken): Schemas["PersonalAccessToken"] {
  return {
    id: token.id,
    createdAt: iso(token.createdAt),
    updatedAt: iso(token.updatedAt),
    name: token.name,
    expiresAt: isoOrNull(token.expiresAt),
    revoked: token.revoked,
    scopes: token.scopes as Schemas["PersonalAccessToken"]["scopes"],
    lastUsedAt: isoOrNull(token.lastUsedAt),
  };
}

export function presentApiKey(key: ApiKey): Schemas["ApiKey"] {
  return {
    id: key.id,
    createdAt: iso(key.createdAt),
    updatedAt: iso(key.updatedAt),
    name: key.name,
    apiKey: key.apiKey,
    readOnly: key.readOnly,
    productIds: key.productIds,
    revoked: key.revoked,
  };
}

export function presentOAuthClient(client: OAuthClient): Schemas["OAuthClient"] {
  return {
    id: client.id,
    createdAt: iso(client.createdAt),
    updatedAt: iso(client.updatedAt),
    name: client.name,
    clientId: client.clientId,
    revoked: client.revoked,
  };
}

export function presentSsoConfiguration(config: SsoConfiguration): Schemas["SsoConfiguration"] {
  return {
    id: config.id,
    createdAt: iso(config.createdAt),
    updatedAt: iso(config.updatedAt),
    customerAccountCode: config.customerAccountCode,
    issuer: config.issuer,
    authorizationEndpoint: config.authorizationEndpoint,
    tokenEndpoint: config.tokenEndpoint,
    jwksUri: config.jwksUri,
    clientId: config.clientId,
  };
}

export function presentDeactivation(result: { activationId: string; licenseId: string; deactivatedAt: Date; remainingDeactivations: number }): Schemas["DeactivationResult"] {
  return { ...result, deactivatedAt: iso(result.deactivatedAt) };
}

export function presentLicenseUser(user: LicenseUser): Schemas["LicenseUser"] {
  return {
    id: user.id,
    createdAt: iso(user.createdAt),
    updatedAt: iso(user.updatedAt),
    email: user.email,
    name: [user.firstName, user.lastName].filter(Boolean).join(" "),
    firstName: user.firstName,
    lastName: user.lastName,
    phoneNumber: user.phoneNumber,
    customerId: user.customerId,
    isActive: user.isActive,
    isInitialPassword: user.isInitialPassword,
  };
}

/** The create answer is the only one with the password. */
export function presentCreatedLicenseUser(user: LicenseUser & { password: string }): Schemas["LicenseUserWithPassword"] {
  return { ...presentLicenseUser(user), password: user.password };
}

export function presentLicenseUserAssignment(assignment: LicenseUserAssignment): Schemas["LicenseUserAssignment"] {
  return {
    id: assignment.id,
    createdAt: iso(assignment.createdAt),
    licenseId: assignment.licenseId,
    userId: assignment.licenseUserId,
    allowedActivations: assignment.maxActivations,
    allowUnlimitedActivations: assignment.allowUnlimitedActivations,
    totalActivations: assignment.totalActivations,
    user: presentLicenseUser(assignment.user),
  };
}

export function presentCustomer(customer: Customer): Schemas["Customer"] {
  const { id, email, firstName, lastName, companyName, phone, reference, address, city, postcode, state, country, metadata } = customer;
  return {
    id, createdAt: iso(customer.createdAt), updatedAt: iso(customer.updatedAt), email, firstName, lastName, companyName, phone, reference,
    address, city, postcode, state, country, metadata,
  };
}

/** A release in Cryptlex's names: v4's `environment` is `platform`, `enabled` is `published`. */
export function presentRelease(release: Release): Schemas["Release"] {
  return {
    id: release.id,
    createdAt: iso(release.createdAt),
    updatedAt: iso(release.updatedAt),
    productId: release.productId,
    name: release.name ?? null,
    version: release.version,
    channel: release.channel,
    platform: release.environment,
    notes: release.notes ?? null,
    published: release.enabled,
    releaseDate: isoOrNull(release.releaseDate),
    fullLink: release.fullLink,
    filename: release.filename,
    hashMd5: release.hashMd5,
    size: release.size,
    eulaLink: release.eulaLink,
    releaseNotesLink: release.releaseNotesLink,
    requiresVersion: release.requiresVersion,
  };
}

export function presentBlacklistEntry(entry: BlacklistEntry): Schemas["BlacklistEntry"] {
  return { id: entry.id, createdAt: iso(entry.createdAt), hardwareId: entry.hardwareId, productId: entry.productId };
}
