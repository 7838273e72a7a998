import type { Middleware, ParameterizedContext } from "koa";

/** `max` requests per `windowSeconds` (fixed windows aligned to the epoch, so every process agrees on them). */
export interface RateLimitRule {
  max: number;
  windowSeconds: number;
}

/**
 * Counts hits per bucket and window. `hit` must be atomic (no two callers see the same count), or parallel
 * requests would slip past the limit: the memory counter is (one event loop), the database one uses an upsert.
 */
export interface HitCounter {
  hit(bucket: string, windowStartMs: number, windowEndMs: number): Promise<number>;
}

/** Where one request stands in one limit; the tightest standing is what the headers report. */
export interface Standing {
  rule: RateLimitRule;
  remaining: number;
  resetAtMs: number;
  nowMs: number;
}

/** Each version announces the standing in its own headers (v3 `X-Rate-Limit-*`, v4 `RateLimit-*`). */
export type StandingHeaders = (standing: Standing) => Record<string, string>;

/** Thrown when a client is over a limit; each version renders it in its own error format. */
export class RateLimitExceeded extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("Too many requests; slow down and retry later.");
    this.name = "RateLimitExceeded";
  }
}

export interface RateLimitOptions {
  counter: HitCounter;
  rule: RateLimitRule;
  /** The bucket this request counts against, or undefined when this limit does not apply to it. */
  bucketOf: (ctx: ParameterizedContext) => string | undefined;
  headers: StandingHeaders;
  now: () => number;
}

/**
 * Counts the request against one limit, reports the tightest standing so far in the version's headers, and refuses
 * it with 429 once the bucket is over its limit. Several of these stack (per IP, then per credential).
 */
export function rateLimit(options: RateLimitOptions): Middleware {
  const windowMs = options.rule.windowSeconds * 1000;
  return async (ctx, next) => {
    const bucket = options.bucketOf(ctx);
    if (bucket === undefined) return next();
    const nowMs = options.now();
    const windowStartMs = nowMs - (nowMs % windowMs);
    const count = await options.counter.hit(bucket, windowStartMs, windowStartMs + windowMs);
    const standing = { rule: options.rule, remaining: Math.max(0, options.rule.max - count), resetAtMs: windowStartMs + windowMs, nowMs };
    reportTightest(ctx, standing, options.headers);
    if (count > options.rule.max) throw new RateLimitExceeded(Math.max(1, Math.ceil((standing.resetAtMs - nowMs) / 1000)));
    await next();
  };
}

function reportTightest(ctx: ParameterizedContext, standing: Standing, headers: StandingHeaders) {
  const known = ctx.state.rateLimit as Standing | undefined;
  if (known && known.remaining < standing.remaining) return;
  ctx.state.rateLimit = standing;
  ctx.set(headers(standing));
}

export interface VersionRateLimitOptions {
  counter: HitCounter;
  rules: { ip: RateLimitRule; credential: RateLimitRule };
  /** Buckets are per version, so each version's limits are counted apart. */
  version: "v3" | "v4";
  headers: StandingHeaders;
  /** The verified caller's bucket, read after authentication; undefined on public operations. */
  credentialBucket: (ctx: ParameterizedContext) => string | undefined;
  now: () => number;
}

/** One version's two limits: per client IP (before any work) and per verified credential (after authentication). */
export function versionRateLimits(options: VersionRateLimitOptions): { byIp: Middleware; byCredential: Middleware } {
  const { counter, rules, version, headers, now } = options;
  return {
    byIp: rateLimit({ counter, rule: rules.ip, headers, now, bucketOf: (ctx) => `${version}:ip:${ctx.ip}` }),
    byCredential: rateLimit({ counter, rule: rules.credential, headers, now, bucketOf: options.credentialBucket }),
  };
}

/** v3 (Cryptlex): the window as `5s`, requests left, and the reset time as ISO-8601 UTC. */
export const v3StandingHeaders: StandingHeaders = (standing) => ({
  "X-Rate-Limit-Limit": `${standing.rule.windowSeconds}s`,
  "X-Rate-Limit-Remaining": String(standing.remaining),
  "X-Rate-Limit-Reset": new Date(standing.resetAtMs).toISOString().replace(/\.\d{3}Z$/, "Z"),
});

/** v4 (LicenseSpring): the limit, requests left, and seconds until the window resets. */
export const v4StandingHeaders: StandingHeaders = (standing) => ({
  "RateLimit-Limit": String(standing.rule.max),
  "RateLimit-Remaining": String(standing.remaining),
  "RateLimit-Reset": String(Math.ceil((standing.resetAtMs - standing.nowMs) / 1000)),
});

/** Counts in this process only: right for one process (the SQLite default), wrong for several. */
export function memoryHitCounter(): HitCounter {
  const windows = new Map<string, { startMs: number; endMs: number; count: number }>();
  return {
    hit: async (bucket, startMs, endMs) => {
      const known = windows.get(bucket);
      const window = known && known.startMs === startMs ? known : { startMs, endMs, count: 0 };
      window.count += 1;
      windows.set(bucket, window);
      if (windows.size > 10_000) forgetEndedWindows(windows, startMs);
      return window.count;
    },
  };
}

function forgetEndedWindows(windows: Map<string, { endMs: number }>, nowMs: number) {
  for (const [bucket, window] of windows) if (window.endMs <= nowMs) windows.delete(bucket);
}
