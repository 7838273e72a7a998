/**
 * Parsed private keys, kept per PEM. Parsing a PKCS#8 PEM costs about a millisecond of the event loop (OpenSSL's
 * decoders), more than the signature itself when that runs on the thread pool; a signing key is parsed once, not on
 * every signed answer.
 */
import { createPrivateKey, type KeyObject } from "node:crypto";

/** Enough for every account and product key in use; the least recently used is dropped beyond it. */
const capacity = 1000;
const parsed = new Map<string, KeyObject>();

export function privateKeyOf(pem: string): KeyObject {
  const cached = parsed.get(pem);
  if (cached) {
    parsed.delete(pem);
    parsed.set(pem, cached);
    return cached;
  }
  const key = createPrivateKey(pem);
  parsed.set(pem, key);
  if (parsed.size > capacity) parsed.delete(parsed.keys().next().value!);
  return key;
}
