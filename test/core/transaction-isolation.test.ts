/**
 * The locking design (DESIGN.md invariant 4) assumes READ COMMITTED transactions on PostgreSQL. The pool sets it on
 * every connection instead of per transaction, so it must hold even where the database defaults to another level.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDatabase, openDatabase, type Database } from "../../server/db/index.js";
import { createPostgresDatabase, testEngines, type TestDatabase } from "../support/database.js";

describe.skipIf(!testEngines().includes("postgres"))("PostgreSQL transaction isolation", () => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createPostgresDatabase();
    await query(database.url, `ALTER DATABASE "${new URL(database.url).pathname.slice(1)}" SET default_transaction_isolation = 'serializable'`);
    db = await openDatabase(database.url);
  });
  afterAll(async () => {
    if (db) await closeDatabase(db);
    await database?.drop();
  });

  it("is READ COMMITTED in the server's transactions although the database defaults to SERIALIZABLE", async () => {
    expect(await query(database.url, "SHOW transaction_isolation")).toBe("serializable");
    const level = await db.transaction(async (tx) => (await tx.query("SHOW transaction_isolation"))[0].transaction_isolation);
    expect(level).toBe("read committed");
  });
});

async function query(url: string, sql: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0]?.transaction_isolation;
  } finally {
    await client.end();
  }
}
