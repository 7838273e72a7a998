/** Domain errors: a closed set of facts (the v3 spec's codes) that each API version maps to its own wire error. */

/** Default human messages, Cryptlex-like. The keys are the closed union `DomainCode`. */
const messages = {
  INVALID_PRODUCT_ID: "The product id is invalid.",
  INVALID_LICENSE_KEY: "The license key is invalid.",
  INVALID_LICENSE_ID: "The license id is invalid.",
  REVOKED_LICENSE: "The license has been revoked.",
  ACTIVATION_LIMIT_REACHED: "The license has reached its allowed activations limit.",
  VM_ACTIVATION_NOT_ALLOWED: "Activation in a virtual machine is not allowed.",
  CONTAINER_ACTIVATION_NOT_ALLOWED: "Activation in a container is not allowed.",
  INVALID_LICENSE_TYPE: "The license type does not allow this operation.",
  LICENSE_NOT_EFFECTIVE: "The license is not effective yet.",
  INVALID_RELEASE_VERSION: "The release version must be of the form x.x, x.x.x or x.x.x.x.",
  INVALID_ACTIVATION_FINGERPRINT: "The machine does not match the activation.",
  METER_ATTRIBUTE_NOT_FOUND: "The meter attribute does not exist on the license.",
  METER_ATTRIBUTE_USES_LIMIT_REACHED: "The meter attribute has reached its allowed uses limit.",
  INVALID_METER_ATTRIBUTE_INCREMENT: "The increment would make the meter attribute uses negative.",
  INVALID_OFFLINE_REQUEST: "The offline request is invalid.",
  OFFLINE_REQUEST_PRODUCT_MISMATCH: "The offline request was made for another product.",
  TRIAL_NOT_ALLOWED: "The product does not allow trials.",
  INVALID_WEBHOOK_URL: "The webhook URL is not allowed.",
  INVALID_EXPIRES_AT: "The expiry date must lie in the future.",
  TOKEN_INVALID: "The access token is invalid.",
  TOKEN_EXPIRED: "The access token has expired.",
  TOKEN_REVOKED: "The access token has been revoked.",
  FORBIDDEN: "The access token does not allow this operation.",
  ACTIVATION_NOT_FOUND: "The activation does not exist.",
  TRIAL_ACTIVATION_NOT_FOUND: "The trial activation does not exist.",
  PRODUCT_NOT_FOUND: "The product does not exist.",
  LICENSE_NOT_FOUND: "The license does not exist.",
  WEBHOOK_NOT_FOUND: "The webhook does not exist.",
  WEBHOOK_EVENT_LOG_NOT_FOUND: "The webhook event log does not exist.",
  PERSONAL_ACCESS_TOKEN_NOT_FOUND: "The personal access token does not exist.",
  DEACTIVATION_LIMIT_REACHED: "The license has reached its allowed deactivations limit.",
  ACTIVATION_ALREADY_EXISTS: "The machine already has an online activation on this license.",
  TRIAL_ACTIVATION_LIMIT_REACHED: "The trial of this product has already been used on this machine.",
  LICENSE_KEY_ALREADY_EXISTS: "A license with this key already exists for the product.",
  PRODUCT_IN_USE: "The product still has licenses or trial activations.",
  WEBHOOK_INACTIVE: "The webhook is switched off.",
  ACCOUNT_NOT_FOUND: "The account does not exist.",
  API_KEY_NOT_FOUND: "The API key does not exist.",
  TOKEN_MISSING: "An access token is required.",
  PRODUCT_NOT_ALLOWED: "The API key may not act on this product.",
  INVALID_AUTHORIZATION_METHOD: "The product does not identify licenses this way.",
  LICENSE_KEY_REQUIRED: "A license key is required for this product.",
  LICENSE_SUSPENDED: "The license is not active.",
  LICENSE_EXPIRED: "The license has expired.",
  TRIAL_EXPIRED: "The trial has expired.",
  LICENSE_USER_ACTIVATION_LIMIT_REACHED: "The license user has reached its allowed activations.",
  DEVICE_BLACKLISTED: "The device is blacklisted.",
  FLOATING_NOT_AVAILABLE: "No floating seat is free.",
  OFFLINE_FLOATING_NOT_SUPPORTED: "Floating cloud licenses cannot be activated offline.",
  INVALID_BORROW_UNTIL: "The borrow end must lie in the future and within the allowed borrow time.",
  FEATURE_NOT_FOUND: "The license has no feature with this code.",
  FEATURE_NOT_FLOATING: "The feature is not floating.",
  FEATURE_NOT_IN_USE: "The device does not hold this floating feature.",
  NOT_ENOUGH_CONSUMPTIONS: "The consumption would exceed what the license allows.",
  ACTIVE_LICENSE_REQUIRED: "An active license is required.",
  VERSION_NOT_FOUND: "The product has no such version.",
  EMAIL_MISSING: "An email is required for this product.",
  CHANGE_PASSWORD_NOT_ALLOWED: "The password cannot be changed.",
  INVALID_CREDENTIALS: "The username or password is wrong.",
  CUSTOMER_ACCOUNT_NOT_FOUND: "The customer account does not exist or has no SSO configured.",
  CUSTOMER_NOT_FOUND: "The customer does not exist.",
  SHORT_CODE_ALREADY_EXISTS: "Another product already has this short code.",
  LICENSE_USER_ALREADY_EXISTS: "A license user with this email already exists.",
  LICENSE_USER_NOT_FOUND: "The license user does not exist.",
  RELEASE_NOT_FOUND: "The release does not exist.",
  RELEASE_ALREADY_EXISTS: "The product already has a release of this version for this platform and channel.",
  BLACKLIST_ENTRY_NOT_FOUND: "The blacklist entry does not exist.",
  INVALID_CUSTOMER_ID: "The customer does not exist.",
  INVALID_BUNDLE_LICENSE_ID: "The bundle license does not exist.",
  DUPLICATE_FEATURE_CODE: "Two features of the license have the same code.",
  INVALID_LICENSE_API: "The License API settings are inconsistent.",
  CUSTOMER_ALREADY_EXISTS: "A customer with this email already exists.",
  CUSTOMER_IN_USE: "The customer still has licenses or license users.",
  LICENSE_USER_ALREADY_ASSIGNED: "The license user is already assigned to this license.",
  LICENSE_USER_NOT_ASSIGNED: "The license user is not assigned to this license.",
  LICENSE_USER_LIMIT_REACHED: "The license has reached its allowed license users.",
  DEVICE_ALREADY_BLACKLISTED: "The device is already blacklisted for this product (or for every product).",
  OAUTH_CLIENT_NOT_FOUND: "The OAuth client does not exist.",
  SSO_CONFIGURATION_NOT_FOUND: "The SSO configuration does not exist.",
  SSO_CONFIGURATION_ALREADY_EXISTS: "The customer account already has an SSO configuration.",
  INVALID_SSO_URL: "The SSO provider URL is not allowed.",
} as const;

export type DomainCode = keyof typeof messages;

/** Every domain code, e.g. for exhaustive mapping tests in the API layers. */
export const domainCodes = Object.keys(messages) as DomainCode[];

export class DomainError extends Error {
  override name = "DomainError";
  readonly code: DomainCode;
  readonly details?: Record<string, unknown>;

  /**
   * `new DomainError(code, details?, message?)`; a string in either position is the human message (overriding the
   * default), an object the machine-readable details.
   */
  constructor(code: DomainCode, first?: Record<string, unknown> | string, second?: string | Record<string, unknown>) {
    const message = [first, second].find((part): part is string => typeof part === "string");
    const details = [first, second].find((part): part is Record<string, unknown> => typeof part === "object" && part !== null);
    super(message ?? messages[code]);
    this.code = code;
    if (details) this.details = details;
  }
}

export function isDomainError(error: unknown, code?: DomainCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
