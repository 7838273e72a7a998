import { randomUUID } from "node:crypto";
import type { Middleware } from "koa";
import type { Logger } from "pino";

/** Gives each request an id (`X-Request-Id`, taken from the caller when sane) and logs one line when it ends. */
export function requestLog(logger: Logger): Middleware {
  return async (ctx, next) => {
    const incoming = ctx.get("x-request-id");
    const requestId = /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    const started = performance.now();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set("X-Request-Id", requestId);
    try {
      await next();
    } finally {
      const operation = (ctx.state.operation as { operationId?: string } | undefined)?.operationId;
      ctx.state.log.info(
        { method: ctx.method, path: ctx.path, status: ctx.status, operation, ms: Math.round(performance.now() - started) },
        "request",
      );
    }
  };
}
