import { resendWebhookEvent as resend } from "../../core/index.js";
import { v3Handler } from "../handler.js";
import { presentWebhookEventLog } from "../present.js";
import { accountOf } from "../context.js";

export const resendWebhookEvent = v3Handler<"resendWebhookEvent">(async (input, context) => ({
  status: 202,
  body: presentWebhookEventLog(await resend(context.core, accountOf(context), input.path.id)),
}));
