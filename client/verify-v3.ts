import { importSPKI, jwtVerify, type JWTPayload } from "jose";

/** The claims of a v3 `activationToken` / `offlineResponse` (Cryptlex's names; times in Unix seconds). */
export interface ActivationTokenClaims extends JWTPayload {
  aid: string;
  pid: string;
  lid: string;
  key: string;
  fp: string;
  os: string;
  eat: number;
  iat: number;
  suspended: boolean;
  type: string;
  leat?: number;
  ssi?: number;
  ssgpeat?: number;
  aco?: number;
  orv?: number;
  offline?: boolean;
  [claim: string]: unknown;
}

export interface ExpectedActivation {
  productId?: string;
  licenseKey?: string;
  fingerprint?: string;
}

/**
 * Verifies an RS256 activation token with the product's public key (PEM, SPKI) and returns its claims.
 * Only RS256 is accepted, so `alg: none` and HS256 confusion fail. Expiry is the `eat` claim, which the
 * caller interprets (an expired license still activates), so no standard `exp` is required.
 */
export async function verifyActivationToken(
  token: string,
  productPublicKeyPem: string,
  expected: ExpectedActivation = {},
): Promise<ActivationTokenClaims> {
  const key = await importSPKI(productPublicKeyPem, "RS256");
  const { payload } = await jwtVerify(token, key, { algorithms: ["RS256"] });
  const claims = payload as ActivationTokenClaims;
  assertClaim("pid", claims.pid, expected.productId);
  assertClaim("key", claims.key, expected.licenseKey);
  assertClaim("fp", claims.fp, expected.fingerprint);
  return claims;
}

/** Verifies an `offlineResponse` and refuses it once its `orv` (valid-until, Unix seconds) has passed. */
export async function verifyOfflineResponse(
  offlineResponse: string,
  productPublicKeyPem: string,
  expected: ExpectedActivation = {},
  now: Date = new Date(),
): Promise<ActivationTokenClaims> {
  const claims = await verifyActivationToken(offlineResponse, productPublicKeyPem, expected);
  if (typeof claims.orv !== "number") throw new Error("offline response has no orv claim");
  if (claims.orv * 1000 < now.getTime()) throw new Error("offline response validity has passed");
  return claims;
}

function assertClaim(name: string, actual: unknown, expected: string | undefined) {
  if (expected !== undefined && actual !== expected) {
    throw new Error(`activation token claim ${name} is ${String(actual)}, expected ${expected}`);
  }
}
