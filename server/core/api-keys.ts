/** v4 credentials: the shared key behind an API key, revoking a key, and the account's response-signing key. */
import { AccountEntity, ApiKeyEntity } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";

export interface ApiKeyCredentials {
  accountId: string;
  sharedKey: string;
  readOnly: boolean;
  revoked: boolean;
  /** Products the key may act on; null = all of the account's. */
  productIds: string[] | null;
}

/** The credentials of an API key, or null when no account has it (the caller decides how to refuse). */
export async function findApiKey(core: Core, apiKey: string): Promise<ApiKeyCredentials | null> {
  const row = await core.db.read((tx) => tx.findOneBy(ApiKeyEntity, { apiKey }));
  return row && { accountId: row.accountId, sharedKey: row.sharedKey, readOnly: row.readOnly, revoked: row.revoked, productIds: row.productIds ?? null };
}

/** Revokes an API key of `accountId`; calls signed with it are refused from now on. */
export async function revokeApiKey(core: Core, accountId: string, apiKey: string): Promise<void> {
  const result = await core.db.transaction((tx) => tx.update(ApiKeyEntity, { accountId, apiKey }, { revoked: true }));
  if (!result.affected) throw new DomainError("API_KEY_NOT_FOUND");
}

/** The account's RSA private key (PKCS#8 PEM), which signs v4 responses; it never leaves the server. */
export async function getAccountSigningKey(core: Core, accountId: string): Promise<string> {
  const account = await core.db.read((tx) => tx.findOneBy(AccountEntity, { id: accountId }));
  if (!account) throw new DomainError("ACCOUNT_NOT_FOUND");
  return account.privateKeyPem;
}
