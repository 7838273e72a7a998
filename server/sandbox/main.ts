/**
 * `npm run sandbox`: the real server, both versions, on an in-memory SQLite database with deterministic demo data
 * (or `--seed <file>`), fault injection on, http/private webhook URLs allowed, and the /__sandbox/… controls.
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { loadConfig } from "../config.js";
import { MovableClock } from "../core/clock.js";
import { openDatabase } from "../db/index.js";
import { serve } from "../serve.js";
import { sandboxBanner } from "./banner.js";
import { sandboxControls } from "./controls.js";
import { loadSeed } from "./load-seed.js";
import { readSeedFile, SeedError } from "./seed-file.js";
import { takeSnapshot } from "./snapshot.js";

const usage = `Usage: npm run sandbox -- [--port <n>] [--seed <file.json>] [--webhook-url <url>]
  --port         listen here (default: PORT or 3000)
  --seed         load this data instead of the built-in demo (format: README, "Sandbox")
  --webhook-url  subscribe this URL (http and private addresses allowed) to every event`;

const demoSeed = fileURLToPath(new URL("./demo-seed.json", import.meta.url));

try {
  const { values } = parseArgs({ options: { port: { type: "string" }, seed: { type: "string" }, "webhook-url": { type: "string" }, help: { type: "boolean" } } });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  await start(values);
} catch (error) {
  // Bad input gets its message (and the usage, for bad arguments); anything else its stack.
  const badArguments = String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS");
  console.error(`sandbox: ${error instanceof SeedError || badArguments ? (error as Error).message : (error as Error).stack}`);
  if (badArguments) console.error(usage);
  process.exit(2);
}

async function start(options: { port?: string; seed?: string; "webhook-url"?: string }) {
  const seed = readSeedFile(options.seed ?? demoSeed);
  const config = loadConfig({
    ...process.env, ...(options.port ? { PORT: options.port } : {}),
    DATABASE_URL: "sqlite::memory:", SEED_DEMO: "false", FAULT_INJECTION: "true", WEBHOOKS_ALLOW_HTTP: "true", WEBHOOKS_ALLOW_PRIVATE_URLS: "true",
  });
  const logger = pino({ level: config.logLevel }, pino.destination({ dest: 1, sync: false }));
  const clock = new MovableClock();
  const core = { db: await openDatabase(config.databaseUrl), now: clock.now, wallNow: () => new Date() };
  const data = await loadSeed(core, seed, options["webhook-url"]);
  await takeSnapshot(core.db);
  const banner = sandboxBanner(data, `http://localhost:${config.port}`);
  serve({ core, config, logger, sandbox: sandboxControls(core.db, clock), onListening: () => console.log(banner) });
}
