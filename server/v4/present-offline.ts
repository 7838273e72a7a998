/**
 * Offline answers: an activated license object becomes a license file by adding `date`, `offline_signature` and, for
 * a single license, `license_signature_v2`; a bundle's licenses are signed together with `bundle_signature_v2`.
 * @see openapi/v4.yaml components/schemas/OfflineActivatedLicense, OfflineBundleActivation
 */
import { signOfflineIdentity } from "../../client/v4-signing.js";
import type { components } from "../../generated/v4.js";
import type { OfflineSigner } from "./read-offline-request.js";
import { signRsaSha256 } from "./sign-response.js";

type Schemas = components["schemas"];

/**
 * `date` (server time, RFC 7231) and `offline_signature`: the request's inner-signature HMAC redone with this date
 * and the caller's credentials, so the client can tell the file was made for its own company. The identity is the
 * key or else the username, as the SDKs pick it (`license_key || username`).
 */
export function offlineFields(license: Schemas["ActivatedLicense"], signer: OfflineSigner, now: Date): Schemas["OfflineFields"] {
  const date = now.toUTCString();
  const identity = license.license_key ? { license_key: license.license_key } : { username: license.username ?? "" };
  const offline_signature = signOfflineIdentity({ date, hardware_id: license.hardware_id, ...identity }, signer.value, signer.secret);
  return { date, offline_signature };
}

/** The `activate_offline` answer: v2 covers the object as sent, without `license_signature` and `license_signature_v2`. */
export async function presentOfflineLicense(
  license: Schemas["ActivatedLicense"], signer: OfflineSigner, now: Date, privateKeyPem: string,
): Promise<Schemas["OfflineActivatedLicense"]> {
  const file = { ...license, ...offlineFields(license, signer, now) };
  const { license_signature: _v1, ...signed } = file;
  return { ...file, license_signature_v2: await signRsaSha256(privateKeyPem, JSON.stringify(signed)) };
}

/** The `activate_bundle_offline` answer: each license as a file, and v2 over the compact `licenses` array. */
export async function presentOfflineBundle(
  licenses: Schemas["ActivatedLicense"][], signer: OfflineSigner, now: Date, privateKeyPem: string,
): Promise<Schemas["OfflineBundleActivation"]> {
  const files = licenses.map((license) => ({ ...license, ...offlineFields(license, signer, now) }));
  return { licenses: files, bundle_signature_v2: await signRsaSha256(privateKeyPem, JSON.stringify(files)) };
}
