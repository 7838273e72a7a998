/**
 * The License API credentials and SSO configurations become v3 resources: API keys and OAuth clients get a name
 * (to tell them apart in lists) and all three an `updatedAt` (revocation, PATCH), like the other v3 resources.
 */
import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";
import { date, str } from "./table-columns.js";

/** Existing rows get their creation time; the constant default only lets the NOT NULL column be added. */
const updatedAt = () => new TableColumn({ ...date("updatedAt"), default: "'1970-01-01T00:00:00.000Z'" });

const addedColumns: Record<string, () => TableColumn[]> = {
  api_keys: () => [new TableColumn(str("name", 256, true)), updatedAt()],
  oauth_clients: () => [new TableColumn(str("name", 256, true)), updatedAt()],
  sso_configurations: () => [updatedAt()],
};

export class CredentialRecords1732600000300 implements MigrationInterface {
  name = "CredentialRecords1732600000300";

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(addedColumns)) {
      await queryRunner.addColumns(table, columns());
      await queryRunner.query(`UPDATE "${table}" SET "updatedAt" = "createdAt"`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(addedColumns)) await queryRunner.dropColumns(table, columns());
  }
}
