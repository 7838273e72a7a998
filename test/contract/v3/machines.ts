/**
 * Machines for v3 contract cases: a fresh identity (fingerprint, user hash) per call, the activation request it
 * sends, and its signed offline requests (an HS256 JWS keyed with the product id, as OfflineRequestPayload says).
 */
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";

export interface Machine {
  productId: string;
  accountId: string;
  fingerprint: string;
  hostname: string;
  userHash: string;
  os: "linux";
}

export function machine(productId: string, accountId: string): Machine {
  const id = randomUUID().replaceAll("-", "");
  return { productId, accountId, fingerprint: id.padEnd(64, "0"), hostname: `contract-${id.slice(0, 8)}`, userHash: id.slice(0, 16), os: "linux" };
}

/** The body of createActivation / updateActivation for `key` on this machine. */
export const activationBody = (device: Machine, key: string, extra: Record<string, unknown> = {}) => ({ ...device, key, ...extra });

/** The body of deactivateActivation: the machine's identity. */
export const deactivationBody = ({ productId, accountId, fingerprint, userHash, os }: Machine) => ({ productId, accountId, fingerprint, userHash, os });

export function offlineRequest(device: Machine, payload: { type: "activation" } | { type: "deactivation"; aid: string }): Promise<string> {
  return new SignJWT({ iat: Math.floor(Date.now() / 1000), ...device, ...payload })
    .setProtectedHeader({ alg: "HS256", typ: "lex-offline-request+jwt" })
    .sign(new TextEncoder().encode(device.productId));
}
