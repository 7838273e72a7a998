/** Webhook subscriptions, the transactional outbox of events, and the delivery log. */
import { EntitySchema } from "typeorm";
import { col } from "../columns.js";

export type WebhookEventType =
  | "activation.created"
  | "activation.updated"
  | "activation.deleted"
  | "license.created"
  | "license.updated"
  | "license.deleted"
  | "trialActivation.created";
export type WebhookStatus = "healthy" | "unhealthy" | "suspended";
export type WebhookSignatureScheme = "cryptlex" | "standard-webhooks";
export type AttemptStatus = "queued" | "running" | "done";

export interface WebhookRow {
  id: string;
  accountId: string;
  name: string;
  url: string;
  token: string;
  /** The secret before the last rotation, still signing (Standard Webhooks) until `previousTokenExpiresAt`. */
  previousToken: string | null;
  previousTokenExpiresAt: Date | null;
  events: WebhookEventType[];
  active: boolean;
  status: WebhookStatus;
  signatureScheme: WebhookSignatureScheme;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The event envelope exactly as delivered. */
export interface EventEnvelope {
  event: WebhookEventType;
  data: unknown;
  triggeredAt: string;
}

export interface EventRow {
  /** The stable event id, sent as `webhook-id` on every attempt. */
  id: string;
  accountId: string;
  type: WebhookEventType;
  payload: EventEnvelope;
  createdAt: Date;
}

export interface WebhookAttemptRow {
  id: string;
  accountId: string;
  eventId: string;
  webhookId: string;
  eventType: WebhookEventType;
  attempt: number;
  url: string;
  status: AttemptStatus;
  statusCode: number | null;
  latencyMs: number | null;
  error: string | null;
  nextAttemptAt: Date | null;
  delivered: boolean;
  /** A manual resend is one attempt, never retried. */
  manual: boolean;
  requestBody: string;
  responseBody: string | null;
  /** While `running`: the dispatcher's claim expires then (a crashed dispatcher's attempt is reclaimed after it). */
  claimedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const WebhookEntity = new EntitySchema<WebhookRow>({
  name: "Webhook",
  tableName: "webhooks",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    name: col.text(),
    url: col.text(2048),
    token: col.text(),
    previousToken: col.text(256, true),
    previousTokenExpiresAt: col.date(true),
    events: col.json(),
    active: col.bool(),
    status: col.text(16),
    signatureScheme: col.text(32),
    description: { type: "text", nullable: true },
    createdAt: col.date(),
    updatedAt: col.date(),
  },
});

export const EventEntity = new EntitySchema<EventRow>({
  name: "Event",
  tableName: "events",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    type: col.text(64),
    payload: col.json(),
    createdAt: col.date(),
  },
});

export const WebhookAttemptEntity = new EntitySchema<WebhookAttemptRow>({
  name: "WebhookAttempt",
  tableName: "webhook_attempts",
  columns: {
    id: col.id(),
    accountId: col.ref(),
    eventId: col.ref(),
    webhookId: col.ref(),
    eventType: col.text(64),
    attempt: col.int(),
    url: col.text(2048),
    status: col.text(16),
    statusCode: { type: "integer", nullable: true },
    latencyMs: { type: "integer", nullable: true },
    error: col.text(1024, true),
    nextAttemptAt: col.date(true),
    delivered: col.bool(),
    manual: col.bool(),
    requestBody: col.longText(),
    responseBody: col.longText(true),
    claimedUntil: col.date(true),
    createdAt: col.date(),
    updatedAt: col.date(),
  },
});
