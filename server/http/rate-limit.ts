import type { Middleware } from "koa";

export interface RateLimitOptions {
  max: number;
  windowSeconds: number;
  now?: () => number;
}

/** Thrown when a client is over its limit; each version renders it in its own error format. */
export class RateLimitExceeded extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("Too many requests; slow down and retry later.");
    this.name = "RateLimitExceeded";
  }
}

/**
 * A fixed-window limiter per client IP that sets the `X-Rate-Limit-*` headers on every response
 * (the v3 contract documents them on every status). Windows are kept in memory for one process.
 */
export function rateLimit(options: RateLimitOptions): Middleware {
  const now = options.now ?? Date.now;
  const windowMs = options.windowSeconds * 1000;
  const windows = new Map<string, { start: number; count: number }>();
  return async (ctx, next) => {
    const at = now();
    const start = at - (at % windowMs);
    const window = windows.get(ctx.ip);
    const current = window && window.start === start ? window : { start, count: 0 };
    current.count += 1;
    windows.set(ctx.ip, current);
    if (windows.size > 10_000) forgetOldWindows(windows, start);
    ctx.set("X-Rate-Limit-Limit", `${options.windowSeconds}s`);
    ctx.set("X-Rate-Limit-Remaining", String(Math.max(0, options.max - current.count)));
    ctx.set("X-Rate-Limit-Reset", new Date(start + windowMs).toISOString().replace(/\.\d{3}Z$/, "Z"));
    if (current.count > options.max) throw new RateLimitExceeded(Math.ceil((start + windowMs - at) / 1000));
    await next();
  };
}

function forgetOldWindows(windows: Map<string, { start: number }>, currentStart: number) {
  for (const [key, window] of windows) if (window.start < currentStart) windows.delete(key);
}
