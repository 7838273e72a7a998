/** The initial schema, written with TypeORM's driver-agnostic Table API so it runs on SQLite and PostgreSQL alike. */
import { Table, TableIndex, TableUnique, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";
import { bigint, bool, date, fk, id, int, json, ref, str, text } from "./table-columns.js";

const machineColumns = (): TableColumnOptions[] => [
  str("fingerprint", 1024),
  str("machineKey", 1024),
  str("userHash"),
  str("os", 16),
  str("osVersion", 256, true),
  str("hostname", 1024),
  str("vmName", 256, true),
  bool("container"),
  str("appVersion", 256, true),
  str("releaseVersion", 256, true),
  str("releaseChannel", 256, true),
  str("releasePlatform", 256, true),
  date("releasePublishedAt", true),
  bool("offline"),
  str("ipAddress", 64, true),
  json("metadata"),
];

export class CreateSchema1732300000000 implements MigrationInterface {
  name = "CreateSchema1732300000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables()) await queryRunner.createTable(table, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables().reverse()) await queryRunner.dropTable(table.name, true);
  }
}

function tables(): Table[] {
  return [
    new Table({
      name: "accounts",
      columns: [id(), str("name"), text("publicKeyPem"), text("privateKeyPem"), date("createdAt")],
    }),
    new Table({
      name: "api_keys",
      columns: [id(), ref("accountId"), ref("apiKey"), str("sharedKey"), bool("readOnly"), bool("revoked"), date("createdAt")],
      uniques: [new TableUnique({ name: "UQ_api_keys_apiKey", columnNames: ["apiKey"] })],
      foreignKeys: [fk("accountId", "accounts")],
    }),
    new Table({
      name: "personal_access_tokens",
      columns: [
        id(), ref("accountId"), str("name"), json("scopes"), date("expiresAt", true), bool("revoked"),
        date("lastUsedAt", true), date("createdAt"), date("updatedAt"),
      ],
      indices: [new TableIndex({ name: "IDX_pat_account", columnNames: ["accountId", "createdAt"] })],
      foreignKeys: [fk("accountId", "accounts")],
    }),
    new Table({
      name: "server_secrets",
      columns: [{ name: "key", type: "varchar", length: "64", isPrimary: true }, text("value"), date("createdAt")],
    }),
    new Table({
      name: "products",
      columns: [
        id(), ref("accountId"), str("name"), str("displayName"), text("description", true), text("publicKeyPem"),
        text("privateKeyPem"), json("trialPolicy", true), json("metadata"), date("createdAt"), date("updatedAt"),
      ],
      indices: [new TableIndex({ name: "IDX_products_account", columnNames: ["accountId", "createdAt"] })],
      foreignKeys: [fk("accountId", "accounts")],
    }),
    new Table({
      name: "licenses",
      columns: [
        id(), ref("accountId"), ref("productId"), str("key"), bool("revoked"), bool("suspended"), str("type", 32),
        int("allowedActivations"), int("allowedDeactivations"), int("totalDeactivations"), int("validity"),
        str("expirationStrategy", 16), date("expiresAt", true), date("effectiveDate", true), date("activatedAt", true),
        str("fingerprintMatchingStrategy", 16), bool("allowVmActivation"), bool("allowContainerActivation"),
        bool("userLocked"), int("allowedFloatingClients"), str("leasingStrategy", 16), bigint("leaseDuration"),
        int("serverSyncInterval"), int("serverSyncGracePeriod"), int("allowedClockOffset"), text("notes", true),
        json("metadata"), json("meterAttributes"), date("createdAt"), date("updatedAt"),
      ],
      uniques: [new TableUnique({ name: "UQ_licenses_product_key", columnNames: ["productId", "key"] })],
      indices: [new TableIndex({ name: "IDX_licenses_account", columnNames: ["accountId", "createdAt"] })],
      foreignKeys: [fk("accountId", "accounts"), fk("productId", "products")],
    }),
    new Table({
      name: "activations",
      columns: [
        id(), ref("accountId"), ref("licenseId"), ref("productId"), str("userKey"), str("userId", 256, true),
        ...machineColumns(), json("meterAttributes"), date("expiresAt", true), date("lastSyncedAt", true),
        bigint("leaseDuration"), date("leaseExpiresAt", true), date("createdAt"), date("updatedAt"),
      ],
      // NOTE: backs "one activation per device": a race on the same machine ends with one row, not two.
      uniques: [new TableUnique({ name: "UQ_activations_machine", columnNames: ["licenseId", "machineKey", "userKey"] })],
      indices: [new TableIndex({ name: "IDX_activations_account", columnNames: ["accountId", "createdAt"] })],
      foreignKeys: [fk("accountId", "accounts"), fk("licenseId", "licenses"), fk("productId", "products")],
    }),
    new Table({
      name: "trial_activations",
      columns: [id(), ref("accountId"), ref("productId"), ...machineColumns(), date("expiresAt"), date("createdAt"), date("updatedAt")],
      uniques: [new TableUnique({ name: "UQ_trial_activations_machine", columnNames: ["productId", "machineKey"] })],
      indices: [new TableIndex({ name: "IDX_trial_activations_account", columnNames: ["accountId", "createdAt"] })],
      foreignKeys: [fk("accountId", "accounts"), fk("productId", "products")],
    }),
    new Table({
      name: "webhooks",
      columns: [
        id(), ref("accountId"), str("name"), str("url", 2048), str("token"), str("previousToken", 256, true),
        date("previousTokenExpiresAt", true), json("events"), bool("active"), str("status", 16),
        str("signatureScheme", 32), text("description", true), date("createdAt"), date("updatedAt"),
      ],
      foreignKeys: [fk("accountId", "accounts")],
    }),
    new Table({
      name: "events",
      columns: [id(), ref("accountId"), str("type", 64), json("payload"), date("createdAt")],
      indices: [new TableIndex({ name: "IDX_events_account", columnNames: ["accountId", "createdAt"] })],
      foreignKeys: [fk("accountId", "accounts")],
    }),
    new Table({
      name: "webhook_attempts",
      columns: [
        id(), ref("accountId"), ref("eventId"), ref("webhookId"), str("eventType", 64), int("attempt"), str("url", 2048),
        str("status", 16), int("statusCode", true), int("latencyMs", true), str("error", 1024, true),
        date("nextAttemptAt", true), bool("delivered"), bool("manual"), text("requestBody"), text("responseBody", true),
        date("createdAt"), date("updatedAt"),
      ],
      indices: [
        new TableIndex({ name: "IDX_webhook_attempts_due", columnNames: ["status", "nextAttemptAt"] }),
        new TableIndex({ name: "IDX_webhook_attempts_account", columnNames: ["accountId", "createdAt"] }),
        new TableIndex({ name: "IDX_webhook_attempts_event", columnNames: ["eventId", "webhookId"] }),
      ],
      foreignKeys: [fk("accountId", "accounts"), fk("eventId", "events"), fk("webhookId", "webhooks", "CASCADE")],
    }),
  ];
}
