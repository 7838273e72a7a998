/** Reading and revoking personal access tokens (never their values). */
import { PersonalAccessTokenEntity } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import type { Page, PageRequest, PersonalAccessToken } from "./model.js";
import { definedOnly, findPage } from "./paging.js";
import { revokeCredential } from "./revoke-credential.js";

export interface AccessTokenFilters extends PageRequest {
  revoked?: boolean;
}

export async function listAccessTokens(core: Core, accountId: string, query: AccessTokenFilters = {}): Promise<Page<PersonalAccessToken>> {
  const where = definedOnly({ accountId, revoked: query.revoked });
  return core.db.read((tx) => findPage(tx, PersonalAccessTokenEntity, where, query, ["createdAt", "updatedAt", "name", "lastUsedAt"]));
}

export async function getAccessToken(core: Core, accountId: string, id: string): Promise<PersonalAccessToken> {
  const row = await core.db.read((tx) => tx.findOneBy(PersonalAccessTokenEntity, { id, accountId }));
  if (!row) throw new DomainError("PERSONAL_ACCESS_TOKEN_NOT_FOUND");
  return row;
}

/** Revokes the token (idempotent); it stays listed with `revoked: true`. */
export async function revokeAccessToken(core: Core, accountId: string, id: string): Promise<PersonalAccessToken> {
  return revokeCredential(core, PersonalAccessTokenEntity, accountId, { id }, "PERSONAL_ACCESS_TOKEN_NOT_FOUND");
}
