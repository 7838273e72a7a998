/**
 * `Idempotency-Key` with Stripe's semantics, on every operation whose spec declares the header. The first request
 * with a key runs and its answer is kept; a retry with the same key and request gets that answer again
 * (`Idempotent-Replayed: true`) without running the operation; the same key with another request is refused (422),
 * and so is a retry while the first still runs (409, `Retry-After`). Requests refused before the handler (validation,
 * authentication, rate limit, unreadable bodies) never reach here, so they are not kept; an unexpected failure (5xx)
 * releases the key so the retry runs again.
 *
 * The operation runs in one transaction with the keeping of its answer (`Database.atomically`): both commit, or
 * neither does. A process that dies while running leaves only the claim, which a retry takes over after the lease.
 */
import { createHash } from "node:crypto";
import { dereference, listOperations, type OpenApiDocument } from "../../client/spec-document.js";
import type { Core } from "../core/context.js";
import { canonicalJson } from "./canonical-json.js";
import type { RenderedError } from "./error-boundary.js";
import { classifyFailure, WireError, type Failure } from "./failures.js";
import type { AnyHandler, Reply } from "./handler.js";
import { claimKey, keepAnswer, releaseKey, type HeldKey, type KeyedRequest, type KeyTimes } from "./idempotency-keys.js";
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
        throw keyInUse();
      case "reused":
        throw new WireError("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used with a different request; send a new key.", 422);
    }
  };
}

/** Thrown inside the operation's transaction to undo it: the key was taken over by a retry, which runs it instead. */
class KeyTakenOver extends Error {}

/**
 * Runs the operation holding the key, in one transaction with keeping its answer or the refusal it threw (a refusal
 * undid its own work first). An unexpected failure undoes everything and frees the key.
 */
async function runHolding(held: HeldKey, run: () => Promise<Reply>, render: (failure: Failure) => RenderedError, core: Core): Promise<Reply> {
  let outcome: { answer: Reply } | { refusal: unknown };
  try {
    outcome = await core.db.atomically(async (tx) => {
      const ran = await run().then((answer) => ({ answer }), (refusal: unknown) => ({ refusal }));
      const answer = "answer" in ran ? ran.answer : renderRefusal(ran.refusal, render);
      if (!(await keepAnswer(tx, held, answer))) throw new KeyTakenOver();
      return ran;
    });
  } catch (error) {
    if (error instanceof KeyTakenOver) throw keyInUse();
    // If even the release fails, the lease frees the key; the client must see the operation's own failure.
    await releaseKey(core, held).catch(() => undefined);
    throw error;
  }
  if ("refusal" in outcome) throw outcome.refusal;
  return outcome.answer;
}

/** The answer a refusal the operation made gets; anything else is unexpected and propagates (a 5xx). */
function renderRefusal(error: unknown, render: (failure: Failure) => RenderedError): Reply {
  const failure = classifyFailure(error);
  if (failure.kind !== "domain" && failure.kind !== "wire") throw error;
  return render(failure);
}

function keyInUse(): WireError {
  return new WireError(
    "IDEMPOTENCY_KEY_IN_USE", "A request with this Idempotency-Key is still being processed; retry after the time in Retry-After.", 409,
    { "Retry-After": String(inUseRetryAfterSeconds) },
  );
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
