/** Column helpers of the migrations (TypeORM's driver-agnostic Table API), shared so every table is typed alike. */
import { TableForeignKey, type TableColumnOptions } from "typeorm";

export const id = (name = "id"): TableColumnOptions => ({ name, type: "varchar", length: "36", isPrimary: true });
export const ref = (name: string, isNullable = false): TableColumnOptions => ({ name, type: "varchar", length: "36", isNullable });
export const str = (name: string, length = 256, isNullable = false): TableColumnOptions => ({ name, type: "varchar", length: String(length), isNullable });
export const text = (name: string, isNullable = false): TableColumnOptions => ({ name, type: "text", isNullable });
export const int = (name: string, isNullable = false): TableColumnOptions => ({ name, type: "integer", isNullable });
export const bigint = (name: string): TableColumnOptions => ({ name, type: "bigint" });
export const bool = (name: string): TableColumnOptions => ({ name, type: "boolean" });
/** ISO-8601 UTC text (see db/columns.ts): exact round-trip and text ordering on both engines. */
export const date = (name: string, isNullable = false): TableColumnOptions => ({ name, type: "varchar", length: "32", isNullable });
export const json = (name: string, isNullable = false): TableColumnOptions => text(name, isNullable);
export const fk = (columnName: string, table: string, onDelete: "CASCADE" | "RESTRICT" = "RESTRICT") =>
  new TableForeignKey({ columnNames: [columnName], referencedTableName: table, referencedColumnNames: ["id"], onDelete });
