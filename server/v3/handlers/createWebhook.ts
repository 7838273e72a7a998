import { createWebhook as subscribe } from "../../core/index.js";
import { assertAllowedUrl } from "../../webhooks/url-policy.js";
import { v3Handler } from "../handler.js";
import { presentWebhook } from "../present.js";
import { accountOf } from "../context.js";

/** The signing token is shown here, once; reads never return it. The URL must pass the operator's SSRF policy. */
export const createWebhook = v3Handler<"createWebhook">(async (input, context) => {
  await assertAllowedUrl(input.body.url, context.webhookUrls);
  const webhook = await subscribe(context.core, accountOf(context), input.body);
  return { status: 201, body: { ...presentWebhook(webhook), token: webhook.token } };
});
