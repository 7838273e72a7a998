/**
 * The ceiling target (b) compares `check_license` with: raw RSA-SHA256 signatures per second with a key of the
 * account's size, on all cores. The asynchronous `crypto.sign` runs on libuv's thread pool (four threads by default),
 * so enough signatures in flight keep every core busy, as the server's own signing does.
 */
import { createPublicKey, generateKeyPairSync, sign } from "node:crypto";
import { availableParallelism } from "node:os";

/** The modulus length of an RSA public key in PEM. */
export function rsaKeyBits(publicKeyPem: string): number {
  const bits = createPublicKey(publicKeyPem).asymmetricKeyDetails?.modulusLength;
  if (!bits) throw new Error("not an RSA key");
  return bits;
}

export interface SigningFigures {
  perSecond: number;
  /** CPU time per signature (all threads), which a busy shared machine disturbs less than the rate. */
  cpuMsPerSignature: number;
}

/** Signatures per second over `durationMs`, signing a body-sized message with a fresh key of `bits`. */
export async function measureRsaSigning(bits: number, durationMs: number): Promise<SigningFigures> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  const message = Buffer.alloc(600, "x");
  const deadline = performance.now() + durationMs;
  let signed = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      await new Promise<void>((resolve, reject) => sign("sha256", message, privateKey, (error) => (error ? reject(error) : resolve())));
      signed += 1;
    }
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: 2 * Math.max(4, availableParallelism()) }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  return { perSecond: signed / ((performance.now() - started) / 1000), cpuMsPerSignature: (cpu.user + cpu.system) / 1000 / signed };
}
