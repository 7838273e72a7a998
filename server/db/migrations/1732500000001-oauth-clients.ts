/** OAuth clients of the License API (client-credentials grant). */
import { Table, TableUnique, type MigrationInterface, type QueryRunner } from "typeorm";
import { bool, date, fk, id, ref, str } from "./table-columns.js";

const oauthClients = () =>
  new Table({
    name: "oauth_clients",
    columns: [id(), ref("accountId"), str("clientId"), str("clientSecret"), bool("revoked"), date("createdAt")],
    uniques: [new TableUnique({ name: "UQ_oauth_clients_clientId", columnNames: ["clientId"] })],
    foreignKeys: [fk("accountId", "accounts")],
  });

export class OAuthClients1732500000001 implements MigrationInterface {
  name = "OAuthClients1732500000001";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(oauthClients(), true);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("oauth_clients", true);
  }
}
