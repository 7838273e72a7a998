/** The TypeORM DataSource for `sqlite:<path>` / `sqlite::memory:` (better-sqlite3, WAL) or `postgres://…`. */
import { DataSource } from "typeorm";
import { entities } from "./entities/index.js";
import { CreateSchema1732300000000 } from "./migrations/1732300000000-create-schema.js";
import { WebhookClaims1732400000000 } from "./migrations/1732400000000-webhook-claims.js";
import { V4Domain1732500000000 } from "./migrations/1732500000000-v4-domain.js";
import { OAuthClients1732500000001 } from "./migrations/1732500000001-oauth-clients.js";
import { ReleasesBlacklist1732600000100 } from "./migrations/1732600000100-releases-blacklist.js";
import { CredentialRecords1732600000300 } from "./migrations/1732600000300-credential-records.js";
import { IdempotencyKeys1732700000100 } from "./migrations/1732700000100-idempotency-keys.js";

export type Engine = "sqlite" | "postgres";

export const migrations = [
  CreateSchema1732300000000, WebhookClaims1732400000000, V4Domain1732500000000, OAuthClients1732500000001, ReleasesBlacklist1732600000100,
  CredentialRecords1732600000300, IdempotencyKeys1732700000100,
];

/** Which engine a database URL names; anything else is a configuration error. */
export function engineOf(url: string): Engine {
  if (url.startsWith("sqlite:")) return "sqlite";
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgres";
  throw new Error(`Unsupported database URL (expected sqlite:<path> or postgres://…): ${url.split(":")[0]}:…`);
}

export function createDataSource(url: string): DataSource {
  const common = { entities, migrations, synchronize: false, migrationsRun: false, logging: false } as const;
  if (engineOf(url) === "postgres") {
    // NOTE: a pool, so parallel requests hold separate connections and really contend for the license lock.
    return new DataSource({ ...common, type: "postgres", url, extra: { max: 20 } });
  }
  const path = url.slice("sqlite:".length);
  return new DataSource({
    ...common,
    type: "better-sqlite3",
    database: path === ":memory:" ? ":memory:" : path,
    enableWAL: path !== ":memory:",
    timeout: 10_000,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma("busy_timeout = 10000");
      db.pragma("foreign_keys = ON");
    },
  });
}

/** Runs the pending migrations (called on start; idempotent). */
export async function migrateDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.runMigrations({ transaction: "each" });
}
