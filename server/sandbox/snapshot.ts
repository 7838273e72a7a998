/**
 * The sandbox's initial state, kept beside it in the same in-memory SQLite connection (an attached `snapshot`
 * database), so `POST /__sandbox/reset` restores every table in one transaction: same ids, keys and signing keys.
 */
import type { Database } from "../db/index.js";
import { tableNames } from "./stable-ids.js";

/** Copies every table into the attached snapshot (replacing an earlier one). */
export async function takeSnapshot(db: Database): Promise<void> {
  // ATTACH cannot run inside a transaction.
  await db.autocommit(async (tx) => {
    const attached = (await tx.query("PRAGMA database_list")) as { name: string }[];
    if (!attached.some((database) => database.name === "snapshot")) await tx.query("ATTACH DATABASE ':memory:' AS snapshot");
  });
  await db.transaction(async (tx) => {
    for (const table of await tableNames(tx)) {
      await tx.query(`DROP TABLE IF EXISTS snapshot."${table}"`);
      await tx.query(`CREATE TABLE snapshot."${table}" AS SELECT * FROM main."${table}"`);
    }
  });
}

/** Puts every table back as the snapshot has it; foreign keys are checked once, at commit. */
export async function restoreSnapshot(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query("PRAGMA defer_foreign_keys = ON");
    const tables = await tableNames(tx);
    for (const table of tables) await tx.query(`DELETE FROM main."${table}"`);
    for (const table of tables) await tx.query(`INSERT INTO main."${table}" SELECT * FROM snapshot."${table}"`);
  });
}
