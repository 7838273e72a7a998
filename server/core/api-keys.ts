/** v4 credentials: reading and revoking API keys (never their shared keys), and the account's response-signing key. */
import { AccountEntity, ApiKeyEntity, type ApiKeyRow } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import type { ApiKey, Page, PageRequest } from "./model.js";
import { definedOnly, findPage } from "./paging.js";
import { perDatabaseCache } from "./per-database-cache.js";
import { revokeCredential } from "./revoke-credential.js";

export interface ApiKeyCredentials {
  accountId: string;
  sharedKey: string;
  readOnly: boolean;
  revoked: boolean;
  /** Products the key may act on; null = all of the account's. */
  productIds: string[] | null;
}

export interface ApiKeyFilters extends PageRequest {
  revoked?: boolean;
}

/** The record without its shared key. */
export function toApiKey(row: ApiKeyRow): ApiKey {
  const { sharedKey: _sharedKey, ...rest } = row;
  return { ...rest, productIds: row.productIds ?? null };
}

/** The credentials of an API key, or null when no account has it (the caller decides how to refuse). */
export async function findApiKey(core: Core, apiKey: string): Promise<ApiKeyCredentials | null> {
  const row = await core.db.read((tx) => tx.findOneBy(ApiKeyEntity, { apiKey }));
  return row && { accountId: row.accountId, sharedKey: row.sharedKey, readOnly: row.readOnly, revoked: row.revoked, productIds: row.productIds ?? null };
}

/** The account's API keys, revoked ones included. */
export async function listApiKeys(core: Core, accountId: string, query: ApiKeyFilters = {}): Promise<Page<ApiKey>> {
  const where = definedOnly({ accountId, revoked: query.revoked });
  const page = await core.db.read((tx) => findPage(tx, ApiKeyEntity, where, query, ["createdAt", "updatedAt", "name"]));
  return { items: page.items.map(toApiKey), total: page.total };
}

export async function getApiKey(core: Core, accountId: string, id: string): Promise<ApiKey> {
  const row = await core.db.read((tx) => tx.findOneBy(ApiKeyEntity, { id, accountId }));
  if (!row) throw new DomainError("API_KEY_NOT_FOUND");
  return toApiKey(row);
}

/**
 * Revokes an API key of `accountId`, named by its record id (v3) or by the key itself (admin CLI); calls signed with
 * it get `revoked_api_key` from now on. Idempotent; the key stays listed with `revoked: true`.
 */
export async function revokeApiKey(core: Core, accountId: string, key: { id: string } | { apiKey: string }): Promise<ApiKey> {
  return toApiKey(await revokeCredential(core, ApiKeyEntity, accountId, key, "API_KEY_NOT_FOUND"));
}

/**
 * Read once per process: a key pair is made with its account and never changes, and every signed v4 answer needs it
 * (twice: the license signature and the body's).
 */
const signingKeys = perDatabaseCache<string>();

/** The account's RSA private key (PKCS#8 PEM), which signs v4 responses; it never leaves the server. */
export function getAccountSigningKey(core: Core, accountId: string): Promise<string> {
  return signingKeys(core.db, accountId, async () => {
    const account = await core.db.read((tx) => tx.findOneBy(AccountEntity, { id: accountId }));
    if (!account) throw new DomainError("ACCOUNT_NOT_FOUND");
    return account.privateKeyPem;
  });
}
