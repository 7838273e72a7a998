/** Revocation of the credentials an account issues (access tokens, API keys, OAuth clients): one rule for all. */
import type { EntitySchema, FindOptionsWhere } from "typeorm";
import type { Core } from "./context.js";
import { DomainError, type DomainCode } from "./errors.js";

type Credential = { id: string; accountId: string; revoked: boolean; updatedAt: Date };

/**
 * Revokes the credential of `accountId` that `where` names, or throws `notFound`. Idempotent: a revoked one is
 * returned as it is. The row stays (listed with `revoked: true`) so callers presenting it still find it.
 */
export async function revokeCredential<Row extends Credential>(
  core: Core, entity: EntitySchema<Row>, accountId: string, where: FindOptionsWhere<Row>, notFound: DomainCode,
): Promise<Row> {
  return core.db.transaction(async (tx) => {
    const row = await tx.findOneBy(entity, { ...where, accountId });
    if (!row) throw new DomainError(notFound);
    if (row.revoked) return row;
    const change = { revoked: true, updatedAt: core.now() };
    await tx.update(entity, { id: row.id } as FindOptionsWhere<Row>, change as never);
    return { ...row, ...change };
  });
}
