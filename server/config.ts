/** The server's settings: the only module that reads process.env. Every setting has a safe default. */
import { defaultPoolSize } from "./db/data-source.js";
import type { RateLimitRule } from "./http/rate-limit.js";

export interface Config {
  port: number;
  host: string;
  /** `sqlite:<path>`, `sqlite::memory:` or `postgres://…`; defaults to the embedded SQLite file. */
  databaseUrl: string;
  /** PostgreSQL connections this process may hold. */
  databasePoolSize: number;
  logLevel: string;
  /** Where demo credentials are written on first start (never overwritten). */
  demoFile: string;
  /** Seed demo data on an empty database. */
  seedDemo: boolean;
  rateLimits: RateLimitConfig;
  /** Take the client address from X-Forwarded-For (behind one load balancer that sets it). */
  trustProxy: boolean;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** How long graceful shutdown waits for requests in flight. */
  shutdownTimeoutMs: number;
  /** Answer `Prefer: code=429|500` with that failure (sandboxes and contract runs only; see http/fault-injection.ts). */
  faultInjection: boolean;
  webhooks: WebhookConfig;
}

/** Per IP and per credential, each version with its own limits (see the README's "Rate limits"). */
export interface RateLimitConfig {
  /** `database` counts in the database, shared by every process on it; `memory` counts in this process only. */
  store: "memory" | "database";
  v3: { ip: RateLimitRule; credential: RateLimitRule };
  v4: { ip: RateLimitRule; credential: RateLimitRule };
}

/** Webhook delivery (see the README's "Webhooks" section and the spec's `Webhook events` tag). */
export interface WebhookConfig {
  /** Run the dispatcher in this process (several processes may share one PostgreSQL). */
  dispatch: boolean;
  /** Pause between polls of the outbox when there was nothing to send. */
  pollIntervalMs: number;
  /** Attempts claimed per poll and sent in parallel. */
  batchSize: number;
  /** A delivery not answered within this time fails (spec: 15 s). */
  timeoutMs: number;
  /** How long a claimed attempt stays reserved; after a crash it is picked up again once this has passed. */
  claimLeaseMs: number;
  /** Wait before retry n (1-based); the last entry repeats. ±jitter is applied to each. */
  retryDelaysMs: number[];
  jitter: number;
  /** Attempts of an event in all, the first included, before the subscription is suspended... */
  maxAttempts: number;
  /** ...and not before this long after the event, whatever the jitter did (spec: at least 72 hours). */
  retryWindowMs: number;
  /** Allow URLs resolving to private, loopback, link-local or other non-public addresses (development, tests). */
  allowPrivateUrls: boolean;
  /** Allow plain `http://` URLs (development, tests). */
  allowHttp: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: integer(env.PORT, 3000),
    host: env.HOST ?? "0.0.0.0",
    databaseUrl: databaseUrl(env.DATABASE_URL),
    databasePoolSize: Math.max(1, integer(env.DATABASE_POOL_SIZE, defaultPoolSize)),
    logLevel: env.LOG_LEVEL ?? "info",
    demoFile: env.DEMO_FILE ?? "data/demo.json",
    seedDemo: env.SEED_DEMO !== "false",
    rateLimits: rateLimitConfig(env),
    trustProxy: env.TRUST_PROXY === "true",
    bodyLimitBytes: integer(env.BODY_LIMIT_BYTES, 1024 * 1024),
    shutdownTimeoutMs: integer(env.SHUTDOWN_TIMEOUT_MS, 10_000),
    faultInjection: env.FAULT_INJECTION === "true",
    webhooks: webhookConfig(env),
  };
}

function rateLimitConfig(env: NodeJS.ProcessEnv): RateLimitConfig {
  const store = env.RATE_LIMIT_STORE ?? (databaseUrl(env.DATABASE_URL).startsWith("sqlite:") ? "memory" : "database");
  if (store !== "memory" && store !== "database") throw new Error(`RATE_LIMIT_STORE must be memory or database, got "${store}"`);
  return {
    store,
    // v3: Cryptlex's published burst of 50 requests per 5 s per IP; an access token used from many hosts gets twice that.
    v3: { ip: rateLimitRule(env.RATE_LIMIT_V3_IP ?? "50/5s"), credential: rateLimitRule(env.RATE_LIMIT_V3_CREDENTIAL ?? "100/5s") },
    // v4: LicenseSpring's published 200 per 10 s per IP, and its smallest plan's 1,800 per 60 s per company credential.
    v4: { ip: rateLimitRule(env.RATE_LIMIT_V4_IP ?? "200/10s"), credential: rateLimitRule(env.RATE_LIMIT_V4_CREDENTIAL ?? "1800/60s") },
  };
}

/** `"50/5s"` → 50 requests per 5-second window; the window takes s, m or h, from 1 s to 24 h. */
export function rateLimitRule(value: string): RateLimitRule {
  const match = /^\s*(\d+)\s*\/\s*(\d+)(s|m|h)\s*$/.exec(value);
  const windowSeconds = match ? (Number(match[2]) * units[match[3]!]!) / 1000 : 0;
  const valid = match && Number(match[1]) >= 1 && Number(match[1]) <= 2_147_483_647 && windowSeconds >= 1 && windowSeconds <= 86_400;
  if (!valid) throw new Error(`expected a rate limit like "50/5s" (at least 1 request, a window from 1s to 24h), got "${value}"`);
  return { max: Number(match[1]), windowSeconds };
}

function webhookConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  const timeoutMs = integer(env.WEBHOOKS_TIMEOUT_MS, 15_000);
  const claimLeaseMs = integer(env.WEBHOOKS_CLAIM_LEASE_MS, 60_000);
  // A lease shorter than a delivery would let a second dispatcher resend an attempt still in flight.
  if (claimLeaseMs <= timeoutMs) throw new Error("WEBHOOKS_CLAIM_LEASE_MS must be longer than WEBHOOKS_TIMEOUT_MS");
  return {
    dispatch: env.WEBHOOKS_DISPATCH !== "false",
    pollIntervalMs: integer(env.WEBHOOKS_POLL_INTERVAL_MS, 1000),
    batchSize: Math.max(1, integer(env.WEBHOOKS_BATCH_SIZE, 20)),
    timeoutMs,
    claimLeaseMs,
    // The spec's schedule: about 5 s, 5 min, 30 min, 2 h, 5 h, then every 10 h; 13 attempts span about 77 h.
    retryDelaysMs: durations(env.WEBHOOKS_RETRY_DELAYS ?? "5s,5m,30m,2h,5h,10h"),
    jitter: 0.2,
    maxAttempts: Math.max(1, integer(env.WEBHOOKS_MAX_ATTEMPTS, 13)),
    retryWindowMs: durations(env.WEBHOOKS_RETRY_WINDOW ?? "72h")[0]!,
    allowPrivateUrls: env.WEBHOOKS_ALLOW_PRIVATE_URLS === "true",
    allowHttp: env.WEBHOOKS_ALLOW_HTTP === "true",
  };
}

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `"5s,5m,2h"` → milliseconds; each item is an integer with a unit (ms, s, m, h). */
export function durations(value: string): number[] {
  const items = value.split(",").map((item) => /^\s*(\d+)(ms|s|m|h)\s*$/.exec(item));
  if (items.length === 0 || items.some((match) => !match)) throw new Error(`expected durations like "5s,5m,2h", got "${value}"`);
  return items.map((match) => Number(match![1]) * units[match![2]!]!);
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
