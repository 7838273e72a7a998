/**
 * The sandbox's own endpoints, mounted by `npm run sandbox` only (elsewhere /__sandbox/… is an unknown path):
 * `POST /__sandbox/reset` and `GET|POST /__sandbox/clock`. Errors answer `{message, code}` like v3.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { Middleware, ParameterizedContext } from "koa";
import type { MovableClock } from "../core/clock.js";
import type { Database } from "../db/index.js";
import { restoreSnapshot } from "./snapshot.js";

type ClockChange = { advanceSeconds: number } | { set: string };

const ajv = new Ajv2020({ allErrors: true });
addFormats.default(ajv);
const validateClockChange = ajv.compile<ClockChange>({
  oneOf: [
    { type: "object", additionalProperties: false, required: ["advanceSeconds"], properties: { advanceSeconds: { type: "integer", minimum: 0 } } },
    { type: "object", additionalProperties: false, required: ["set"], properties: { set: { type: "string", format: "date-time" } } },
  ],
});

export function sandboxControls(db: Database, clock: MovableClock): Middleware {
  return async (ctx, next) => {
    const route = `${ctx.method} ${ctx.path}`;
    if (route === "POST /__sandbox/reset") return reset(ctx, db, clock);
    if (route === "GET /__sandbox/clock") return tell(ctx, clock);
    if (route === "POST /__sandbox/clock") return moveClock(ctx, clock);
    return next();
  };
}

/** The initial data, and the wall clock again. */
async function reset(ctx: ParameterizedContext, db: Database, clock: MovableClock) {
  await restoreSnapshot(db);
  clock.reset();
  tell(ctx, clock);
}

function moveClock(ctx: ParameterizedContext, clock: MovableClock) {
  const change: unknown = ctx.request.body;
  if (!validateClockChange(change)) {
    ctx.status = 400;
    ctx.body = { code: "INVALID_CLOCK_CHANGE", message: 'Expected {"advanceSeconds": <whole seconds, 0 or more>} or {"set": "<ISO-8601 date-time>"}.' };
    return;
  }
  if ("set" in change) clock.set(new Date(change.set));
  else clock.advance(change.advanceSeconds * 1000);
  tell(ctx, clock);
}

/** The sandbox's current time. */
function tell(ctx: ParameterizedContext, clock: MovableClock) {
  ctx.body = { now: clock.now().toISOString() };
}
