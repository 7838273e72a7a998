import Router from "@koa/router";
import type { Middleware, ParameterizedContext } from "koa";
import { listOperations, type OpenApiDocument, type OperationRef } from "../../client/spec-document.js";
import type { SpecValidator } from "../../client/spec-validator.js";
import { takeBodyFailure } from "./failures.js";
import type { AnyHandler, Reply } from "./handler.js";
import { compileRequestValidator, type OperationInput, type RawRequest } from "./request-validator.js";

/** What a route knows about its operation; kept on `ctx.state.operation` for auth and logging. */
export interface BoundOperation {
  operationId: string;
  method: string;
  path: string;
  /** The operation's security requirements (empty array = public). */
  security: Array<Record<string, string[]>>;
}

export interface BindOptions<Context> {
  document: OpenApiDocument;
  validators: { parameters: SpecValidator; bodies: SpecValidator };
  handlers: Record<string, AnyHandler<Context>>;
  /** Middleware that runs before validation (authentication), per operation. */
  guard: (operation: BoundOperation) => Middleware;
  /** Runs after the guard, once the caller is known (the per-credential rate limit). */
  throttle: Middleware;
  /** Builds the handler's context (account, services, clock) from the Koa context. */
  context: (ctx: ParameterizedContext) => Context;
  /** Writes a reply (v4 signs its bodies here). */
  send: (ctx: ParameterizedContext, reply: Reply, operation: BoundOperation) => void | Promise<void>;
}

/**
 * Builds the router from the spec: one route per operation, in the order static paths first, each with
 * its guard, its validator (compiled now, at start-up) and its handler. Throws when the spec and the
 * handler table disagree, so the server never starts with an unanswered or undocumented operation.
 */
export function bindOperations<Context>(options: BindOptions<Context>): Router {
  const operations = listOperations(options.document);
  assertHandlersMatch(operations, options.handlers);
  const router = new Router();
  for (const op of [...operations].sort(bySpecificity)) {
    const operation = describe(options.document, op);
    const validate = compileRequestValidator(options.validators, op);
    const handler = options.handlers[operation.operationId]!;
    router.register(koaPath(op.path), [op.method], [
      async (ctx, next) => {
        ctx.state.operation = operation;
        // Now that the operation (and so its error format) is known, a body that could not be read fails.
        takeBodyFailure(ctx);
        await next();
      },
      options.guard(operation),
      options.throttle,
      async (ctx) => {
        const input: OperationInput = validate(rawRequest(ctx));
        const reply = await handler(input, options.context(ctx));
        await options.send(ctx, reply, operation);
      },
    ]);
  }
  return router;
}

function assertHandlersMatch(operations: OperationRef[], handlers: Record<string, unknown>) {
  const ids = new Set(operations.map((op) => String(op.operation.operationId)));
  const missing = [...ids].filter((id) => !(id in handlers));
  const extra = Object.keys(handlers).filter((id) => !ids.has(id));
  if (missing.length || extra.length) {
    throw new Error(
      `spec and handlers disagree — operations without a handler: [${missing.join(", ")}]; handlers without an operation: [${extra.join(", ")}]`,
    );
  }
}

function describe(document: OpenApiDocument, op: OperationRef): BoundOperation {
  const security = (op.operation.security ?? document.security ?? []) as Array<Record<string, string[]>>;
  return { operationId: String(op.operation.operationId), method: op.method.toUpperCase(), path: op.path, security };
}

/** `/v3/activations/{id}` → `/v3/activations/:id`. */
export function koaPath(template: string): string {
  return template.replace(/\{([^}]+)\}/g, ":$1");
}

/** Literal segments before templated ones, so `/activations/offline-activate` wins over `/activations/{id}`. */
function bySpecificity(a: OperationRef, b: OperationRef): number {
  const rank = (path: string) => path.split("/").map((segment) => (segment.startsWith("{") ? "1" : "0")).join("");
  return rank(a.path).localeCompare(rank(b.path));
}

function rawRequest(ctx: ParameterizedContext & { params?: Record<string, string> }): RawRequest {
  const request = ctx.request as typeof ctx.request & { body?: unknown; rawBody?: string };
  return {
    path: ctx.params ?? {},
    query: ctx.query,
    headers: ctx.headers,
    body: request.rawBody === undefined || request.rawBody === "" ? undefined : request.body,
    contentType: (ctx.request.type || "").toLowerCase(),
  };
}
