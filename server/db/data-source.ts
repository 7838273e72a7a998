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
import { RateLimitWindows1732700000200 } from "./migrations/1732700000200-rate-limit-windows.js";

export type Engine = "sqlite" | "postgres";

export const migrations = [
  CreateSchema1732300000000, WebhookClaims1732400000000, V4Domain1732500000000, OAuthClients1732500000001, ReleasesBlacklist1732600000100,
  CredentialRecords1732600000300, IdempotencyKeys1732700000100, RateLimitWindows1732700000200,
];

/** Which engine a database URL names; anything else is a configuration error. */
export function engineOf(url: string): Engine {
  if (url.startsWith("sqlite:")) return "sqlite";
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return "postgres";
  throw new Error(`Unsupported database URL (expected sqlite:<path> or postgres://…): ${url.split(":")[0]}:…`);
}

/** PostgreSQL connections per process; N processes need N times this within the server's max_connections. */
export const defaultPoolSize = 20;

export function createDataSource(url: string, poolSize = defaultPoolSize): DataSource {
  const common = { entities, migrations, synchronize: false, migrationsRun: false, logging: false } as const;
  if (engineOf(url) === "postgres") {
    // NOTE: a pool, so parallel requests hold separate connections and really contend for the license lock. Every
    // connection starts READ COMMITTED, whatever the server's default, which the locking design relies on; setting it
    // per connection spares each transaction a SET TRANSACTION round trip.
    const options = "-c default_transaction_isolation=read\\ committed";
    return new DataSource({ ...common, type: "postgres", url, extra: { max: poolSize, options } });
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

/** Runs the pending migrations (called on start; idempotent, and one process at a time). */
export async function migrateDatabase(dataSource: DataSource): Promise<void> {
  await withStartupLock(dataSource, () => dataSource.runMigrations({ transaction: "each" }));
}

/** Any constant works; it only has to be the same in every process of this server. */
const startupLockKey = 7_310_420_151;

/**
 * Start-up work (migrations, demo data) that processes starting together against one PostgreSQL must do one after
 * the other, or two would both find a migration pending and the second would fail creating what the first made.
 * A session-level advisory lock, held on a connection of its own while `work` runs on others.
 */
export async function withStartupLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type !== "postgres") return work();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query("SELECT pg_advisory_lock($1)", [startupLockKey]);
    try {
      return await work();
    } finally {
      await runner.query("SELECT pg_advisory_unlock($1)", [startupLockKey]);
    }
  } finally {
    await runner.release();
  }
}
