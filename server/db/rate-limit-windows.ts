/** The rate-limit counter that every process sharing the database agrees on. */
import type { HitCounter } from "../http/rate-limit.js";
import type { Database } from "./database.js";

/** Ended windows are deleted at most this often per process. */
const cleanupIntervalMs = 60_000;

/**
 * One atomic upsert per hit: the unique key (bucket, windowStart) makes parallel hits, from any process, each see
 * a different count, so no burst gets past the limit.
 */
export function databaseHitCounter(db: Database): HitCounter {
  const p = (n: number) => (db.engine === "postgres" ? `$${n}` : "?");
  const upsert =
    `INSERT INTO "rate_limit_windows" ("bucket", "windowStart", "windowEnd", "hits") VALUES (${p(1)}, ${p(2)}, ${p(3)}, 1) ` +
    `ON CONFLICT ("bucket", "windowStart") DO UPDATE SET "hits" = "rate_limit_windows"."hits" + 1 RETURNING "hits"`;
  let cleanedAt = 0;
  return {
    hit: async (bucket, windowStartMs, windowEndMs) => {
      if (windowStartMs - cleanedAt >= cleanupIntervalMs) {
        cleanedAt = windowStartMs;
        void deleteEndedWindows(db, windowStartMs, p(1));
      }
      const rows: Array<{ hits: number | string }> = await db.autocommit((tx) => tx.query(upsert, [bucket, windowStartMs, windowEndMs]));
      return Number(rows[0]!.hits);
    },
  };
}

/** Best effort: a failed cleanup only leaves dead rows for the next one, so it must not fail a request. */
async function deleteEndedWindows(db: Database, nowMs: number, placeholder: string) {
  await db.autocommit((tx) => tx.query(`DELETE FROM "rate_limit_windows" WHERE "windowEnd" <= ${placeholder}`, [nowMs])).catch(() => undefined);
}
