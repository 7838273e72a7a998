/** Claiming due attempts: each is reserved for one dispatcher until its lease runs out. */
import { In } from "typeorm";
import type { Core } from "../core/context.js";
import { lockDueAttempts, WebhookAttemptEntity, WebhookEntity, type WebhookAttemptRow, type WebhookRow } from "../db/index.js";

export interface Claim {
  attempt: WebhookAttemptRow;
  webhook: WebhookRow;
  /** The claim's token: only the holder of this exact lease may record the outcome. */
  claimedUntil: Date;
}

/**
 * Marks up to `limit` due attempts (queued, or claimed by a dispatcher that died) as running until now + lease, in
 * one transaction, so no other dispatcher takes them meanwhile.
 */
export async function claimDue(core: Core, limit: number, leaseMs: number): Promise<Claim[]> {
  return core.db.transaction(async (tx) => {
    const now = core.now();
    const attempts = await lockDueAttempts(tx, now, limit);
    if (attempts.length === 0) return [];
    const claimedUntil = new Date(now.getTime() + leaseMs);
    await tx.update(WebhookAttemptEntity, { id: In(attempts.map((attempt) => attempt.id)) }, { status: "running", claimedUntil, updatedAt: now });
    const webhooks = await tx.findBy(WebhookEntity, { id: In([...new Set(attempts.map((attempt) => attempt.webhookId))]) });
    const byId = new Map(webhooks.map((webhook) => [webhook.id, webhook]));
    // A webhook's deletion cascades to its attempts, so every claimed attempt has its webhook.
    return attempts.map((attempt) => ({ attempt: { ...attempt, status: "running" as const, claimedUntil }, webhook: byId.get(attempt.webhookId)!, claimedUntil }));
  });
}
