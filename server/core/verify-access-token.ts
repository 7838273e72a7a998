/** Bearer-token check of the management API: signature, issuer, expiry and revocation, then `lastUsedAt` (to the minute). */
import { errors, jwtVerify } from "jose";
import { PersonalAccessTokenEntity } from "../db/index.js";
import type { Core } from "./context.js";
import { tokenIssuer, tokenSecretKey } from "./create-access-token.js";
import { DomainError } from "./errors.js";
import { getServerSecret } from "./server-secret.js";

export interface AccessTokenIdentity {
  accountId: string;
  tokenId: string;
  scopes: string[];
}

/**
 * `lastUsedAt` is kept to the minute: writing it on every authenticated request made each read of the management API
 * a write transaction (on SQLite, one at a time with every other write).
 */
export const lastUsedResolutionMs = 60_000;

/**
 * Accepts ONLY HS256 tokens of our issuer (no `none`, no RS/HS confusion): TOKEN_INVALID for a bad signature,
 * algorithm, format or unknown id; TOKEN_EXPIRED; TOKEN_REVOKED.
 */
export async function verifyAccessToken(core: Core, jwt: string): Promise<AccessTokenIdentity> {
  const now = core.now();
  const claims = await verifySignature(jwt, await getServerSecret(core, tokenSecretKey), now);
  const row = await core.db.read((tx) => tx.findOneBy(PersonalAccessTokenEntity, { id: claims.sub }));
  if (!row || row.accountId !== claims.aid) throw new DomainError("TOKEN_INVALID");
  if (row.revoked) throw new DomainError("TOKEN_REVOKED");
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) throw new DomainError("TOKEN_EXPIRED");
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= lastUsedResolutionMs) {
    await core.db.transaction((tx) => tx.update(PersonalAccessTokenEntity, { id: row.id }, { lastUsedAt: now }));
  }
  return { accountId: row.accountId, tokenId: row.id, scopes: row.scopes };
}

async function verifySignature(jwt: string, secret: Uint8Array, now: Date): Promise<{ sub: string; aid: string }> {
  try {
    const { payload } = await jwtVerify(jwt, secret, { algorithms: ["HS256"], issuer: tokenIssuer, currentDate: now });
    if (typeof payload.sub !== "string" || typeof payload.aid !== "string") throw new DomainError("TOKEN_INVALID");
    return { sub: payload.sub, aid: payload.aid };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (error instanceof errors.JWTExpired) throw new DomainError("TOKEN_EXPIRED");
    throw new DomainError("TOKEN_INVALID");
  }
}
