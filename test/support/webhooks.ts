/** Webhook test helpers: a fast dispatcher configuration, subscriptions over HTTP and the delivery log. */
import { pino } from "pino";
import type { components } from "../../generated/v3.js";
import type { WebhookConfig } from "../../server/config.js";
import type { Core } from "../../server/core/index.js";
import { Dispatcher } from "../../server/webhooks/index.js";
import type { ApiFixture } from "./api.js";

type Schemas = components["schemas"];

/** Milliseconds instead of hours: tests never sleep for long. */
export const fastWebhooks: WebhookConfig = {
  dispatch: true,
  pollIntervalMs: 10,
  batchSize: 20,
  timeoutMs: 2000,
  claimLeaseMs: 5000,
  retryDelaysMs: [20],
  jitter: 0,
  maxAttempts: 13,
  retryWindowMs: 0,
  allowPrivateUrls: true,
  allowHttp: true,
};

export function createDispatcher(core: Core, config: Partial<WebhookConfig> = {}): Dispatcher {
  return new Dispatcher({ core, config: { ...fastWebhooks, ...config }, logger: pino({ level: "silent" }) });
}

export const allEvents: Schemas["WebhookEventType"][] = [
  "activation.created", "activation.updated", "activation.deleted", "license.created", "license.updated", "license.deleted", "trialActivation.created",
];

/** Subscribes `url` through the API (an in-process server's or any v3 client's); the answer carries the token. */
export async function subscribe(api: Pick<ApiFixture, "client">, url: string, body: Partial<Schemas["WebhookCreate"]> = {}): Promise<Schemas["WebhookWithToken"]> {
  const { data, error } = await api.client.POST("/v3/webhooks", { body: { name: "receiver", url, events: allEvents, ...body } });
  if (!data) throw new Error(`createWebhook failed: ${JSON.stringify(error)}`);
  return data;
}

/** The delivery log of a webhook, oldest first. */
export async function logOf(api: ApiFixture, webhookId: string): Promise<Schemas["WebhookEventLog"][]> {
  const { data } = await api.client.GET("/v3/webhook-event-logs", { params: { query: { webhookId, limit: 100, sort: "createdAt" } } });
  return [...data!].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.attempt - b.attempt);
}

export async function webhookOf(api: ApiFixture, id: string): Promise<Schemas["Webhook"]> {
  const { data } = await api.client.GET("/v3/webhooks/{id}", { params: { path: { id } } });
  return data!;
}
