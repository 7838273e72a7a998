import { pino } from "pino";
import { loadConfig } from "./config.js";
import { openDatabase, withStartupLock } from "./db/index.js";
import { seedDemoOnFirstStart } from "./demo.js";
import { serve } from "./serve.js";

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
serve({ core, config, logger });
