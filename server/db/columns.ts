/** Column helpers shared by the entity schemas: portable types and the value transformers that make them round-trip. */
import type { EntitySchemaColumnOptions, ValueTransformer } from "typeorm";

/**
 * Dates are stored as ISO-8601 UTC strings (`2024-06-15T10:00:00.000Z`, fixed width), identical on SQLite and
 * PostgreSQL: they round-trip a `Date` to the millisecond and sort correctly as text.
 */
export const isoDate: ValueTransformer = {
  to: (value: Date | null | undefined) => (value instanceof Date ? value.toISOString() : value ?? null),
  from: (value: string | null) => (value === null || value === undefined ? null : new Date(value)),
};

/** PostgreSQL returns int8 as a string; every int64 of this schema fits a JS number (< 2^53). */
const bigintNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};

export const col = {
  id: (): EntitySchemaColumnOptions => ({ type: "varchar", length: 36, primary: true }),
  ref: (nullable = false): EntitySchemaColumnOptions => ({ type: "varchar", length: 36, nullable }),
  text: (length = 256, nullable = false): EntitySchemaColumnOptions => ({ type: "varchar", length, nullable }),
  longText: (nullable = false): EntitySchemaColumnOptions => ({ type: "text", nullable }),
  int: (): EntitySchemaColumnOptions => ({ type: "integer" }),
  bigint: (nullable = false): EntitySchemaColumnOptions => ({ type: "bigint", nullable, transformer: bigintNumber }),
  bool: (): EntitySchemaColumnOptions => ({ type: "boolean" }),
  date: (nullable = false): EntitySchemaColumnOptions => ({ type: "varchar", length: 32, nullable, transformer: isoDate }),
  json: (nullable = false): EntitySchemaColumnOptions => ({ type: "simple-json", nullable }),
};

/**
 * A v4 metadata object as stored in a `simple-json` column. Typed as JSON text values one level deep because
 * TypeORM's deep-partial types cannot expand a recursive JSON type; nested values are kept as parsed JSON.
 */
export type JsonObject = { [key: string]: string | number | boolean | null | object };
