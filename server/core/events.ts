/**
 * The transactional outbox: the ONLY writer of events. An event row and one delivery-log row per matching
 * subscription are written in the caller's transaction, so a state change and its webhooks commit (or vanish) together.
 */
import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import {
  EventEntity, WebhookAttemptEntity, WebhookEntity,
  type EventEnvelope, type EventRow, type WebhookAttemptRow, type WebhookEventType, type WebhookRow,
} from "../db/index.js";
import { iso } from "./event-payloads.js";

export interface DomainEvent {
  accountId: string;
  type: WebhookEventType;
  /** The wire object of the spec (see event-payloads.ts). */
  data: unknown;
  at: Date;
}

/** Records `event` and queues its deliveries; returns the stable event id. */
export async function recordEvent(tx: EntityManager, event: DomainEvent): Promise<string> {
  const id = randomUUID();
  const payload: EventEnvelope = { event: event.type, data: event.data, triggeredAt: iso(event.at) };
  const row: EventRow = { id, accountId: event.accountId, type: event.type, payload, createdAt: event.at };
  // NOTE: TypeORM's deep-partial insert type cannot see through `unknown` JSON; the row is complete.
  await tx.insert(EventEntity, row as never);
  const webhooks = await tx.findBy(WebhookEntity, { accountId: event.accountId });
  const subscribed = webhooks.filter((webhook) => webhook.events.includes(event.type));
  const attempts = subscribed.map((webhook) => firstAttempt(webhook, id, event, JSON.stringify(payload)));
  if (attempts.length > 0) await tx.insert(WebhookAttemptEntity, attempts);
  return id;
}

/**
 * A queued first attempt, or — for a subscription that is switched off or suspended — a finished log entry saying
 * why it was not sent (the spec logs such events, and they can be resent by hand).
 */
function firstAttempt(webhook: WebhookRow, eventId: string, event: DomainEvent, requestBody: string): WebhookAttemptRow {
  const skipped = !webhook.active ? "webhook switched off" : webhook.status === "suspended" ? "webhook suspended" : null;
  return {
    id: randomUUID(),
    accountId: event.accountId,
    eventId,
    webhookId: webhook.id,
    eventType: event.type,
    attempt: 1,
    url: webhook.url,
    status: skipped ? "done" : "queued",
    statusCode: null,
    latencyMs: null,
    error: skipped,
    nextAttemptAt: skipped ? null : event.at,
    delivered: false,
    manual: false,
    requestBody,
    responseBody: null,
    claimedUntil: null,
    createdAt: event.at,
    updatedAt: event.at,
  };
}
