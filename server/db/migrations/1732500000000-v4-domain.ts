/**
 * The v4 (LicenseSpring) domain on the same records as v3: product codes and settings, license terms, customers and
 * license users, product versions, device variables, the device blacklist and trial keys.
 */
import { Table, TableColumn, TableIndex, TableUnique, type MigrationInterface, type QueryRunner } from "typeorm";
import { bool, date, fk, id, int, json, ref, str } from "./table-columns.js";

const addedColumns: Record<string, TableColumn[]> = {
  products: [
    new TableColumn(str("shortCode", 64, true)),
    new TableColumn({ ...str("authorizationMethod", 16), default: "'license-key'" }),
    new TableColumn(json("licensing", true)),
  ],
  licenses: [new TableColumn(json("terms", true)), new TableColumn(ref("customerId", true)), new TableColumn(ref("bundleLicenseId", true))],
  activations: [new TableColumn(date("borrowedUntil", true)), new TableColumn(json("featureSeats", true)), new TableColumn(json("deviceInfo", true))],
  api_keys: [new TableColumn(json("productIds", true))],
};

const addedIndices: Record<string, TableIndex[]> = {
  products: [new TableIndex({ name: "UQ_products_shortCode", columnNames: ["accountId", "shortCode"], isUnique: true })],
  licenses: [
    new TableIndex({ name: "IDX_licenses_customer", columnNames: ["customerId"] }),
    new TableIndex({ name: "IDX_licenses_bundle", columnNames: ["bundleLicenseId"] }),
  ],
};

export class V4Domain1732500000000 implements MigrationInterface {
  name = "V4Domain1732500000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(addedColumns)) await queryRunner.addColumns(table, columns);
    for (const [table, indices] of Object.entries(addedIndices)) await queryRunner.createIndices(table, indices);
    for (const table of tables()) await queryRunner.createTable(table, true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of tables().reverse()) await queryRunner.dropTable(table.name, true);
    for (const [table, indices] of Object.entries(addedIndices)) for (const index of indices) await queryRunner.dropIndex(table, index);
    for (const [table, columns] of Object.entries(addedColumns)) await queryRunner.dropColumns(table, columns);
  }
}

function tables(): Table[] {
  return [
    new Table({
      name: "customers",
      columns: [
        id(), ref("accountId"), str("email"), str("firstName", 256, true), str("lastName", 256, true), str("companyName", 256, true),
        str("phone", 64, true), str("reference", 256, true), str("address", 512, true), str("city", 256, true), str("postcode", 64, true),
        str("state", 256, true), str("country", 256, true), json("customerAccount", true), json("metadata"), date("createdAt"), date("updatedAt"),
      ],
      uniques: [new TableUnique({ name: "UQ_customers_email", columnNames: ["accountId", "email"] })],
      foreignKeys: [fk("accountId", "accounts")],
    }),
    new Table({
      name: "license_users",
      columns: [
        id(), ref("accountId"), ref("customerId", true), str("email"), str("passwordHash"), str("initialPassword", 256, true),
        bool("isInitialPassword"), str("firstName", 256, true), str("lastName", 256, true), str("phoneNumber", 64, true), bool("isActive"),
        date("createdAt"), date("updatedAt"),
      ],
      uniques: [new TableUnique({ name: "UQ_license_users_email", columnNames: ["accountId", "email"] })],
      foreignKeys: [fk("accountId", "accounts"), fk("customerId", "customers")],
    }),
    new Table({
      name: "license_user_assignments",
      columns: [
        id(), ref("accountId"), ref("licenseId"), ref("licenseUserId"), ref("productId"), int("maxActivations"),
        bool("allowUnlimitedActivations"), date("createdAt"),
      ],
      uniques: [new TableUnique({ name: "UQ_license_user_assignments", columnNames: ["licenseId", "licenseUserId"] })],
      indices: [new TableIndex({ name: "IDX_license_user_assignments_user", columnNames: ["licenseUserId", "productId"] })],
      foreignKeys: [fk("accountId", "accounts"), fk("licenseId", "licenses", "CASCADE"), fk("licenseUserId", "license_users", "CASCADE")],
    }),
    new Table({
      name: "sso_configurations",
      columns: [
        id(), ref("accountId"), str("customerAccountCode"), str("issuer", 1024), str("authorizationEndpoint", 2048),
        str("tokenEndpoint", 2048, true), str("jwksUri", 2048), str("clientId"), date("createdAt"),
      ],
      uniques: [new TableUnique({ name: "UQ_sso_configurations_code", columnNames: ["accountId", "customerAccountCode"] })],
      foreignKeys: [fk("accountId", "accounts")],
    }),
    new Table({
      name: "product_versions",
      columns: [
        id(), ref("accountId"), ref("productId"), str("version", 64), str("environment", 32), str("channel", 64), str("fullLink", 2048),
        str("filename", 1024), date("releaseDate", true), str("hashMd5", 64, true), str("eulaLink", 2048, true),
        str("releaseNotesLink", 2048, true), { name: "size", type: "bigint", isNullable: true }, str("requiresVersion", 64, true),
        bool("enabled"), date("createdAt"), date("updatedAt"),
      ],
      uniques: [new TableUnique({ name: "UQ_product_versions", columnNames: ["productId", "version", "environment", "channel"] })],
      foreignKeys: [fk("accountId", "accounts"), fk("productId", "products", "CASCADE")],
    }),
    new Table({
      name: "device_variables",
      columns: [id(), ref("accountId"), ref("activationId"), str("variable"), str("value", 4096), date("createdAt"), date("updatedAt")],
      uniques: [new TableUnique({ name: "UQ_device_variables", columnNames: ["activationId", "variable"] })],
      foreignKeys: [fk("accountId", "accounts"), fk("activationId", "activations", "CASCADE")],
    }),
    new Table({
      name: "blacklisted_devices",
      columns: [id(), ref("accountId"), ref("productId", true), str("hardwareId", 1024), date("createdAt")],
      indices: [new TableIndex({ name: "IDX_blacklisted_devices", columnNames: ["accountId", "hardwareId"] })],
      foreignKeys: [fk("accountId", "accounts"), fk("productId", "products", "CASCADE")],
    }),
    new Table({
      name: "trial_keys",
      columns: [id(), ref("accountId"), ref("productId"), str("hardwareId", 1024), str("email", 256, true), ref("licenseId"), date("createdAt")],
      // NOTE: backs "one trial per device and product" under parallel requests.
      uniques: [new TableUnique({ name: "UQ_trial_keys_device", columnNames: ["productId", "hardwareId"] })],
      foreignKeys: [fk("accountId", "accounts"), fk("productId", "products", "CASCADE"), fk("licenseId", "licenses", "CASCADE")],
    }),
  ];
}
