import { DomainError } from "../core/errors.js";
import { RateLimitExceeded } from "./rate-limit.js";
import { RequestValidationError, type RequestProblem } from "./request-problems.js";

/** Every way a request can fail, before a version turns it into its own error body. */
export type Failure =
  | { kind: "domain"; code: string; message: string }
  | { kind: "wire"; status: number; code: string; message: string; headers?: Record<string, string> }
  | { kind: "invalid"; problems: RequestProblem[] }
  | { kind: "unparsable"; message: string }
  | { kind: "tooLarge" }
  | { kind: "rateLimited"; retryAfterSeconds: number }
  | { kind: "notFound" }
  | { kind: "methodNotAllowed" }
  | { kind: "internal" };

interface CodedError {
  code?: unknown;
  status?: unknown;
  type?: unknown;
  message?: string;
}

/**
 * A refusal that exists only in one version's wire protocol (e.g. LicenseSpring's HMAC header rules), already
 * carrying that version's status and code. Licensing facts are DomainErrors instead.
 */
export class WireError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = "WireError";
  }
}

/** Classifies anything thrown. */
export function classifyFailure(error: unknown): Failure {
  if (error instanceof DomainError) return { kind: "domain", code: error.code, message: error.message };
  if (error instanceof WireError) return { kind: "wire", status: error.status, code: error.code, message: error.message, headers: error.headers };
  if (error instanceof RequestValidationError) return { kind: "invalid", problems: error.problems };
  if (error instanceof RateLimitExceeded) return { kind: "rateLimited", retryAfterSeconds: error.retryAfterSeconds };
  const coded = (error ?? {}) as CodedError;
  if (coded.status === 413 || coded.type === "entity.too.large") return { kind: "tooLarge" };
  if (coded.status === 400 || coded.status === 415) return { kind: "unparsable", message: bodyParserMessage(coded) };
  return { kind: "internal" };
}

/**
 * A body that could not be read (malformed, too large, not what its `Content-Encoding` says) is kept on the request
 * instead of thrown at once: body parsing runs before routing, and only the route knows the operation whose error
 * format the answer must have (the OAuth token endpoint answers in RFC 6749's). The route throws it (`takeBodyFailure`).
 * Decompression fails inside zlib with no HTTP status: that is the client's fault too, a 400.
 */
export function deferBodyFailure(error: Error, ctx: { state: Record<string, unknown> }): void {
  const coded = error as CodedError;
  ctx.state.bodyFailure = typeof coded.status === "number" ? error : Object.assign(error, { status: 400, type: "encoding.unreadable" });
}

/** Throws the failure `deferBodyFailure` kept, if any. */
export function takeBodyFailure(ctx: { state: Record<string, unknown> }): void {
  if (ctx.state.bodyFailure) throw ctx.state.bodyFailure;
}

function bodyParserMessage(error: CodedError): string {
  if (error.type === "entity.parse.failed" || /JSON/i.test(error.message ?? "")) return "The request body is not valid JSON.";
  return "The request body could not be read.";
}
