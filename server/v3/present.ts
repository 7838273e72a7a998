import type { components } from "../../generated/v3.js";
import type { MetadataEntry, PersonalAccessToken, Product, Webhook, WebhookAttempt } from "../core/model.js";

type Schemas = components["schemas"];

export { presentActivation, presentLicense, presentTrialActivation } from "../core/event-payloads.js";

/** ISO-8601 UTC for the wire; accepts a Date or a date string read back from a JSON column. */
export function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

export function isoOrNull(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : iso(value);
}

export function presentMetadata(entry: MetadataEntry): Schemas["Metadata"] {
  return {
    id: entry.id,
    createdAt: iso(entry.createdAt),
    updatedAt: iso(entry.updatedAt),
    key: entry.key,
    value: entry.value,
    viewPermissions: entry.viewPermissions,
  };
}

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
    metadata: product.metadata.map(presentMetadata),
    trialPolicy: product.trialPolicy,
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
    requestBody: attempt.requestBody,
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

export function presentDeactivation(result: { activationId: string; licenseId: string; deactivatedAt: Date; remainingDeactivations: number }): Schemas["DeactivationResult"] {
  return { ...result, deactivatedAt: iso(result.deactivatedAt) };
}
