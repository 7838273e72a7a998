import { randomUUID } from "node:crypto";
import { hmacBase64, signOfflineIdentity, type HmacCredentials } from "./v4-signing.js";

/** What the device says about itself in an offline request (schema v1 field names). */
export interface OfflineDevice {
  product: string;
  hardware_id: string;
  license_key?: string;
  username?: string;
  password?: string;
  license_id?: number;
  bundle_code?: string;
  is_vm?: boolean;
  vm_info?: string;
  os_ver?: string;
  hostname?: string;
  os_hostname?: string;
  ip?: string;
  ip_local?: string;
  mac_address?: string;
  app_ver?: string;
  app_name?: string;
  sdk_ver?: string;
  variables?: Record<string, string>;
  consumptions?: number;
  product_features?: Array<{ feature: string; local_consumption?: number }>;
}

export interface OfflineRequestOptions {
  request: "activation" | "deactivation";
  schemaVersion: 1 | 2;
  /** Free-form date string; the SDKs differ (RFC 7231 in Python, `ddd MMM D YYYY HH:mm:ss GMT+0000` in node). */
  date?: string;
  requestId?: string;
}

/**
 * Builds the base64 body of `activate_offline` / `deactivate_offline`.
 * v1: the flat payload with the inner `signature`.
 * v2: `{"request": {…, "schema_version": 2}, "signature": HMAC(JSON.stringify(request))}`; the inner
 * signature is kept too, as the Python and C++ SDKs do, so servers that still check it accept the file.
 */
export function buildOfflineRequest(
  device: OfflineDevice,
  credentials: HmacCredentials,
  options: OfflineRequestOptions,
): string {
  const date = options.date ?? new Date().toUTCString();
  const payload: Record<string, unknown> = {
    ...device,
    api_key: credentials.apiKey,
    date,
    request: options.request,
    request_id: options.requestId ?? randomUUID(),
  };
  payload.signature = signOfflineIdentity({ ...device, date }, credentials.apiKey, credentials.sharedKey);
  if (options.schemaVersion === 1) return toBase64Json(payload);
  payload.schema_version = 2;
  return toBase64Json({ request: payload, signature: hmacBase64(credentials.sharedKey, JSON.stringify(payload)) });
}

/** Reads an offline request or response file back into its (unwrapped) object. */
export function decodeOfflinePayload(base64: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(Buffer.from(base64.trim(), "base64").toString("utf8"));
  if (typeof parsed !== "object" || parsed === null) throw new TypeError("offline payload is not a JSON object");
  const wrapped = parsed as { request?: unknown };
  return typeof wrapped.request === "object" && wrapped.request !== null
    ? (wrapped.request as Record<string, unknown>)
    : (parsed as Record<string, unknown>);
}

function toBase64Json(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64");
}
