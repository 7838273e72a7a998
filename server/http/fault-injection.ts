import type { Middleware } from "koa";
import { RateLimitExceeded } from "./rate-limit.js";

/** Thrown for a requested 500, so the version's error boundary renders it like a real unexpected failure. */
export class InjectedFault extends Error {
  constructor() {
    super("Injected fault (Prefer: code=500).");
    this.name = "InjectedFault";
  }
}

const faults: Record<string, () => Error> = {
  "429": () => new RateLimitExceeded(1),
  "500": () => new InjectedFault(),
};

/**
 * Only where the operator switches it on (FAULT_INJECTION=true; sandboxes, contract runs), a request carrying
 * `Prefer: code=429` or `code=500` gets that failure in its version's error format, as from Prism's mock. SDK and QA
 * teams exercise error paths no outside request can otherwise provoke; production never enables it.
 */
export function faultInjection(): Middleware {
  return async (ctx, next) => {
    const code = /(?:^|[\s,;])code=(\d{3})\b/.exec(ctx.get("prefer"))?.[1];
    const fault = code ? faults[code] : undefined;
    if (fault) throw fault();
    await next();
  };
}
