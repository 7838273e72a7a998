import { createSsoConfiguration as create } from "../../core/index.js";
import { assertAllowedSsoUrls } from "../../webhooks/url-policy.js";
import { accountOf } from "../context.js";
import { v3Handler } from "../handler.js";
import { presentSsoConfiguration } from "../present.js";

/** The URLs the server will fetch (JWKS, token endpoint) must pass the operator's SSRF policy. */
export const createSsoConfiguration = v3Handler<"createSsoConfiguration">(async (input, context) => {
  await assertAllowedSsoUrls(input.body, context.webhookUrls);
  return { status: 201, body: presentSsoConfiguration(await create(context.core, accountOf(context), input.body)) };
});
