/** One claimed attempt, start to finish: skip it, refuse its destination, or send it signed; then log the outcome. */
import { deliveryHeaders } from "../../client/webhook-signing.js";
import type { WebhookConfig } from "../config.js";
import type { Core } from "../core/context.js";
import type { WebhookRow } from "../db/index.js";
import type { Claim } from "./claim.js";
import { recordOutcome, type Verdict } from "./record.js";
import { failure, send } from "./send.js";
import { refusalOf, type Resolve } from "./url-policy.js";

export interface DeliverOptions {
  core: Core;
  config: WebhookConfig;
  random?: () => number;
  resolve?: Resolve;
}

export async function deliver(options: DeliverOptions, claim: Claim): Promise<Verdict> {
  const verdict = await judge(options, claim);
  await recordOutcome(options.core, claim, verdict, { ...options.config, random: options.random });
  return verdict;
}

async function judge({ core, config, resolve }: DeliverOptions, { attempt, webhook }: Claim): Promise<Verdict> {
  const url = webhook.url;
  // Events queued before the subscription was switched off or suspended are logged, not sent (manual resends are).
  const skip = !webhook.active ? "webhook switched off" : webhook.status === "suspended" && !attempt.manual ? "webhook suspended" : null;
  if (skip) return { url, skipped: true, outcome: failure(skip) };
  // Checked again now: the name may resolve elsewhere than when the subscription was saved (DNS rebinding).
  const refusal = await refusalOf(url, config, resolve);
  if (refusal) return { url, outcome: failure(`refused: ${refusal}`) };
  const now = core.now();
  const headers = deliveryHeaders({ id: attempt.eventId, timestamp: now, body: attempt.requestBody, scheme: webhook.signatureScheme, tokens: tokensAt(webhook, now) });
  const outcome = await send({ url, headers: { ...headers, "user-agent": "licensing-api-webhooks/1" }, body: attempt.requestBody, timeoutMs: config.timeoutMs, now: core.now });
  return { url, outcome, gone: outcome.statusCode === 410 };
}

/** The current token, then the previous one while its 24-hour overlap lasts (updateWebhook rotation). */
function tokensAt(webhook: WebhookRow, now: Date): string[] {
  const previousValid = webhook.previousToken && webhook.previousTokenExpiresAt && webhook.previousTokenExpiresAt > now;
  return previousValid ? [webhook.token, webhook.previousToken!] : [webhook.token];
}
