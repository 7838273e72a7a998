/** v4 API keys: an API key id and the shared HMAC secret, created by the admin CLI. */
import { randomBytes, randomUUID } from "node:crypto";
import { AccountEntity, ApiKeyEntity } from "../db/index.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";

/** Creates an API key for `accountId`; the shared key is returned here (and stored, the server must recompute MACs). */
export async function createApiKey(core: Core, input: { accountId: string; readOnly?: boolean; productIds?: string[] | null }): Promise<{ apiKey: string; sharedKey: string }> {
  const apiKey = randomUUID();
  const sharedKey = randomBytes(32).toString("base64url");
  await core.db.transaction(async (tx) => {
    if (!(await tx.existsBy(AccountEntity, { id: input.accountId }))) throw new DomainError("ACCOUNT_NOT_FOUND");
    await tx.insert(ApiKeyEntity, {
      id: randomUUID(), accountId: input.accountId, apiKey, sharedKey,
      readOnly: input.readOnly ?? false, revoked: false, productIds: input.productIds ?? null, createdAt: core.now(),
    });
  });
  return { apiKey, sharedKey };
}
