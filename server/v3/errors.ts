import type { DomainCode } from "../core/errors.js";
import { errorBoundary } from "../http/error-boundary.js";
import type { Failure } from "../http/failures.js";
import type { RequestProblem } from "../http/request-problems.js";

/** Each domain fact's HTTP status in v3; the wire code is the domain code itself. */
const statusOf = {
  INVALID_PRODUCT_ID: 400,
  INVALID_LICENSE_KEY: 400,
  INVALID_LICENSE_ID: 400,
  REVOKED_LICENSE: 400,
  ACTIVATION_LIMIT_REACHED: 400,
  VM_ACTIVATION_NOT_ALLOWED: 400,
  CONTAINER_ACTIVATION_NOT_ALLOWED: 400,
  INVALID_LICENSE_TYPE: 400,
  LICENSE_NOT_EFFECTIVE: 400,
  INVALID_RELEASE_VERSION: 400,
  INVALID_ACTIVATION_FINGERPRINT: 400,
  METER_ATTRIBUTE_NOT_FOUND: 400,
  METER_ATTRIBUTE_USES_LIMIT_REACHED: 400,
  INVALID_METER_ATTRIBUTE_INCREMENT: 400,
  INVALID_OFFLINE_REQUEST: 400,
  OFFLINE_REQUEST_PRODUCT_MISMATCH: 400,
  TRIAL_NOT_ALLOWED: 400,
  INVALID_WEBHOOK_URL: 400,
  INVALID_EXPIRES_AT: 400,
  TOKEN_MISSING: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  FORBIDDEN: 403,
  ACCOUNT_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  ACTIVATION_NOT_FOUND: 404,
  TRIAL_ACTIVATION_NOT_FOUND: 404,
  PRODUCT_NOT_FOUND: 404,
  LICENSE_NOT_FOUND: 404,
  WEBHOOK_NOT_FOUND: 404,
  WEBHOOK_EVENT_LOG_NOT_FOUND: 404,
  PERSONAL_ACCESS_TOKEN_NOT_FOUND: 404,
  DEACTIVATION_LIMIT_REACHED: 409,
  ACTIVATION_ALREADY_EXISTS: 409,
  TRIAL_ACTIVATION_LIMIT_REACHED: 409,
  LICENSE_KEY_ALREADY_EXISTS: 409,
  PRODUCT_IN_USE: 409,
  WEBHOOK_INACTIVE: 409,
  PRODUCT_NOT_ALLOWED: 403,
  INVALID_AUTHORIZATION_METHOD: 400,
  LICENSE_KEY_REQUIRED: 400,
  LICENSE_SUSPENDED: 400,
  LICENSE_EXPIRED: 400,
  TRIAL_EXPIRED: 400,
  LICENSE_USER_ACTIVATION_LIMIT_REACHED: 400,
  DEVICE_BLACKLISTED: 400,
  FLOATING_NOT_AVAILABLE: 409,
  OFFLINE_FLOATING_NOT_SUPPORTED: 400,
  INVALID_BORROW_UNTIL: 400,
  FEATURE_NOT_FOUND: 404,
  FEATURE_NOT_FLOATING: 400,
  FEATURE_NOT_IN_USE: 400,
  NOT_ENOUGH_CONSUMPTIONS: 400,
  ACTIVE_LICENSE_REQUIRED: 400,
  VERSION_NOT_FOUND: 404,
  EMAIL_MISSING: 400,
  CHANGE_PASSWORD_NOT_ALLOWED: 400,
  INVALID_CREDENTIALS: 400,
  CUSTOMER_ACCOUNT_NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  SHORT_CODE_ALREADY_EXISTS: 409,
  LICENSE_USER_ALREADY_EXISTS: 409,
  LICENSE_USER_NOT_FOUND: 404,
  RELEASE_NOT_FOUND: 404,
  RELEASE_ALREADY_EXISTS: 409,
  BLACKLIST_ENTRY_NOT_FOUND: 404,
  INVALID_CUSTOMER_ID: 400,
  INVALID_BUNDLE_LICENSE_ID: 400,
  DUPLICATE_FEATURE_CODE: 400,
  INVALID_LICENSE_API: 400,
  CUSTOMER_ALREADY_EXISTS: 409,
  CUSTOMER_IN_USE: 409,
  LICENSE_USER_ALREADY_ASSIGNED: 409,
  LICENSE_USER_NOT_ASSIGNED: 404,
  LICENSE_USER_LIMIT_REACHED: 409,
  DEVICE_ALREADY_BLACKLISTED: 409,
  OAUTH_CLIENT_NOT_FOUND: 404,
  SSO_CONFIGURATION_NOT_FOUND: 404,
  SSO_CONFIGURATION_ALREADY_EXISTS: 409,
  INVALID_SSO_URL: 400,
} satisfies Record<DomainCode, number>;

/** Where one operation gives a fact another status: the increment's own meter attribute is its resource. */
const statusOverrides: Record<string, Partial<Record<DomainCode, number>>> = {
  incrementMeterAttribute: { METER_ATTRIBUTE_NOT_FOUND: 404 },
};

export interface V3ErrorBody {
  message: string;
  code: string;
  errors?: Array<{ field: string; message: string; code: string }>;
}

/** Renders any failure as v3's `{message, code}` with the documented status. */
export function renderV3Failure(failure: Failure, operationId?: string): { status: number; body: V3ErrorBody; headers?: Record<string, string> } {
  switch (failure.kind) {
    case "domain": {
      const code = failure.code as DomainCode;
      const status = statusOverrides[operationId ?? ""]?.[code] ?? statusOf[code] ?? 400;
      return { status, body: { message: failure.message, code } };
    }
    case "wire":
      return { status: failure.status, body: { message: failure.message, code: failure.code }, headers: failure.headers };
    case "invalid":
      return invalidRequest(failure.problems);
    case "unparsable":
      return { status: 400, body: { message: failure.message, code: "INVALID_JSON" } };
    case "tooLarge":
      return { status: 413, body: { message: "The request body exceeds the size limit.", code: "PAYLOAD_TOO_LARGE" } };
    case "rateLimited":
      return {
        status: 429,
        body: { message: "Too many requests; retry after the time in Retry-After.", code: "RATE_LIMIT_EXCEEDED" },
        headers: { "Retry-After": String(failure.retryAfterSeconds) },
      };
    case "notFound":
    case "methodNotAllowed":
      return { status: 404, body: { message: "No such route.", code: "NOT_FOUND" } };
    case "internal":
      return { status: 500, body: { message: "An unexpected error occurred; it has been logged.", code: "INTERNAL_ERROR" } };
  }
}

function invalidRequest(problems: RequestProblem[]) {
  const contentType = problems.find((p) => p.keyword === "contentType");
  if (contentType) return { status: 400, body: { message: `The body ${contentType.message}.`, code: "INVALID_JSON" } };
  const errors = problems.map((p) => ({ field: fieldOf(p), message: p.message, code: p.keyword }));
  const message = `The request is invalid: ${errors.map((e) => `${e.field || "body"} ${e.message}`).join("; ")}.`;
  return { status: 400, body: { message: message.slice(0, 1000), code: "VALIDATION_FAILED", errors: errors.slice(0, 50) } };
}

/** Body problems as JSON pointers (`/fingerprint`), parameters as `<location>.<name>` (`query.limit`). */
function fieldOf(problem: RequestProblem): string {
  if (problem.location === "body") return problem.field ? `/${problem.field}` : "";
  return `${problem.location}.${problem.field}`;
}

/** The v3 error boundary. */
export const v3Errors = () => errorBoundary(renderV3Failure);
