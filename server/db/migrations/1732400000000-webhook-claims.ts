/** Dispatcher claims: a claimed attempt is reserved until `claimedUntil`; after a crash it is picked up again. */
import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";

export class WebhookClaims1732400000000 implements MigrationInterface {
  name = "WebhookClaims1732400000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    // ISO-8601 UTC text, like every date of this schema (see db/columns.ts).
    await queryRunner.addColumn("webhook_attempts", new TableColumn({ name: "claimedUntil", type: "varchar", length: "32", isNullable: true }));
    await queryRunner.createIndex("webhook_attempts", new TableIndex({ name: "IDX_webhook_attempts_claim", columnNames: ["status", "claimedUntil"] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("webhook_attempts", "IDX_webhook_attempts_claim");
    await queryRunner.dropColumn("webhook_attempts", "claimedUntil");
  }
}
