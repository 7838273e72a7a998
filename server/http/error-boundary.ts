import type { Middleware } from "koa";
import { classifyFailure, type Failure } from "./failures.js";

export interface RenderedError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * A version's error boundary: everything thrown below it, and unmatched routes, leave in that version's error
 * format. Unexpected failures are logged with the request id and answered without internals.
 */
export function errorBoundary(render: (failure: Failure, operationId: string | undefined) => RenderedError): Middleware {
  return async (ctx, next) => {
    let failure: Failure | undefined;
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) failure = { kind: "notFound" };
    } catch (error) {
      failure = classifyFailure(error);
      if (failure.kind === "internal") ctx.state.log?.error({ err: error }, "unexpected failure");
    }
    if (!failure) return;
    const rendered = render(failure, ctx.state.operation?.operationId);
    ctx.status = rendered.status;
    ctx.body = rendered.body;
    for (const [name, value] of Object.entries(rendered.headers ?? {})) ctx.set(name, value);
  };
}
