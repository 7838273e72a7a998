export { createV3Client, type V3Client, type V3ClientOptions } from "./v3.js";
export { createV4Client, signRequests, type V4Client, type V4ClientOptions } from "./v4.js";
export { licenseSpringAuthHeaders, signRequestDate, signOfflineIdentity, type HmacCredentials } from "./v4-signing.js";
export { buildOfflineRequest, decodeOfflinePayload, type OfflineDevice, type OfflineRequestOptions } from "./v4-offline.js";
export {
  verifyLicenseSignatureV1,
  verifyResponseSignature,
  verifyOfflineLicense,
  licenseSignatureString,
} from "./verify-v4.js";
export { verifyActivationToken, verifyOfflineResponse, type ActivationTokenClaims } from "./verify-v3.js";
export { validateResponses, ContractViolation } from "./validate-responses.js";
export { checkResponse, type ObservedResponse } from "./check-response.js";
export { SpecValidator } from "./spec-validator.js";
export { listOperations, type OpenApiDocument, type OperationRef } from "./spec-document.js";
export { cryptlexSignature, standardSignature, deliveryHeaders, type WebhookSignatureScheme, type DeliveryToSign } from "./webhook-signing.js";
export {
  verifyWebhook,
  WebhookVerificationError,
  type VerifyWebhookOptions,
  type WebhookEvent,
  type WebhookEventName,
  type WebhookRejection,
} from "./verify-webhook.js";
/** The specs' types (`V3.components["schemas"]["License"]`, `V4.paths`, …), as openapi-typescript generates them. */
export type * as V3 from "../generated/v3.js";
export type * as V4 from "../generated/v4.js";
