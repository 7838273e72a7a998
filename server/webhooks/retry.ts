/** When a failed attempt is tried again: the configured backoff with jitter, or longer when the endpoint asks. */
import type { WebhookConfig } from "../config.js";

/** The spec caps how long a `Retry-After` may postpone a retry. */
const maxRetryAfterMs = 24 * 3600 * 1000;

export type RetryPolicy = Pick<WebhookConfig, "retryDelaysMs" | "jitter">;

/**
 * The wait after failed attempt number `attempt` (1-based): the schedule's entry (the last one repeats) ± jitter,
 * or the endpoint's `Retry-After` when that is longer.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, retryAfterMs: number | null, random: () => number = Math.random): number {
  const base = policy.retryDelaysMs[Math.min(attempt, policy.retryDelaysMs.length) - 1]!;
  const jittered = Math.round(base * (1 + policy.jitter * (2 * random() - 1)));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, maxRetryAfterMs));
}

/** `Retry-After` as delay-seconds or an HTTP date, in milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
