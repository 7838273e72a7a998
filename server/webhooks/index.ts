export { Dispatcher, type DispatcherOptions } from "./dispatcher.js";
export { assertAllowedSsoUrls, assertAllowedUrl, refusalOf, isNonPublicAddress, type UrlPolicy, type Resolve } from "./url-policy.js";
export { retryDelayMs, parseRetryAfter } from "./retry.js";
