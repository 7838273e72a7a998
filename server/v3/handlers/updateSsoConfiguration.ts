import { updateSsoConfiguration as update } from "../../core/index.js";
import { assertAllowedSsoUrls } from "../../webhooks/url-policy.js";
import { accountOf } from "../context.js";
import { v3Handler } from "../handler.js";
import { presentSsoConfiguration } from "../present.js";

/** New fetched URLs must pass the operator's SSRF policy, as on create. */
export const updateSsoConfiguration = v3Handler<"updateSsoConfiguration">(async (input, context) => {
  await assertAllowedSsoUrls(input.body, context.webhookUrls);
  return { status: 200, body: presentSsoConfiguration(await update(context.core, accountOf(context), input.path.id, input.body)) };
});
