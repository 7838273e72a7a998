import type { Middleware } from "koa";
import type { Core } from "../core/index.js";

/** `/healthz`: the process answers. `/readyz`: it can also reach its database. */
export function healthRoutes(core: Core): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== "GET" || (ctx.path !== "/healthz" && ctx.path !== "/readyz")) return next();
    if (ctx.path === "/healthz") {
      ctx.body = { status: "ok" };
      return;
    }
    try {
      await core.db.read((tx) => tx.query("SELECT 1"));
      ctx.body = { status: "ready" };
    } catch (error) {
      ctx.state.log?.warn({ err: error }, "database unreachable");
      ctx.status = 503;
      ctx.body = { status: "unavailable" };
    }
  };
}
