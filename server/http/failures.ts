import { DomainError } from "../core/errors.js";
import { RateLimitExceeded } from "./rate-limit.js";
import { RequestValidationError, type RequestProblem } from "./request-problems.js";

/** Every way a request can fail, before a version turns it into its own error body. */
export type Failure =
  | { kind: "domain"; code: string; message: string }
  | { kind: "wire"; status: number; code: string; message: string }
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
  ) {
    super(message);
    this.name = "WireError";
  }
}

/** Classifies anything thrown. */
export function classifyFailure(error: unknown): Failure {
  if (error instanceof DomainError) return { kind: "domain", code: error.code, message: error.message };
  if (error instanceof WireError) return { kind: "wire", status: error.status, code: error.code, message: error.message };
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
