import type { Server } from "node:http";
import type { Middleware } from "koa";
import type { Logger } from "pino";
import { buildApp } from "./app.js";
import type { Config } from "./config.js";
import type { Core } from "./core/index.js";
import { closeDatabase } from "./db/index.js";
import { Dispatcher } from "./webhooks/index.js";

export interface ServeOptions {
  core: Core;
  config: Config;
  logger: Logger;
  /** Extra routes ahead of the versions' (the sandbox's controls). */
  sandbox?: Middleware;
  /** Called once the server listens. */
  onListening?: () => void;
}

/**
 * HTTP and the webhook dispatcher over a ready core, with graceful shutdown on SIGTERM/SIGINT: shared by `npm start`
 * and `npm run sandbox`.
 */
export function serve({ core, config, logger, sandbox, onListening }: ServeOptions): Server {
  const dispatcher = new Dispatcher({ core, config: config.webhooks, logger: logger.child({ component: "webhooks" }) });
  if (config.webhooks.dispatch) dispatcher.start();
  const server = buildApp({ core, config, logger, sandbox }).listen(config.port, config.host, () => {
    logger.info({ port: config.port, database: config.databaseUrl.split(":")[0], webhooks: config.webhooks.dispatch }, "licensing server listening");
    onListening?.();
  });
  const stop = (signal: string) => void shutDown({ server, dispatcher, core, config, logger }, signal);
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  return server;
}

/**
 * Stops accepting connections and polling the outbox, lets requests and deliveries in flight finish (requests up to
 * the timeout; a delivery is bounded by its own timeout, and an unfinished one is reclaimed after a restart), then
 * closes the database.
 */
async function shutDown(
  { server, dispatcher, core, config, logger }: { server: Server; dispatcher: Dispatcher; core: Core; config: Config; logger: Logger },
  signal: string,
) {
  logger.info({ signal }, "shutting down");
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timeout = setTimeout(() => server.closeAllConnections(), config.shutdownTimeoutMs);
  await Promise.all([closed, dispatcher.stop()]);
  clearTimeout(timeout);
  await closeDatabase(core.db);
  logger.info("stopped");
  process.exit(0);
}
