import type { Server } from "node:http";
import { pino } from "pino";
import { buildApp } from "./app.js";
import { loadConfig } from "./config.js";
import { closeDatabase, openDatabase, withStartupLock } from "./db/index.js";
import { seedDemoOnFirstStart } from "./demo.js";
import { Dispatcher } from "./webhooks/index.js";

/**
 * `npm start`: configuration → database (migrated) → demo data on first start → HTTP and the webhook dispatcher,
 * with graceful shutdown.
 */
const config = loadConfig();
// Asynchronous writes: a synchronous write per request log line held up the event loop (and stalled it outright when
// the reader of a piped stdout fell behind); pino flushes what is buffered when the process exits.
const logger = pino({ level: config.logLevel }, pino.destination({ dest: 1, sync: false }));
const db = await openDatabase(config.databaseUrl, config.databasePoolSize);
const core = { db, now: () => new Date() };
if (config.seedDemo) await withStartupLock(db.dataSource, () => seedDemoOnFirstStart(core, config, logger));

const dispatcher = new Dispatcher({ core, config: config.webhooks, logger: logger.child({ component: "webhooks" }) });
if (config.webhooks.dispatch) dispatcher.start();

const server = buildApp({ core, config, logger }).listen(config.port, config.host, () => {
  logger.info({ port: config.port, database: config.databaseUrl.split(":")[0], webhooks: config.webhooks.dispatch }, "licensing server listening");
});

process.once("SIGTERM", () => void shutDown(server, "SIGTERM"));
process.once("SIGINT", () => void shutDown(server, "SIGINT"));

/**
 * Stops accepting connections and polling the outbox, lets requests and deliveries in flight finish (requests up to
 * the timeout; a delivery is bounded by its own timeout, and an unfinished one is reclaimed after a restart), then
 * closes the database.
 */
async function shutDown(httpServer: Server, signal: string) {
  logger.info({ signal }, "shutting down");
  const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
  httpServer.closeIdleConnections();
  const timeout = setTimeout(() => httpServer.closeAllConnections(), config.shutdownTimeoutMs);
  await Promise.all([closed, dispatcher.stop()]);
  clearTimeout(timeout);
  await closeDatabase(db);
  logger.info("stopped");
  process.exit(0);
}
