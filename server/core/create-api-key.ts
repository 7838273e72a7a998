/** v4 API keys: an API key id and the shared HMAC secret, created through v3 (`createApiKey`) or the admin CLI. */
import { randomBytes, randomUUID } from "node:crypto";
import { In, type EntityManager } from "typeorm";
import { AccountEntity, ApiKeyEntity, ProductEntity, type ApiKeyRow } from "../db/index.js";
import { toApiKey } from "./api-keys.js";
import type { Core } from "./context.js";
import { DomainError } from "./errors.js";
import type { ApiKey } from "./model.js";

export interface ApiKeyInput {
  accountId: string;
  name?: string | null;
  readOnly?: boolean;
  /** Products of the account the key may act on; omitted, null = all of them. */
  productIds?: string[] | null;
}

/**
 * Creates an API key for `accountId`. The shared key is returned only here (it is stored, because the server must
 * recompute MACs, but no read returns it). INVALID_PRODUCT_ID when a product is not the account's.
 */
export async function createApiKey(core: Core, input: ApiKeyInput): Promise<ApiKey & { sharedKey: string }> {
  const now = core.now();
  const productIds = input.productIds ? [...new Set(input.productIds)] : null;
  const row: ApiKeyRow = {
    id: randomUUID(), accountId: input.accountId, name: input.name ?? null, apiKey: randomUUID(), sharedKey: randomBytes(32).toString("base64url"),
    readOnly: input.readOnly ?? false, revoked: false, productIds, createdAt: now, updatedAt: now,
  };
  await core.db.transaction(async (tx) => {
    if (!(await tx.existsBy(AccountEntity, { id: input.accountId }))) throw new DomainError("ACCOUNT_NOT_FOUND");
    if (productIds) await assertOwnProducts(tx, input.accountId, productIds);
    await tx.insert(ApiKeyEntity, row);
  });
  return { ...toApiKey(row), sharedKey: row.sharedKey };
}

async function assertOwnProducts(tx: EntityManager, accountId: string, productIds: string[]): Promise<void> {
  const own = new Set((await tx.find(ProductEntity, { select: { id: true }, where: { accountId, id: In(productIds) } })).map((p) => p.id));
  const foreign = productIds.filter((id) => !own.has(id));
  if (foreign.length) throw new DomainError("INVALID_PRODUCT_ID", { productIds: foreign }, `No product of the account has the id ${foreign.join(", ")}.`);
}
