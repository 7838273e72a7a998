/** Server-wide secrets (e.g. the HS256 key of access tokens), generated on first use and kept in the database. */
import { randomBytes } from "node:crypto";
import type { EntityManager } from "typeorm";
import { ServerSecretEntity } from "../db/index.js";
import type { Core } from "./context.js";
import { perDatabaseCache } from "./per-database-cache.js";

/** Read once per process: a secret never changes once written. */
const secrets = perDatabaseCache<Uint8Array>();

/** The secret named `key` (32 random bytes), created on first use; a creation race keeps the first row. */
export function getServerSecret(core: Core, key: string): Promise<Uint8Array> {
  return secrets(core.db, key, async () => {
    const value = await core.db.transaction((tx) => readOrCreate(tx, key, core.now()));
    return new Uint8Array(Buffer.from(value, "base64"));
  });
}

async function readOrCreate(tx: EntityManager, key: string, now: Date): Promise<string> {
  const existing = await tx.findOneBy(ServerSecretEntity, { key });
  if (existing) return existing.value;
  const value = randomBytes(32).toString("base64");
  // NOTE: another process may insert between our read and write; ON CONFLICT DO NOTHING keeps theirs.
  await tx.createQueryBuilder().insert().into(ServerSecretEntity).values({ key, value, createdAt: now }).orIgnore().execute();
  return (await tx.findOneByOrFail(ServerSecretEntity, { key })).value;
}
