/**
 * `Idempotency-Key` with Stripe's semantics, on every operation whose spec declares the header. The first request
 * with a key runs and its answer is kept; a retry with the same key and request gets that answer again
 * (`Idempotent-Replayed: true`) without running the operation; the same key with another request is refused (422),
 * and so is a retry while the first still runs (409, `Retry-After`). Requests refused before the handler (validation,
 * authentication, rate limit, unreadable bodies) never reach here, so they are not kept; an unexpected failure (5xx)
 * releases the key so the retry runs again.
 *
 * NOTE: the answer is recorded in its own write right after the operation commits, not in the operation's
 * transaction (the core's services own their transactions, and the answer exists only once they return). A process
 * that dies between the two leaves the key running; after the lease a retry runs the operation again.
 */
import { createHash } from "node:crypto";
import { dereference, listOperations, type OpenApiDocument } from "../../client/spec-document.js";
import type { Core } from "../core/context.js";
import { canonicalJson } from "./canonical-json.js";
import type { RenderedError } from "./error-boundary.js";
import { classifyFailure, WireError, type Failure } from "./failures.js";
import type { AnyHandler, Reply } from "./handler.js";
import { claimKey, recordAnswer, releaseKey, type HeldKey, type KeyedRequest, type KeyTimes } from "./idempotency-keys.js";
import type { OperationInput } from "./request-validator.js";

export interface IdempotencyOptions<Context> {
  core: Core;
  /** Who may receive a replay of the answer: an account, or a public operation's credentials (stored hashed). */
  scopeOf: (operationId: string, input: OperationInput, context: Context) => string;
  /** Renders a refusal the operation threw, as the answer a retry gets again. */
  render: (failure: Failure, operationId: string) => RenderedError;
}

/** Keys live 24 hours, as Stripe keeps them; a holder that has not answered within a minute is presumed dead. */
export const defaultKeyTimes: KeyTimes = { leaseMs: 60_000, retentionMs: 24 * 60 * 60 * 1000 };

const keyHeader = "idempotency-key";

/** A first request is usually done within this; the duplicate polls again after it. */
const inUseRetryAfterSeconds = 1;

/** The handler table with every operation that declares `Idempotency-Key` in `document` made idempotent. */
export function withIdempotency<Context>(
  document: OpenApiDocument,
  handlers: Record<string, AnyHandler<Context>>,
  options: IdempotencyOptions<Context>,
): Record<string, AnyHandler<Context>> {
  const keyed = new Set(listOperations(document).filter(({ operation }) => declaresKey(document, operation)).map(({ operation }) => String(operation.operationId)));
  return Object.fromEntries(Object.entries(handlers).map(([id, handler]) => [id, keyed.has(id) ? idempotent(id, handler, options) : handler]));
}

function declaresKey(document: OpenApiDocument, operation: { parameters?: unknown[] }): boolean {
  return (operation.parameters ?? []).some((parameter) => {
    const { in: location, name } = dereference(document, parameter) as { in: string; name: string };
    return location === "header" && name.toLowerCase() === keyHeader;
  });
}

function idempotent<Context>(operationId: string, handler: AnyHandler<Context>, options: IdempotencyOptions<Context>): AnyHandler<Context> {
  return async (input, context) => {
    if (input.headers[keyHeader] === undefined) return handler(input, context);
    const request = keyedRequestOf(operationId, input, options.scopeOf(operationId, input, context));
    const claim = await claimKey(options.core, request, defaultKeyTimes);
    switch (claim.outcome) {
      case "run":
        return runHolding(claim.claim, () => handler(input, context), (failure) => options.render(failure, operationId), options.core);
      case "replay":
        return { ...claim.answer, headers: { ...claim.answer.headers, "Idempotent-Replayed": "true" } };
      case "inUse":
        throw new WireError(
          "IDEMPOTENCY_KEY_IN_USE", "A request with this Idempotency-Key is still being processed; retry after the time in Retry-After.", 409,
          { "Retry-After": String(inUseRetryAfterSeconds) },
        );
      case "reused":
        throw new WireError("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used with a different request; send a new key.", 422);
    }
  };
}

/** Runs the operation holding the key: its answer, or the refusal it threw, is kept; an unexpected failure frees the key. */
async function runHolding(held: HeldKey, run: () => Promise<Reply>, render: (failure: Failure) => RenderedError, core: Core): Promise<Reply> {
  let answer: Reply;
  try {
    answer = await run();
  } catch (error) {
    const failure = classifyFailure(error);
    if (failure.kind === "domain" || failure.kind === "wire") await recordAnswer(core, held, render(failure));
    // If even the release fails, the lease frees the key; the client must see the operation's own failure.
    else await releaseKey(core, held).catch(() => undefined);
    throw error;
  }
  await recordAnswer(core, held, answer);
  return answer;
}

/**
 * How a request with a key is known: its key, who may see its answer (`scope`, hashed), and the request a retry must
 * repeat (operation, path, query and body, whatever their key order).
 */
export function keyedRequestOf(operationId: string, input: OperationInput, scope: string): KeyedRequest {
  const requestHash = sha256(canonicalJson({ operationId, path: input.path, query: input.query, body: input.body ?? null }));
  return { key: String(input.headers[keyHeader]), scope: sha256(scope), requestHash };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
