/** Webhook subscriptions: create (token shown once), list, get, update (token rotation), delete. */
import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { WebhookEntity, type WebhookEventType, type WebhookRow, type WebhookSignatureScheme } from "../db/index.js";
import { addSeconds } from "./clock.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { generateWebhookToken } from "./keys.js";
import type { Page, PageRequest, Webhook } from "./model.js";
import { findPage } from "./paging.js";
import { toWebhook } from "./records.js";

export interface WebhookInput {
  name: string;
  url: string;
  events: WebhookEventType[];
  token?: string;
  active?: boolean;
  signatureScheme?: WebhookSignatureScheme;
  description?: string | null;
}

export type WebhookUpdate = Partial<WebhookInput>;

/** How long the previous secret keeps signing after a rotation. */
const rotationOverlapSeconds = 24 * 3600;

/**
 * Only http(s) URLs are accepted here. NOTE: the spec also refuses plain http and private/loopback addresses unless
 * the operator allows them; that policy needs configuration and DNS, so the API layer (server/webhooks/url-policy.ts)
 * enforces it before calling the core, and the dispatcher checks it again before every delivery.
 */
function assertWebhookUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DomainError("INVALID_WEBHOOK_URL");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new DomainError("INVALID_WEBHOOK_URL");
}

/** Subscribes `url`; the returned `token` is the only time the secret is shown. @see openapi/v3.yaml createWebhook */
export async function createWebhook(core: Core, accountId: string, input: WebhookInput): Promise<Webhook & { token: string }> {
  assertWebhookUrl(input.url);
  const now = core.now();
  const row: WebhookRow = {
    id: randomUUID(), accountId, name: input.name, url: input.url, token: input.token ?? generateWebhookToken(),
    previousToken: null, previousTokenExpiresAt: null, events: [...new Set(input.events)], active: input.active ?? true,
    status: "healthy", signatureScheme: input.signatureScheme ?? "cryptlex", description: input.description ?? null,
    createdAt: now, updatedAt: now,
  };
  await core.db.transaction((tx) => tx.insert(WebhookEntity, row as never));
  return { ...toWebhook(row), token: row.token };
}

export async function listWebhooks(core: Core, accountId: string, query: PageRequest = {}): Promise<Page<Webhook>> {
  const page = await core.db.read((tx) => findPage(tx, WebhookEntity, { accountId }, query, ["createdAt", "updatedAt", "name"]));
  return { items: page.items.map(toWebhook), total: page.total };
}

export async function getWebhook(core: Core, accountId: string, id: string): Promise<Webhook> {
  return toWebhook(await core.db.read((tx) => findWebhook(tx, accountId, id)));
}

/** Changes the given fields; a new token keeps the old one for 24 h; `active: true` resumes a suspended webhook. */
export async function updateWebhook(core: Core, accountId: string, id: string, input: WebhookUpdate): Promise<Webhook> {
  if (input.url !== undefined) assertWebhookUrl(input.url);
  return core.db.transaction(async (tx) => {
    const row = await findWebhook(tx, accountId, id);
    const now = core.now();
    const rotated = input.token !== undefined && input.token !== row.token;
    const next: WebhookRow = {
      ...row,
      name: input.name ?? row.name,
      url: input.url ?? row.url,
      events: input.events ? [...new Set(input.events)] : row.events,
      signatureScheme: input.signatureScheme ?? row.signatureScheme,
      description: input.description === undefined ? row.description : input.description,
      active: input.active ?? row.active,
      status: input.active === true ? "healthy" : row.status,
      token: rotated ? input.token! : row.token,
      previousToken: rotated ? row.token : row.previousToken,
      previousTokenExpiresAt: rotated ? addSeconds(now, rotationOverlapSeconds) : row.previousTokenExpiresAt,
      updatedAt: now,
    };
    await tx.save(WebhookEntity, next);
    return toWebhook(next);
  });
}

/** Deletes the subscription and its delivery log (pending retries go with it). */
export async function deleteWebhook(core: Core, accountId: string, id: string): Promise<void> {
  await core.db.transaction(async (tx) => {
    await findWebhook(tx, accountId, id);
    await tx.delete(WebhookEntity, { id });
  });
}

export async function findWebhook(tx: EntityManager, accountId: string, id: string): Promise<WebhookRow> {
  const row = await tx.findOneBy(WebhookEntity, { id, accountId });
  if (!row) throw new DomainError("WEBHOOK_NOT_FOUND");
  return row;
}
