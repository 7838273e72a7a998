import type Router from "@koa/router";
import type { Middleware, ParameterizedContext } from "koa";
import { SpecValidator } from "../../client/spec-validator.js";
import type { Core } from "../core/index.js";
import { bindOperations } from "../http/bind-operations.js";
import type { Reply } from "../http/handler.js";
import { withIdempotency } from "../http/idempotency.js";
import { loadSpec } from "../http/spec.js";
import type { UrlPolicy } from "../webhooks/url-policy.js";
import { v3Guard, type V3Auth } from "./auth.js";
import type { V3Context } from "./context.js";
import { renderV3Failure } from "./errors.js";
import { v3Handlers } from "./handlers/index.js";
import { v3IdempotencyScope } from "./idempotency-scope.js";

/**
 * The v3 routes, built from openapi/v3.yaml with validators compiled now, at start-up. The operations that declare
 * `Idempotency-Key` (every POST) keep their answers for retries.
 */
export function buildV3Router(core: Core, webhookUrls: UrlPolicy, throttle: Middleware): Router {
  const document = loadSpec("v3");
  return bindOperations<V3Context>({
    document,
    validators: { parameters: new SpecValidator(document, { coerceTypes: true }), bodies: new SpecValidator(document) },
    handlers: withIdempotency(document, v3Handlers, { core, scopeOf: v3IdempotencyScope, render: renderV3Failure }),
    guard: v3Guard(core),
    throttle,
    context: (ctx: ParameterizedContext) => ({ core, auth: ctx.state.auth as V3Auth | undefined, ip: ctx.ip, webhookUrls }),
    send: sendJson,
  });
}

function sendJson(ctx: ParameterizedContext, reply: Reply) {
  ctx.status = reply.status;
  if (reply.body !== undefined) ctx.body = reply.body;
  for (const [name, value] of Object.entries(reply.headers ?? {})) ctx.set(name, value);
}
