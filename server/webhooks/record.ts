/**
 * Recording an attempt's outcome in the delivery log: the attempt is finished, a retry is queued as a new row when
 * one is due, and the subscription's health follows (healthy / unhealthy / suspended, as the spec describes).
 */
import { randomUUID } from "node:crypto";
import { Not, type EntityManager } from "typeorm";
import type { Core } from "../core/context.js";
import { EventEntity, lockAttempt, WebhookAttemptEntity, WebhookEntity, type WebhookAttemptRow, type WebhookStatus } from "../db/index.js";
import type { Claim } from "./claim.js";
import { retryDelayMs, type RetryPolicy } from "./retry.js";
import type { Outcome } from "./send.js";

export interface Verdict {
  outcome: Outcome;
  /** The URL the attempt went to (the subscription's current one). */
  url: string;
  /** Not sent because the subscription is off or suspended: logged, never retried, health unchanged. */
  skipped?: boolean;
  /** The endpoint answered 410 Gone. */
  gone?: boolean;
}

export interface RecordPolicy extends RetryPolicy {
  maxAttempts: number;
  retryWindowMs: number;
  random?: () => number;
}

/** Returns false when the claim was lost (its lease ran out and another dispatcher took the attempt over). */
export async function recordOutcome(core: Core, claim: Claim, verdict: Verdict, policy: RecordPolicy): Promise<boolean> {
  return core.db.transaction(async (tx) => {
    const row = await lockAttempt(tx, claim.attempt.id);
    if (row?.status !== "running" || row.claimedUntil?.getTime() !== claim.claimedUntil.getTime()) return false;
    const now = core.now();
    const { outcome } = verdict;
    const final = outcome.delivered || verdict.skipped || verdict.gone || row.manual || (await exhausted(tx, row, now, policy));
    const nextAttemptAt = final ? null : new Date(now.getTime() + retryDelayMs(row.attempt, policy, outcome.retryAfterMs, policy.random));
    const finished: WebhookAttemptRow = {
      ...row, url: verdict.url, status: "done", claimedUntil: null, statusCode: outcome.statusCode, latencyMs: outcome.latencyMs,
      error: outcome.error, delivered: outcome.delivered, responseBody: outcome.responseBody, nextAttemptAt, updatedAt: now,
    };
    await tx.save(WebhookAttemptEntity, finished);
    if (nextAttemptAt) await tx.insert(WebhookAttemptEntity, retryOf(finished, nextAttemptAt, now) as never);
    if (!verdict.skipped) await setHealth(tx, row.webhookId, healthAfter(verdict, final && !row.manual));
    return true;
  });
}

/** Retries run out after `maxAttempts` and once the window since the event has passed (jitter may shorten the former). */
async function exhausted(tx: EntityManager, row: WebhookAttemptRow, now: Date, policy: RecordPolicy): Promise<boolean> {
  if (row.attempt < policy.maxAttempts) return false;
  const event = await tx.findOneBy(EventEntity, { id: row.eventId });
  return !event || now.getTime() - event.createdAt.getTime() >= policy.retryWindowMs;
}

/** The next attempt: same event, body and id, queued for `at`. */
function retryOf(previous: WebhookAttemptRow, at: Date, now: Date): WebhookAttemptRow {
  return {
    ...previous, id: randomUUID(), attempt: previous.attempt + 1, status: "queued", statusCode: null, latencyMs: null, error: null,
    delivered: false, responseBody: null, nextAttemptAt: at, claimedUntil: null, createdAt: now, updatedAt: now,
  };
}

function healthAfter(verdict: Verdict, exhausted: boolean): WebhookStatus {
  if (verdict.outcome.delivered) return "healthy";
  return verdict.gone || exhausted ? "suspended" : "unhealthy";
}

/** Only `active: true` (updateWebhook) lifts a suspension, so a later success or failure leaves it in place. */
async function setHealth(tx: EntityManager, webhookId: string, status: WebhookStatus): Promise<void> {
  const where = status === "suspended" ? { id: webhookId } : { id: webhookId, status: Not("suspended" as const) };
  await tx.update(WebhookEntity, where, { status });
}
