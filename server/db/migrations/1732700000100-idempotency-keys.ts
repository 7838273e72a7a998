/**
 * Idempotency keys of v3 POST requests. The unique index on (scope, key) decides which of several requests with one
 * key runs, across every process sharing the database; the expiry index keeps the purge of old keys cheap.
 */
import { Table, TableIndex, TableUnique, type MigrationInterface, type QueryRunner } from "typeorm";
import { date, id, int, json, ref, str, text } from "./table-columns.js";

const idempotencyKeys = () =>
  new Table({
    name: "idempotency_keys",
    columns: [
      id(), str("scope", 64), str("key", 255), str("requestHash", 64), str("state", 16), ref("claim"), date("lockedUntil"),
      int("responseStatus", true), json("responseHeaders", true), text("responseBody", true), date("createdAt"), date("expiresAt"),
    ],
    uniques: [new TableUnique({ name: "UQ_idempotency_keys_scope_key", columnNames: ["scope", "key"] })],
    indices: [new TableIndex({ name: "IDX_idempotency_keys_expiresAt", columnNames: ["expiresAt"] })],
  });

export class IdempotencyKeys1732700000100 implements MigrationInterface {
  name = "IdempotencyKeys1732700000100";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(idempotencyKeys(), true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("idempotency_keys", true);
  }
}
