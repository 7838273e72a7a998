/** What the figures were measured on, printed with them: CPU, cores, memory, Node and PostgreSQL versions. */
import { cpus, totalmem } from "node:os";
import { postgresAdminUrl, withAdmin } from "../test/support/scratch-databases.js";

export async function describeMachine(): Promise<string> {
  const postgres = await withAdmin(postgresAdminUrl, (client) => client.query<{ server_version: string }>("SHOW server_version"));
  return [
    `CPU: ${cpus()[0]?.model ?? "unknown"}, ${cpus().length} cores`,
    `memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `Node ${process.version}, PostgreSQL ${postgres.rows[0]?.server_version ?? "unknown"}`,
  ].join("; ");
}
