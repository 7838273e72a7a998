/**
 * OAuth clients of the License API and their short-lived access tokens (client-credentials grant): HS256 JWTs
 * with the server secret, verified with a fixed algorithm, issuer, audience and expiry (RFC 8725).
 */
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";
import { AccountEntity, OAuthClientEntity, type OAuthClientRow } from "../db/index.js";
import { unixSeconds } from "./clock.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import { getServerSecret } from "./server-secret.js";

/** LicenseSpring's tokens live 8 minutes; clients fetch a new one when told `oauth_token_expired`. */
export const oauthTokenLifetimeSeconds = 480;
const issuer = "licensing-api";
const audience = "license-api-v4";
const secretKey = "oauth-token-hs256";

export interface OAuthIdentity {
  accountId: string;
  clientId: string;
  clientSecret: string;
}

export async function createOAuthClient(core: Core, accountId: string): Promise<{ clientId: string; clientSecret: string }> {
  const row: OAuthClientRow = {
    id: randomUUID(), accountId, clientId: `client-${randomBytes(8).toString("hex")}`, clientSecret: randomBytes(32).toString("base64url"),
    revoked: false, createdAt: core.now(),
  };
  await core.db.transaction(async (tx) => {
    if (!(await tx.existsBy(AccountEntity, { id: accountId }))) throw new DomainError("ACCOUNT_NOT_FOUND");
    await tx.insert(OAuthClientEntity, row);
  });
  return { clientId: row.clientId, clientSecret: row.clientSecret };
}

export async function revokeOAuthClient(core: Core, accountId: string, clientId: string): Promise<void> {
  const result = await core.db.transaction((tx) => tx.update(OAuthClientEntity, { accountId, clientId }, { revoked: true }));
  if (!result.affected) throw new DomainError("API_KEY_NOT_FOUND", "The OAuth client does not exist.");
}

/** A token for the client, or null when the id is unknown, the secret wrong or the client revoked (one answer for all). */
export async function issueOAuthToken(core: Core, clientId: string, clientSecret: string): Promise<string | null> {
  const client = await activeClient(core, clientId);
  if (!client || !sameText(client.clientSecret, clientSecret)) return null;
  const now = unixSeconds(core.now());
  return new SignJWT({ aid: client.accountId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(client.clientId)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + oauthTokenLifetimeSeconds)
    .sign(await getServerSecret(core, secretKey));
}

/** The caller behind a bearer token: `oauth_token_expired` when expired, `oauth_token_malformed` for anything else wrong. */
export async function verifyOAuthToken(core: Core, token: string): Promise<OAuthIdentity> {
  let clientId: string;
  try {
    const { payload } = await jwtVerify(token, await getServerSecret(core, secretKey), { algorithms: ["HS256"], issuer, audience, currentDate: core.now() });
    clientId = String(payload.sub);
  } catch (error) {
    throw new DomainError(error instanceof errors.JWTExpired ? "TOKEN_EXPIRED" : "TOKEN_INVALID");
  }
  // A revoked client's tokens stop working at once, not when they expire.
  const client = await activeClient(core, clientId);
  if (!client) throw new DomainError("TOKEN_REVOKED");
  return { accountId: client.accountId, clientId: client.clientId, clientSecret: client.clientSecret };
}

async function activeClient(core: Core, clientId: string): Promise<OAuthClientRow | null> {
  const client = await core.db.read((tx) => tx.findOneBy(OAuthClientEntity, { clientId }));
  return client && !client.revoked ? client : null;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
