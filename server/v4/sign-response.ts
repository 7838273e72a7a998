import { sign } from "node:crypto";
import { licenseSignatureString } from "../../client/verify-v4.js";
import { privateKeyOf } from "../core/private-keys.js";

/**
 * RSA-SHA256 (PKCS#1 v1.5), Base64. Async: the signing runs on libuv's thread pool, not the event loop; the key is
 * parsed once (see private-keys.ts), since parsing happens on the event loop.
 */
export function signRsaSha256(privateKeyPem: string, message: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    sign("sha256", typeof message === "string" ? Buffer.from(message) : message, privateKeyOf(privateKeyPem), (error, signature) =>
      error ? reject(error) : resolve(signature.toString("base64")),
    );
  });
}

/** `license_signature` (v1): over lowercase `hardware_id#license_key-or-username#validity_period`. */
export function signLicense(privateKeyPem: string, license: { hardwareId: string; id: string; validityPeriod: string | null }): Promise<string> {
  return signRsaSha256(privateKeyPem, licenseSignatureString(license.hardwareId, license.id, license.validityPeriod));
}

/**
 * The bytes of a v4 JSON body and their `LicenseSignature`. The body is compact `JSON.stringify` output, which
 * is exactly what JavaScript clients re-serialise before verifying, and the raw bytes Python clients verify.
 */
export async function signBody(privateKeyPem: string, body: unknown): Promise<{ bytes: Buffer; signature: string }> {
  const bytes = Buffer.from(JSON.stringify(body), "utf8");
  return { bytes, signature: await signRsaSha256(privateKeyPem, bytes) };
}
