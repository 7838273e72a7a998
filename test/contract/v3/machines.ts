/**
 * The licensed machine of the v3 public client operations, the offline requests it generates (an HS256 compact JWS
 * keyed with the product id, as `OfflineRequestPayload` documents) and what the answers' tokens say.
 */
import { SignJWT, decodeJwt } from "jose";
import type { Fixtures } from "../fixtures.js";
import { fingerprint } from "./common.js";

export interface Machine {
  key: string;
  productId: string;
  accountId: string;
  fingerprint: string;
  hostname: string;
  os: "linux";
  userHash: string;
}

/** A new machine (its own fingerprint) for the license's key, as an `ActivationRequest`. */
export function machineFor(license: { key: string; productId: string }, accountId: string): Machine {
  return { key: license.key, productId: license.productId, accountId, fingerprint: fingerprint(), hostname: "contract-host", os: "linux", userHash: "contract-user" };
}

/** The `DeactivateActivationRequest` of a machine: its identity without the key. */
export function deactivationOf({ productId, accountId, fingerprint, userHash, os }: Machine) {
  return { productId, accountId, fingerprint, userHash, os };
}

/** Activates the machine (a fixture, not a case) and returns the activation id. */
export async function activate(fixtures: Fixtures, machine: Machine): Promise<string> {
  return activationIdOf((await fixtures.v3("POST", "/v3/activations", machine, 201)).activationToken);
}

/** The offline request a machine generates, signed as the spec says (or with another `hmacKey`, to be refused). */
export function offlineRequest(payload: Record<string, unknown> & { productId: string }, hmacKey = payload.productId): Promise<string> {
  return new SignJWT({ iat: Math.floor(Date.now() / 1000), ...payload })
    .setProtectedHeader({ alg: "HS256", typ: "lex-offline-request+jwt" })
    .sign(new TextEncoder().encode(hmacKey));
}

/** The activation (or trial activation) id an `activationToken` or `offlineResponse` carries. */
export function activationIdOf(token: string): string {
  return decodeJwt(token).aid as string;
}
