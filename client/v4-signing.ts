import { createHmac } from "node:crypto";

/** LicenseSpring HMAC: Base64(HMAC-SHA256(key, message)) — the one primitive every v4 signature uses. */
export function hmacBase64(key: string, message: string): string {
  return createHmac("sha256", key).update(message).digest("base64");
}

/** The request signature: HMAC over `licenseSpring\ndate: <Date>` with the account's shared key. */
export function signRequestDate(date: string, sharedKey: string): string {
  return hmacBase64(sharedKey, `licenseSpring\ndate: ${date}`);
}

export interface HmacCredentials {
  apiKey: string;
  sharedKey: string;
}

/** The `Date` and `Authorization` headers of a signed License API call, as the official SDKs send them. */
export function licenseSpringAuthHeaders(credentials: HmacCredentials, now: Date = new Date()) {
  const date = now.toUTCString();
  const signature = signRequestDate(date, credentials.sharedKey);
  return {
    Date: date,
    Authorization: `algorithm="hmac-sha256",headers="date",signature="${signature}",apikey="${credentials.apiKey}"`,
  };
}

/**
 * The inner offline signature, also used by the server's `offline_signature`:
 * HMAC over `licenseSpring\ndate: <date>\n<license_key|username>\n<hardware_id>\n<api_key|client_id>`.
 */
export function signOfflineIdentity(
  fields: { date: string; license_key?: string; username?: string; hardware_id: string },
  signingValue: string,
  signingKey: string,
): string {
  const identity = fields.license_key ?? fields.username ?? "";
  const message = `licenseSpring\ndate: ${fields.date}\n${identity}\n${fields.hardware_id}\n${signingValue}`;
  return hmacBase64(signingKey, message);
}
