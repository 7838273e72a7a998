/**
 * v3 management of releases and the device blacklist: a release's Cryptlex `name` and `notes`, and one blacklist entry
 * per hardware ID and scope (a product, or every product of the account) so a repeated blacklisting is a conflict.
 */
import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from "typeorm";
import { str, text } from "./table-columns.js";

const releaseColumns = () => [new TableColumn(str("name", 256, true)), new TableColumn(text("notes", true))];

const oldBlacklistIndex = () => new TableIndex({ name: "IDX_blacklisted_devices", columnNames: ["accountId", "hardwareId"] });

// NOTE: NULLs never collide in a unique index (both engines), so account-wide entries get their own partial index.
const blacklistIndices = () => [
  new TableIndex({ name: "UQ_blacklisted_devices_product", columnNames: ["accountId", "hardwareId", "productId"], isUnique: true }),
  new TableIndex({ name: "UQ_blacklisted_devices_account", columnNames: ["accountId", "hardwareId"], isUnique: true, where: `"productId" IS NULL` }),
];

/** Entries that repeat an older one (same account, hardware ID and scope): refusing a device twice changes nothing. */
const deleteRepeatedEntries = `
  DELETE FROM blacklisted_devices WHERE id IN (
    SELECT later.id FROM blacklisted_devices later JOIN blacklisted_devices earlier
      ON earlier."accountId" = later."accountId" AND earlier."hardwareId" = later."hardwareId"
      AND (earlier."productId" = later."productId" OR (earlier."productId" IS NULL AND later."productId" IS NULL))
      AND (earlier."createdAt" < later."createdAt" OR (earlier."createdAt" = later."createdAt" AND earlier.id < later.id))
  )`;

export class ReleasesBlacklist1732600000100 implements MigrationInterface {
  name = "ReleasesBlacklist1732600000100";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns("product_versions", releaseColumns());
    await queryRunner.query(deleteRepeatedEntries);
    await queryRunner.dropIndex("blacklisted_devices", oldBlacklistIndex().name!);
    // The first unique index also serves the (accountId, hardwareId) lookups the old index served.
    await queryRunner.createIndices("blacklisted_devices", blacklistIndices());
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of blacklistIndices()) await queryRunner.dropIndex("blacklisted_devices", index.name!);
    await queryRunner.createIndex("blacklisted_devices", oldBlacklistIndex());
    await queryRunner.dropColumns("product_versions", releaseColumns());
  }
}
