/** The processes under load: the licensing server on one database, the bare Koa floor and Prism. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMock, type SpecVersion } from "../mocks/prism.js";
import type { Engine } from "../server/db/index.js";
import { freePort } from "../test/support/ports.js";
import { licensingServer, startServerProcess } from "../test/support/process.js";
import { createPostgresDatabase, createSqliteDatabase } from "../test/support/scratch-databases.js";
import { unthrottled } from "./settings.js";

export interface Target {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface LicensingServer extends Target {
  /** Where the seeded demo credentials were written. */
  demoFile: string;
}

/**
 * `npm start`'s entry on a fresh database of `engine`, seeded with the demo data, unthrottled unless `env` says
 * otherwise. Stopping it also drops the database. `nodeArgs` go to the server's Node (e.g. `--cpu-prof`).
 */
export async function startLicensingServer(engine: Engine, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<LicensingServer> {
  const database = engine === "sqlite" ? createSqliteDatabase() : await createPostgresDatabase();
  const dir = mkdtempSync(join(tmpdir(), "lic-bench-"));
  const demoFile = join(dir, "demo.json");
  const cleanUp = async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  };
  const port = await freePort();
  const server = await startServerProcess(
    { ...unthrottled, ...env, DATABASE_URL: database.url, PORT: String(port), HOST: "127.0.0.1", DEMO_FILE: demoFile },
    { ...licensingServer, nodeArgs },
  ).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: server.child.pid!,
    demoFile,
    stop: async () => {
      await server.stop();
      await cleanUp();
    },
  };
}

export async function startBareKoa(): Promise<Target> {
  const port = await freePort();
  const server = await startServerProcess({ PORT: String(port) }, { script: "bench/bare-koa.ts", readyText: "bare koa listening" });
  return { url: `http://127.0.0.1:${port}`, pid: server.child.pid!, stop: async () => void (await server.stop()) };
}

export async function startPrism(version: SpecVersion): Promise<Target> {
  return startMock({ version, port: await freePort() });
}
