import { createVerify, timingSafeEqual } from "node:crypto";
import { decodeOfflinePayload } from "./v4-offline.js";
import { signOfflineIdentity, type HmacCredentials } from "./v4-signing.js";

/** RSA-SHA256 (PKCS#1 v1.5) verification of a Base64 signature, the scheme of every v4 response signature. */
export function verifyRsaSha256(publicKeyPem: string, message: string | Buffer, signatureBase64: string): boolean {
  if (!signatureBase64) return false;
  return createVerify("RSA-SHA256").update(message).verify(publicKeyPem, signatureBase64, "base64");
}

/** Normalises `validity_period` the way the SDKs do before signing: ISO-8601 UTC with milliseconds, or empty. */
export function normaliseValidity(validity: string | null | undefined): string {
  return validity ? new Date(validity).toISOString() : "";
}

/** The v1 string: lowercase `hardware_id#license_key-or-username#validity_period`. */
export function licenseSignatureString(hardwareId: string, id: string, validity: string | null | undefined): string {
  return `${hardwareId}#${id}#${normaliseValidity(validity)}`.toLowerCase();
}

/** Checks the `license_signature` field (v1) of an activation, check or offline license. */
export function verifyLicenseSignatureV1(
  publicKeyPem: string,
  license: { license_signature?: string; validity_period?: string | null },
  request: { hardware_id: string; license_key?: string; username?: string },
): boolean {
  const id = request.username ? request.username.split("|")[0]! : (request.license_key ?? "");
  const message = licenseSignatureString(request.hardware_id, id, license.validity_period);
  return verifyRsaSha256(publicKeyPem, message, license.license_signature ?? "");
}

/** Checks the `LicenseSignature` header (v2) over the exact bytes of the response body. */
export function verifyResponseSignature(publicKeyPem: string, body: string | Buffer, signatureHeader: string | null): boolean {
  return verifyRsaSha256(publicKeyPem, body, signatureHeader ?? "");
}

export interface OfflineLicenseCheck {
  valid: boolean;
  problems: string[];
  license: Record<string, unknown>;
}

/**
 * Checks an offline activation file (`ls_activation.lic`, the base64 body of `activate_offline`'s answer):
 * v1 over its own hardware_id and key, v2 over the body without both signatures, and — when the
 * credentials are given — `offline_signature`, which proves the file was made for this company.
 */
export function verifyOfflineLicense(
  publicKeyPem: string,
  fileBase64: string,
  credentials?: HmacCredentials,
): OfflineLicenseCheck {
  const license = decodeOfflinePayload(fileBase64);
  const problems: string[] = [];
  const fields = license as { hardware_id?: string; license_key?: string; username?: string; date?: string };
  if (!fields.hardware_id) problems.push("hardware_id missing");
  if (!verifyLicenseSignatureV1(publicKeyPem, license, { hardware_id: fields.hardware_id ?? "", ...identity(fields) })) {
    problems.push("license_signature (v1) does not verify");
  }
  const { license_signature: _v1, license_signature_v2: v2, ...signedPart } = license;
  if (!verifyRsaSha256(publicKeyPem, JSON.stringify(signedPart), typeof v2 === "string" ? v2 : "")) {
    problems.push("license_signature_v2 does not verify");
  }
  if (credentials && !offlineSignatureMatches(license, credentials)) problems.push("offline_signature does not verify");
  return { valid: problems.length === 0, problems, license };
}

function identity(fields: { license_key?: string; username?: string }) {
  return fields.username ? { username: fields.username } : { license_key: fields.license_key ?? "" };
}

function offlineSignatureMatches(license: Record<string, unknown>, credentials: HmacCredentials): boolean {
  const fields = license as { date?: string; hardware_id?: string; license_key?: string; username?: string };
  const expected = signOfflineIdentity(
    { date: fields.date ?? "", hardware_id: fields.hardware_id ?? "", ...identity(fields) },
    credentials.apiKey,
    credentials.sharedKey,
  );
  const actual = typeof license.offline_signature === "string" ? license.offline_signature : "";
  return actual.length === expected.length && timingSafeEqual(Buffer.from(actual), Buffer.from(expected));
}
