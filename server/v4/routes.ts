import type Router from "@koa/router";
import type { Middleware, ParameterizedContext } from "koa";
import { SpecValidator } from "../../client/spec-validator.js";
import type { Core } from "../core/index.js";
import { bindOperations } from "../http/bind-operations.js";
import { loadSpec } from "../http/spec.js";
import { v4Guard } from "./auth.js";
import type { V4Auth, V4Context } from "./context.js";
import { v4Handlers } from "./handlers/index.js";
import { signedOperationIds, v4ReplySender } from "./send-reply.js";

/** The v4 routes, built from openapi/v4.yaml with validators compiled now, at start-up. */
export function buildV4Router(core: Core, throttle: Middleware): Router {
  const document = loadSpec("v4");
  return bindOperations<V4Context>({
    document,
    validators: { parameters: new SpecValidator(document, { coerceTypes: true }), bodies: new SpecValidator(document) },
    handlers: v4Handlers,
    guard: v4Guard(core),
    throttle,
    context: (ctx: ParameterizedContext) => ({ core, auth: ctx.state.auth as V4Auth | undefined, ip: ctx.ip, origin: `${ctx.protocol}://${ctx.host}` }),
    send: v4ReplySender(core, signedOperationIds(document)),
  });
}
