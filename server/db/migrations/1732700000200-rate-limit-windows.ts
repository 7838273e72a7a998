/** Rate-limit counters in the database, so every process sharing a PostgreSQL counts against the same windows. */
import { Table, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { bigint, int, str } from "./table-columns.js";

export class RateLimitWindows1732700000200 implements MigrationInterface {
  name = "RateLimitWindows1732700000200";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "rate_limit_windows",
        columns: [{ ...str("bucket", 255), isPrimary: true }, { ...bigint("windowStart"), isPrimary: true }, bigint("windowEnd"), int("hits")],
      }),
    );
    await queryRunner.createIndex("rate_limit_windows", new TableIndex({ name: "IDX_rate_limit_windows_end", columnNames: ["windowEnd"] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("rate_limit_windows");
  }
}
