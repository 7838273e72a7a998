import { RateLimitExceeded } from "./rate-limit.js";
import { RequestValidationError, type RequestProblem } from "./request-problems.js";

/** Every way a request can fail, before a version turns it into its own error body. */
export type Failure =
  | { kind: "domain"; code: string; message: string }
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

/** Classifies anything thrown; `isDomainError` comes from the core so this module stays wire-agnostic. */
export function classifyFailure(error: unknown, isDomainError: (e: unknown) => e is { code: string; message: string }): Failure {
  if (isDomainError(error)) return { kind: "domain", code: error.code, message: error.message };
  if (error instanceof RequestValidationError) return { kind: "invalid", problems: error.problems };
  if (error instanceof RateLimitExceeded) return { kind: "rateLimited", retryAfterSeconds: error.retryAfterSeconds };
  const coded = (error ?? {}) as CodedError;
  if (coded.status === 413 || coded.type === "entity.too.large") return { kind: "tooLarge" };
  if (coded.status === 400 || coded.status === 415) return { kind: "unparsable", message: bodyParserMessage(coded) };
  return { kind: "internal" };
}

function bodyParserMessage(error: CodedError): string {
  if (error.type === "entity.parse.failed" || /JSON/i.test(error.message ?? "")) return "The request body is not valid JSON.";
  return "The request body could not be read.";
}
