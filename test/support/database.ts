/**
 * Real databases for tests: every suite runs on SQLite (a temp file in WAL mode) and on PostgreSQL (a fresh
 * `lic_<random>` database per file, dropped afterwards). Without a reachable PostgreSQL the PG variant is skipped
 * with a message, except in CI (`CI=true`), where it fails.
 */
import { afterAll, beforeAll, describe } from "vitest";
import type { Core } from "../../server/core/context.js";
import { closeDatabase, openDatabase, type Database, type Engine } from "../../server/db/index.js";
import { createPostgresDatabase, createSqliteDatabase, postgresAdminUrl, withAdmin, type TestDatabase } from "./scratch-databases.js";

export { createPostgresDatabase, createSqliteDatabase, postgresAdminUrl, type TestDatabase } from "./scratch-databases.js";

/** Whether PostgreSQL answers at `adminUrl`; in CI an unreachable server is an error, not a skip. */
async function postgresReachable(adminUrl = postgresAdminUrl): Promise<boolean> {
  try {
    await withAdmin(adminUrl, (client) => client.query("SELECT 1"));
    return true;
  } catch (error) {
    if (process.env.CI === "true") throw new Error(`PostgreSQL is required in CI but unreachable at ${adminUrl}: ${String(error)}`);
    console.warn(`[test] PostgreSQL unreachable at ${adminUrl}; skipping the PostgreSQL variant (set CI=true to fail instead).`);
    return false;
  }
}

// Probed once per test file, at collection time, so skipped suites are reported as skipped.
const pgAvailable = await postgresReachable();

/** The engines this run covers. */
export function testEngines(): Engine[] {
  return pgAvailable ? ["sqlite", "postgres"] : ["sqlite"];
}

export interface DatabaseHandle {
  core: Core;
  db: Database;
  url: string;
  engine: Engine;
}

/**
 * `describe(name)` once per engine, each with its own fresh migrated database, open for the whole block.
 * `getCore()` (valid inside tests and hooks) gives a Core with the real clock; tests that need time travel
 * spread it with their own `now`. `getDatabase()` also gives the URL (e.g. for a second server process).
 */
export function describeEachDatabase(
  name: string,
  define: (getCore: () => Core, getDatabase: () => DatabaseHandle) => void,
): void {
  for (const engine of ["sqlite", "postgres"] as const) {
    const available = engine === "sqlite" || pgAvailable;
    describe.skipIf(!available)(`${name} [${engine}]`, () => {
      let handle: DatabaseHandle | undefined;
      let testDatabase: TestDatabase | undefined;
      beforeAll(async () => {
        testDatabase = engine === "sqlite" ? createSqliteDatabase() : await createPostgresDatabase();
        const db = await openDatabase(testDatabase.url);
        handle = { core: { db, now: () => new Date() }, db, url: testDatabase.url, engine };
      });
      afterAll(async () => {
        if (handle) await closeDatabase(handle.db);
        await testDatabase?.drop();
      });
      const get = () => {
        if (!handle) throw new Error("the test database is only available inside tests and hooks");
        return handle;
      };
      define(() => get().core, get);
    });
  }
}
