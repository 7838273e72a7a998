/** The server's settings: the only module that reads process.env. Every setting has a safe default. */
export interface Config {
  port: number;
  host: string;
  /** `sqlite:<path>`, `sqlite::memory:` or `postgres://…`; defaults to the embedded SQLite file. */
  databaseUrl: string;
  logLevel: string;
  /** Where demo credentials are written on first start (never overwritten). */
  demoFile: string;
  /** Seed demo data on an empty database. */
  seedDemo: boolean;
  rateLimit: { max: number; windowSeconds: number };
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** How long graceful shutdown waits for requests in flight. */
  shutdownTimeoutMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: integer(env.PORT, 3000),
    host: env.HOST ?? "0.0.0.0",
    databaseUrl: databaseUrl(env.DATABASE_URL),
    logLevel: env.LOG_LEVEL ?? "info",
    demoFile: env.DEMO_FILE ?? "data/demo.json",
    seedDemo: env.SEED_DEMO !== "false",
    // Cryptlex's published limit: a burst of 50 requests per 5 seconds per IP.
    rateLimit: { max: integer(env.RATE_LIMIT_MAX, 50), windowSeconds: integer(env.RATE_LIMIT_WINDOW_SECONDS, 5) },
    bodyLimitBytes: integer(env.BODY_LIMIT_BYTES, 1024 * 1024),
    shutdownTimeoutMs: integer(env.SHUTDOWN_TIMEOUT_MS, 10_000),
  };
}

function databaseUrl(value: string | undefined): string {
  if (!value) return "sqlite:data/licensing.db";
  if (/^(sqlite:|postgres(ql)?:\/\/)/.test(value)) return value;
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${value.split(":")[0]}:…"`);
}

function integer(value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`expected a non-negative integer, got "${value}"`);
  return parsed;
}
