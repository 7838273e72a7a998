/**
 * License-user passwords: scrypt from node:crypto (memory-hard, in the standard library, so no dependency is
 * needed), run asynchronously on the thread pool so a login never blocks the event loop.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

const keyLength = 32;

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize("NFKC"), salt, keyLength, (error, key) => (error ? reject(error) : resolve(key))));
}

/** `scrypt$<salt base64>$<hash base64>`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString("base64")}$${(await derive(password, salt)).toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A readable random first password for a new license user (shown to the vendor once it is issued). */
export function generatePassword(): string {
  return randomBytes(12).toString("base64url");
}
