import { createWebhook as subscribe } from "../../core/index.js";
import { v3Handler } from "../handler.js";
import { presentWebhook } from "../present.js";
import { accountOf } from "../context.js";

/** The signing token is shown here, once; reads never return it. */
export const createWebhook = v3Handler<"createWebhook">(async (input, context) => {
  const webhook = await subscribe(context.core, accountOf(context), input.body);
  return { status: 201, body: { ...presentWebhook(webhook), token: webhook.token } };
});
