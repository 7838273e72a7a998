import { bodyParser } from "@koa/bodyparser";
import Koa, { type Middleware } from "koa";
import type { Logger } from "pino";
import type { Config } from "./config.js";
import type { Core } from "./core/index.js";
import { faultInjection } from "./http/fault-injection.js";
import { deferBodyFailure } from "./http/failures.js";
import { healthRoutes } from "./http/health.js";
import { multipartBody } from "./http/multipart-body.js";
import { rateLimit } from "./http/rate-limit.js";
import { requestLog } from "./http/request-log.js";
import { v3Errors } from "./v3/errors.js";
import { buildV3Router } from "./v3/routes.js";
import { v4Errors } from "./v4/errors.js";
import { buildV4Router } from "./v4/routes.js";
import type { UrlPolicy } from "./webhooks/url-policy.js";

export interface AppDependencies {
  core: Core;
  config: Pick<Config, "rateLimit" | "bodyLimitBytes"> & { webhooks: UrlPolicy; faultInjection?: boolean };
  logger: Logger;
}

/** The Koa application: no listening and no environment reads, so tests build it in-process. */
export function buildApp({ core, config, logger }: AppDependencies): Koa {
  const app = new Koa({ proxy: true });
  app.silent = true;
  const v3 = buildV3Router(core, config.webhooks);
  const v4 = buildV4Router(core);
  const limit = `${config.bodyLimitBytes}b`;
  app.use(requestLog(logger));
  app.use(healthRoutes(core));
  app.use(byVersion(v4Errors(), v3Errors()));
  app.use(rateLimit({ ...config.rateLimit, now: () => core.now().getTime() }));
  if (config.faultInjection) app.use(faultInjection());
  app.use(bodyParser({ enableTypes: ["json", "text", "form"], jsonLimit: limit, textLimit: limit, formLimit: limit, encoding: "utf-8", onError: deferBodyFailure }));
  app.use(multipartBody(config.bodyLimitBytes));
  app.use(v4.routes());
  app.use(v3.routes());
  return app;
}

/** Each version's requests, unknown paths included, fail in that version's error format. */
function byVersion(v4: Middleware, v3: Middleware): Middleware {
  return (ctx, next) => (ctx.path.startsWith("/api/v4/") ? v4(ctx, next) : v3(ctx, next));
}
