/** Personal access tokens: HS256 JWTs signed with the server secret, one database row each (revocable). */
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { AccountEntity, PersonalAccessTokenEntity, type PersonalAccessTokenRow } from "../db/index.js";
import { unixSeconds } from "./clock.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import type { PersonalAccessToken } from "./model.js";
import { getServerSecret } from "./server-secret.js";

export const tokenIssuer = "licensing-api";
export const tokenSecretKey = "access-token-hs256";

export interface CreateAccessTokenInput {
  accountId: string;
  name: string;
  scopes: readonly string[];
  /** Must lie in the future (INVALID_EXPIRES_AT); omitted or null = never expires. */
  expiresAt?: Date | string | null;
}

/** Creates a token; the JWT is returned only here. @see openapi/v3.yaml createPersonalAccessToken */
export async function createAccessToken(core: Core, input: CreateAccessTokenInput): Promise<{ token: string; record: PersonalAccessToken }> {
  const now = core.now();
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= now.getTime()) throw new DomainError("INVALID_EXPIRES_AT");
  const record: PersonalAccessTokenRow = {
    id: randomUUID(), accountId: input.accountId, name: input.name, scopes: [...new Set(input.scopes)],
    expiresAt, revoked: false, lastUsedAt: null, createdAt: now, updatedAt: now,
  };
  await core.db.transaction(async (tx) => {
    if (!(await tx.existsBy(AccountEntity, { id: input.accountId }))) throw new DomainError("ACCOUNT_NOT_FOUND");
    await tx.insert(PersonalAccessTokenEntity, record);
  });
  return { token: await signAccessToken(core, record), record };
}

/** The JWT of a stored token (issued at its creation), signed with the server secret. */
export async function signAccessToken(core: Core, record: PersonalAccessTokenRow): Promise<string> {
  const jwt = new SignJWT({ aid: record.accountId, scopes: record.scopes })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(tokenIssuer)
    .setSubject(record.id)
    .setIssuedAt(unixSeconds(record.createdAt));
  if (record.expiresAt) jwt.setExpirationTime(unixSeconds(record.expiresAt));
  return jwt.sign(await getServerSecret(core, tokenSecretKey));
}
