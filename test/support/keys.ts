import { createSign, generateKeyPairSync } from "node:crypto";

/** A throwaway RSA key pair for signing test artefacts (2048 bits keeps the suite quick). */
export function makeRsaKeyPair() {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}

export function signRsaSha256(privateKeyPem: string, message: string): string {
  return createSign("RSA-SHA256").update(message).sign(privateKeyPem, "base64");
}
