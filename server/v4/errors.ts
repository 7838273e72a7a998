import type { DomainCode } from "../core/errors.js";
import { errorBoundary } from "../http/error-boundary.js";
import type { Failure } from "../http/failures.js";
import type { RequestProblem } from "../http/request-problems.js";
import { renderOAuthFailure } from "./oauth-errors.js";

type WireError = readonly [status: number, code: string];

/** v3-only management resources (webhooks, access tokens, customers, license users): v4 never reaches them. */
const managementOnly: WireError = [400, "validation_error"];

/**
 * Each domain fact in LicenseSpring's vocabulary. Facts that only the v3 management API can produce (tokens,
 * webhooks) still get a code, so the table stays exhaustive as the core grows.
 */
const wireErrorOf = {
  INVALID_PRODUCT_ID: [400, "unknown_product"],
  INVALID_LICENSE_KEY: [400, "license_not_found"],
  INVALID_LICENSE_ID: [400, "license_not_found"],
  REVOKED_LICENSE: [400, "license_not_enabled"],
  ACTIVATION_LIMIT_REACHED: [400, "license_activated_max_times"],
  VM_ACTIVATION_NOT_ALLOWED: [400, "vm_not_allowed"],
  CONTAINER_ACTIVATION_NOT_ALLOWED: [400, "vm_not_allowed"],
  INVALID_LICENSE_TYPE: [400, "validation_error"],
  LICENSE_NOT_EFFECTIVE: [400, "license_start_date_error"],
  INVALID_RELEASE_VERSION: [400, "validation_error"],
  INVALID_ACTIVATION_FINGERPRINT: [400, "device_not_found"],
  METER_ATTRIBUTE_NOT_FOUND: [400, "validation_error"],
  METER_ATTRIBUTE_USES_LIMIT_REACHED: [400, "license_not_enough_consumptions"],
  INVALID_METER_ATTRIBUTE_INCREMENT: [400, "validation_error"],
  INVALID_OFFLINE_REQUEST: [400, "authorization_missing_params"],
  OFFLINE_REQUEST_PRODUCT_MISMATCH: [400, "unknown_product"],
  TRIAL_NOT_ALLOWED: [400, "trial_not_allowed"],
  INVALID_WEBHOOK_URL: [400, "validation_error"],
  INVALID_EXPIRES_AT: [400, "validation_error"],
  TOKEN_MISSING: [401, "oauth_token_malformed"],
  TOKEN_INVALID: [401, "oauth_token_malformed"],
  TOKEN_EXPIRED: [401, "oauth_token_expired"],
  TOKEN_REVOKED: [401, "oauth_token_malformed"],
  FORBIDDEN: [400, "read_only_api_key"],
  ACCOUNT_NOT_FOUND: [400, "invalid_api_key"],
  API_KEY_NOT_FOUND: [400, "invalid_api_key"],
  ACTIVATION_NOT_FOUND: [400, "device_not_found"],
  TRIAL_ACTIVATION_NOT_FOUND: [400, "device_not_found"],
  PRODUCT_NOT_FOUND: [400, "unknown_product"],
  LICENSE_NOT_FOUND: [400, "license_not_found"],
  WEBHOOK_NOT_FOUND: managementOnly,
  WEBHOOK_EVENT_LOG_NOT_FOUND: managementOnly,
  PERSONAL_ACCESS_TOKEN_NOT_FOUND: managementOnly,
  DEACTIVATION_LIMIT_REACHED: [400, "license_transferred_max_times"],
  ACTIVATION_ALREADY_EXISTS: [409, "license_device_exists"],
  TRIAL_ACTIVATION_LIMIT_REACHED: [400, "trial_expired"],
  LICENSE_KEY_ALREADY_EXISTS: [400, "validation_error"],
  PRODUCT_IN_USE: [400, "validation_error"],
  WEBHOOK_INACTIVE: [400, "validation_error"],
  PRODUCT_NOT_ALLOWED: [400, "api_key_product_not_allowed"],
  INVALID_AUTHORIZATION_METHOD: [400, "invalid_product_auth_method"],
  LICENSE_KEY_REQUIRED: [400, "license_key_required"],
  LICENSE_SUSPENDED: [400, "license_not_active"],
  LICENSE_EXPIRED: [400, "license_expired"],
  TRIAL_EXPIRED: [400, "trial_expired"],
  LICENSE_USER_ACTIVATION_LIMIT_REACHED: [400, "license_user_activated_max_times"],
  DEVICE_BLACKLISTED: [400, "blacklisted"],
  FLOATING_NOT_AVAILABLE: [400, "floating_not_available"],
  OFFLINE_FLOATING_NOT_SUPPORTED: [400, "offline_floating_cloud_not_supported"],
  INVALID_BORROW_UNTIL: [400, "borrow_until_not_valid"],
  FEATURE_NOT_FOUND: [400, "invalid_license_feature_code"],
  FEATURE_NOT_FLOATING: [400, "feature_not_floating"],
  FEATURE_NOT_IN_USE: [400, "floating_feature_device_not_in_use"],
  NOT_ENOUGH_CONSUMPTIONS: [400, "license_not_enough_consumptions"],
  ACTIVE_LICENSE_REQUIRED: [400, "active_license_required"],
  VERSION_NOT_FOUND: [400, "version_not_found"],
  EMAIL_MISSING: [400, "email_missing"],
  CHANGE_PASSWORD_NOT_ALLOWED: [400, "change_password_not_allowed"],
  INVALID_CREDENTIALS: [400, "invalid_credentials"],
  CUSTOMER_ACCOUNT_NOT_FOUND: [400, "customer_account_not_found"],
  CUSTOMER_NOT_FOUND: [400, "customer_not_found"],
  SHORT_CODE_ALREADY_EXISTS: [400, "validation_error"],
  LICENSE_USER_ALREADY_EXISTS: [400, "validation_error"],
  LICENSE_USER_NOT_FOUND: [400, "invalid_credentials"],
  INVALID_CUSTOMER_ID: [400, "customer_not_found"],
  INVALID_BUNDLE_LICENSE_ID: [400, "license_not_found"],
  DUPLICATE_FEATURE_CODE: [400, "validation_error"],
  INVALID_LICENSE_API: [400, "validation_error"],
  CUSTOMER_ALREADY_EXISTS: managementOnly,
  CUSTOMER_IN_USE: managementOnly,
  LICENSE_USER_ALREADY_ASSIGNED: managementOnly,
  LICENSE_USER_NOT_ASSIGNED: managementOnly,
  LICENSE_USER_LIMIT_REACHED: managementOnly,
  RELEASE_NOT_FOUND: [400, "version_not_found"],
  RELEASE_ALREADY_EXISTS: managementOnly,
  BLACKLIST_ENTRY_NOT_FOUND: managementOnly,
  DEVICE_ALREADY_BLACKLISTED: managementOnly,
  OAUTH_CLIENT_NOT_FOUND: managementOnly,
  SSO_CONFIGURATION_NOT_FOUND: [400, "customer_account_not_found"],
  SSO_CONFIGURATION_ALREADY_EXISTS: managementOnly,
  INVALID_SSO_URL: managementOnly,
} as const satisfies Record<DomainCode, WireError>;

export interface V4ErrorBody {
  status: number;
  code: string;
  message: string;
}

/** Renders any failure as v4's `{status, code, message}`; `status` repeats the HTTP status. */
export function renderV4Failure(failure: Failure, operationId?: string): { status: number; body: V4ErrorBody; headers?: Record<string, string> } {
  const [status, code, message, headers] = wireError(failure, operationId);
  return { status, body: { status, code, message }, ...(headers ? { headers } : {}) };
}

function wireError(failure: Failure, operationId: string | undefined): [number, string, string, Record<string, string>?] {
  switch (failure.kind) {
    case "wire":
      return [failure.status, failure.code, failure.message];
    case "domain": {
      const [status, code] = wireErrorOf[failure.code as DomainCode] ?? [400, "validation_error"];
      return [status, code, failure.message];
    }
    case "invalid":
      return invalidRequest(failure.problems, operationId);
    case "unparsable":
      return [400, "invalid_json", failure.message];
    case "tooLarge":
      return [400, "validation_error", "The request body is too large."];
    case "rateLimited":
      return [429, "too_many_requests", "Too many requests; retry after the time in Retry-After.", { "Retry-After": String(failure.retryAfterSeconds) }];
    case "notFound":
    case "methodNotAllowed":
      return [404, "not_found", "No such endpoint."];
    case "internal":
      return [500, "internal_server_error", "An unexpected error occurred; it has been logged."];
  }
}

/**
 * A missing field is `missing_parameters` (naming the fields), anything else `validation_error`; LicenseSpring's
 * `trial_key` has its own code for a missing `hardware_id`.
 */
function invalidRequest(problems: RequestProblem[], operationId: string | undefined): [number, string, string] {
  const missing = problems.filter((p) => p.keyword === "required").map((p) => p.field || p.location);
  const code = operationId === "getTrialKey" && missing.includes("hardware_id") ? "missing_hardware_id" : "missing_parameters";
  if (missing.length) return [400, code, `Missing parameters: ${missing.join(", ")}.`];
  const details = problems.map((p) => `${p.field || p.location} ${p.message}`).join("; ");
  return [400, "validation_error", `Invalid parameters: ${details}.`.slice(0, 1000)];
}

/** The v4 error boundary; the OAuth token endpoint answers in RFC 6749's format where it has one. */
export const v4Errors = () =>
  errorBoundary((failure, operationId) => (operationId === "createOAuthToken" && renderOAuthFailure(failure)) || renderV4Failure(failure, operationId));
