import type { Failure } from "../http/failures.js";

export interface OAuthErrorBody {
  error: "invalid_request" | "invalid_client" | "unsupported_grant_type";
  error_description: string;
}

/**
 * The token endpoint answers in RFC 6749 §5.2's format, not v4's: a wrong `grant_type` is unsupported_grant_type,
 * any other malformed request invalid_request (a body that cannot be read or is over the limit too), bad client
 * credentials 401 invalid_client. Other failures (rate limit, internal) keep v4's format, which the spec documents
 * for them.
 */
export function renderOAuthFailure(failure: Failure): { status: number; body: OAuthErrorBody } | null {
  if (failure.kind === "domain" && failure.code === "INVALID_CREDENTIALS") {
    return { status: 401, body: { error: "invalid_client", error_description: "Invalid client or Invalid client credentials" } };
  }
  if (failure.kind === "invalid") {
    const grant = failure.problems.some((problem) => problem.field === "grant_type" && problem.keyword !== "required");
    if (grant) return { status: 400, body: { error: "unsupported_grant_type", error_description: "Only the client_credentials grant is supported" } };
    const details = failure.problems.map((problem) => `${problem.field || problem.location} ${problem.message}`).join("; ");
    return { status: 400, body: { error: "invalid_request", error_description: `Invalid token request: ${details}`.slice(0, 1024) } };
  }
  if (failure.kind === "unparsable") return { status: 400, body: { error: "invalid_request", error_description: failure.message } };
  if (failure.kind === "tooLarge") return { status: 400, body: { error: "invalid_request", error_description: "The request body is too large." } };
  return null;
}
