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
import type { OAuthClient, Page, PageRequest } from "./model.js";
import { definedOnly, findPage } from "./paging.js";
import { revokeCredential } from "./revoke-credential.js";
import { getServerSecret } from "./server-secret.js";

/** LicenseSpring's tokens live 8 minutes; clients fetch a new one when told `oauth_token_expired`. */
export const oauthTokenLifetimeSeconds = 480;
const issuer = "licensing-api";
const audience = "license-api-v4";
export const oauthTokenSecretKey = "oauth-token-hs256";

export interface OAuthIdentity {
  accountId: string;
  clientId: string;
  clientSecret: string;
}

export interface OAuthClientFilters extends PageRequest {
  revoked?: boolean;
}

/** Creates a client of `accountId`; its secret is returned only here (stored, as offline files are MACed with it). */
export async function createOAuthClient(core: Core, accountId: string, input: { name?: string | null } = {}): Promise<OAuthClient & { clientSecret: string }> {
  const now = core.now();
  const row: OAuthClientRow = {
    id: randomUUID(), accountId, name: input.name ?? null, clientId: `client-${randomBytes(8).toString("hex")}`,
    clientSecret: randomBytes(32).toString("base64url"), revoked: false, createdAt: now, updatedAt: now,
  };
  await core.db.transaction(async (tx) => {
    if (!(await tx.existsBy(AccountEntity, { id: accountId }))) throw new DomainError("ACCOUNT_NOT_FOUND");
    await tx.insert(OAuthClientEntity, row);
  });
  return { ...toOAuthClient(row), clientSecret: row.clientSecret };
}

/** The account's OAuth clients, revoked ones included (never their secrets). */
export async function listOAuthClients(core: Core, accountId: string, query: OAuthClientFilters = {}): Promise<Page<OAuthClient>> {
  const where = definedOnly({ accountId, revoked: query.revoked });
  const page = await core.db.read((tx) => findPage(tx, OAuthClientEntity, where, query, ["createdAt", "updatedAt", "name"]));
  return { items: page.items.map(toOAuthClient), total: page.total };
}

export async function getOAuthClient(core: Core, accountId: string, id: string): Promise<OAuthClient> {
  const row = await core.db.read((tx) => tx.findOneBy(OAuthClientEntity, { id, accountId }));
  if (!row) throw new DomainError("OAUTH_CLIENT_NOT_FOUND");
  return toOAuthClient(row);
}

/**
 * Revokes a client of `accountId`, named by its record id (v3) or its client id (admin CLI): it gets no more tokens
 * and its issued tokens stop working at once. Idempotent; the client stays listed with `revoked: true`.
 */
export async function revokeOAuthClient(core: Core, accountId: string, client: { id: string } | { clientId: string }): Promise<OAuthClient> {
  return toOAuthClient(await revokeCredential(core, OAuthClientEntity, accountId, client, "OAUTH_CLIENT_NOT_FOUND"));
}

function toOAuthClient(row: OAuthClientRow): OAuthClient {
  const { clientSecret: _clientSecret, ...rest } = row;
  return rest;
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
    .sign(await getServerSecret(core, oauthTokenSecretKey));
}

/** The caller behind a bearer token: `oauth_token_expired` when expired, `oauth_token_malformed` for anything else wrong. */
export async function verifyOAuthToken(core: Core, token: string): Promise<OAuthIdentity> {
  let clientId: string;
  try {
    const { payload } = await jwtVerify(token, await getServerSecret(core, oauthTokenSecretKey), { algorithms: ["HS256"], issuer, audience, currentDate: core.now() });
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
