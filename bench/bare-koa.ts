/**
 * The floor of the benchmark: Koa and @koa/router answering the same JSON as `GET /api/v4/oauth_url`, with none of
 * the licensing server's middleware, validation or logging. Run as its own process, like the server.
 */
import Router from "@koa/router";
import Koa from "koa";

const router = new Router();
router.get("/api/v4/oauth_url", (ctx) => {
  ctx.body = { url: `${ctx.origin}/api/v4/oauth/token`, login_type: ctx.query.login_type };
});

const app = new Koa();
app.use(router.routes());
const port = Number(process.env.PORT ?? 3100);
app.listen(port, "127.0.0.1", () => console.log(`bare koa listening on ${port}`));
