import { updateWebhook as update } from "../../core/index.js";
import { assertAllowedUrl } from "../../webhooks/url-policy.js";
import { v3Handler } from "../handler.js";
import { presentWebhook } from "../present.js";
import { accountOf } from "../context.js";

/** A new URL must pass the operator's SSRF policy, as on create. */
export const updateWebhook = v3Handler<"updateWebhook">(async (input, context) => {
  if (input.body.url !== undefined) await assertAllowedUrl(input.body.url, context.webhookUrls);
  return { status: 200, body: presentWebhook(await update(context.core, accountOf(context), input.path.id, input.body)) };
});
