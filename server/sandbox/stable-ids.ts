/**
 * Identifiers the sandbox derives from its seed, so every start (and every team's copy) has the same ids, license keys,
 * API keys and tokens, and SDK teams can hard-code them. Sandbox only: anyone who knows the seed knows the secrets.
 */
import { createHash } from "node:crypto";
import type { Database } from "../db/index.js";

function digest(seed: string, name: string): Buffer {
  return createHash("sha256").update(`${seed}\0${name}`).digest();
}

/** A UUID (version 4 layout) named `name` under `seed`. */
export function stableUuid(seed: string, name: string): string {
  const bytes = digest(seed, name).subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A license key in the server's format (six groups of six upper-case hex characters). */
export function stableLicenseKey(seed: string, name: string): string {
  return digest(seed, name).subarray(0, 18).toString("hex").toUpperCase().match(/.{6}/g)!.join("-");
}

/** 32 bytes named `name` under `seed`, in the encoding the secret is stored in. */
export function stableSecret(seed: string, name: string, encoding: "base64" | "base64url"): string {
  return digest(seed, name).toString(encoding);
}

/**
 * Replaces each random value the core generated (ids, API keys) by its stable one wherever it is stored: primary and
 * foreign keys and JSON such as event payloads. The core services keep making their own identifiers; only the
 * sandbox's in-memory SQLite is rewritten, with foreign keys checked once at the end.
 */
export async function pinValues(db: Database, replacements: Map<string, string>): Promise<void> {
  if (replacements.size === 0) return;
  const pairs = [...replacements];
  await db.transaction(async (tx) => {
    await tx.query("PRAGMA defer_foreign_keys = ON");
    for (const table of await tableNames(tx)) {
      for (const { name } of (await tx.query(`SELECT name FROM pragma_table_info('${table}')`)) as { name: string }[]) {
        const replaced = pairs.reduce((expression) => `replace(${expression}, ?, ?)`, `"${name}"`);
        await tx.query(`UPDATE "${table}" SET "${name}" = ${replaced} WHERE typeof("${name}") = 'text'`, pairs.flat());
      }
    }
  });
}

/** The application's tables (SQLite's own excluded). */
export async function tableNames(tx: { query: (sql: string) => Promise<unknown> }): Promise<string[]> {
  const rows = (await tx.query("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) as { name: string }[];
  return rows.map((row) => row.name);
}
