import { bodyParser } from "@koa/bodyparser";
import Koa, { type Middleware } from "koa";
import type { Logger } from "pino";
import type { Config } from "./config.js";
import type { Core } from "./core/index.js";
import { databaseHitCounter } from "./db/rate-limit-windows.js";
import { faultInjection } from "./http/fault-injection.js";
import { deferBodyFailure } from "./http/failures.js";
import { healthRoutes } from "./http/health.js";
import { multipartBody } from "./http/multipart-body.js";
import { memoryHitCounter, v3StandingHeaders, v4StandingHeaders, versionRateLimits } from "./http/rate-limit.js";
import { requestLog } from "./http/request-log.js";
import { v3CredentialBucket } from "./v3/auth.js";
import { v3Errors } from "./v3/errors.js";
import { buildV3Router } from "./v3/routes.js";
import { v4CredentialBucket } from "./v4/auth.js";
import { v4Errors } from "./v4/errors.js";
import { buildV4Router } from "./v4/routes.js";
import type { UrlPolicy } from "./webhooks/url-policy.js";

export interface AppDependencies {
  core: Core;
  config: Pick<Config, "rateLimits" | "bodyLimitBytes" | "trustProxy"> & { webhooks: UrlPolicy; faultInjection?: boolean };
  logger: Logger;
  /** Sandbox controls (`npm run sandbox` only), answered after body parsing and ahead of the versions' routes. */
  sandbox?: Middleware;
}

/** The Koa application: no listening and no environment reads, so tests build it in-process. */
export function buildApp({ core, config, logger, sandbox }: AppDependencies): Koa {
  // Behind one trusted proxy, the client is the last X-Forwarded-For entry (the one the proxy added): earlier
  // entries come from the client and would let it choose its own rate-limit bucket.
  const app = new Koa({ proxy: config.trustProxy, maxIpsCount: 1 });
  app.silent = true;
  const limits = rateLimits(core, config.rateLimits);
  const v3 = buildV3Router(core, config.webhooks, limits.v3.byCredential);
  const v4 = buildV4Router(core, limits.v4.byCredential);
  const limit = `${config.bodyLimitBytes}b`;
  app.use(requestLog(logger));
  app.use(healthRoutes(core));
  app.use(byVersion(v4Errors(), v3Errors()));
  app.use(byVersion(limits.v4.byIp, limits.v3.byIp));
  if (config.faultInjection) app.use(faultInjection());
  app.use(bodyParser({ enableTypes: ["json", "text", "form"], jsonLimit: limit, textLimit: limit, formLimit: limit, encoding: "utf-8", onError: deferBodyFailure }));
  app.use(multipartBody(config.bodyLimitBytes));
  if (sandbox) app.use(sandbox);
  app.use(v4.routes());
  app.use(v3.routes());
  return app;
}

/** Each version's requests, unknown paths included, fail in that version's error format. */
function byVersion(v4: Middleware, v3: Middleware): Middleware {
  return (ctx, next) => (ctx.path.startsWith("/api/v4/") ? v4(ctx, next) : v3(ctx, next));
}

/** Both versions' limits over one counter: in the database when several processes must agree, else in memory. */
function rateLimits(core: Core, config: Config["rateLimits"]) {
  const counter = config.store === "database" ? databaseHitCounter(core.db) : memoryHitCounter();
  const now = () => core.now().getTime();
  return {
    v3: versionRateLimits({ counter, rules: config.v3, version: "v3", headers: v3StandingHeaders, credentialBucket: v3CredentialBucket, now }),
    v4: versionRateLimits({ counter, rules: config.v4, version: "v4", headers: v4StandingHeaders, credentialBucket: v4CredentialBucket, now }),
  };
}
