/** The delivery log: one entry per attempt of an event to a webhook, and manual resends. */
import { randomUUID } from "node:crypto";
import { WebhookAttemptEntity, type WebhookAttemptRow, type WebhookEventType } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import type { Page, PageRequest, WebhookAttempt } from "./model.js";
import { definedOnly, findPage } from "./paging.js";
import { findWebhook } from "./webhooks.js";

export interface WebhookEventLogFilters extends PageRequest {
  webhookId?: string;
  event?: WebhookEventType;
  eventId?: string;
  delivered?: boolean;
}

/** Newest first unless `sort` says otherwise. @see openapi/v3.yaml listWebhookEventLogs */
export async function listWebhookEventLogs(core: Core, accountId: string, query: WebhookEventLogFilters = {}): Promise<Page<WebhookAttempt>> {
  const where = definedOnly({ accountId, webhookId: query.webhookId, eventType: query.event, eventId: query.eventId, delivered: query.delivered });
  return core.db.read((tx) => findPage(tx, WebhookAttemptEntity, where, query, ["createdAt"], "-createdAt"));
}

export async function getWebhookEventLog(core: Core, accountId: string, id: string): Promise<WebhookAttempt> {
  const row = await core.db.read((tx) => tx.findOneBy(WebhookAttemptEntity, { id, accountId }));
  if (!row) throw new DomainError("WEBHOOK_EVENT_LOG_NOT_FOUND");
  return row;
}

/**
 * Queues one more attempt of the logged event to its webhook (same event id and body, attempt = last + 1, due now).
 * Works on delivered events and suspended webhooks; a switched-off webhook is WEBHOOK_INACTIVE. Never retried.
 */
export async function resendWebhookEvent(core: Core, accountId: string, logId: string): Promise<WebhookAttempt> {
  return core.db.transaction(async (tx) => {
    const log = await tx.findOneBy(WebhookAttemptEntity, { id: logId, accountId });
    if (!log) throw new DomainError("WEBHOOK_EVENT_LOG_NOT_FOUND");
    const webhook = await findWebhook(tx, accountId, log.webhookId);
    if (!webhook.active) throw new DomainError("WEBHOOK_INACTIVE");
    const last = await tx.findOne(WebhookAttemptEntity, { where: { eventId: log.eventId, webhookId: log.webhookId }, order: { attempt: "DESC" } });
    const now = core.now();
    const attempt: WebhookAttemptRow = {
      ...log, id: randomUUID(), attempt: (last?.attempt ?? log.attempt) + 1, url: webhook.url, status: "queued",
      statusCode: null, latencyMs: null, error: null, nextAttemptAt: now, delivered: false, manual: true,
      responseBody: null, claimedUntil: null, createdAt: now, updatedAt: now,
    };
    await tx.insert(WebhookAttemptEntity, attempt as never);
    return attempt;
  });
}
