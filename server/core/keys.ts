/** Generated secrets and identifiers: RSA key pairs, license keys, machine keys. */
import { generateKeyPair, randomBytes } from "node:crypto";
import { promisify } from "node:util";
import type { FingerprintMatchingStrategy } from "./model.js";

const generateKeyPairAsync = promisify(generateKeyPair);

/** An RSA-2048 pair as SPKI / PKCS#8 PEM, made off the event loop (it takes tens of milliseconds). */
export async function generateRsaKeyPair(): Promise<{ publicKeyPem: string; privateKeyPem: string }> {
  const { publicKey, privateKey } = await generateKeyPairAsync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

/** A key of six groups of six upper-case hex characters (`^([A-F0-9]{6}-){5}[A-F0-9]{6}$`). */
export function generateLicenseKey(): string {
  const hex = randomBytes(18).toString("hex").toUpperCase();
  return hex.match(/.{6}/g)!.join("-");
}

/**
 * The fingerprint as compared under a matching strategy: byte-for-byte with `exact`, ignoring ASCII case otherwise
 * (`loose` compares nothing on sync, but a new activation still needs a machine identity).
 */
export function machineKeyOf(fingerprint: string, strategy: FingerprintMatchingStrategy): string {
  return strategy === "exact" ? fingerprint : fingerprint.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** A random secret as `whsec_` + base64 of 32 bytes (usable by both webhook signature schemes). */
export function generateWebhookToken(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
