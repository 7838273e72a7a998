import { borrowFeature, borrowLicenseSeat, releaseFeature, releaseLicenseSeat } from "../../core/floating-borrow.js";
import { v4Handler } from "../handler.js";
import { licenseQueryOf } from "../license-query.js";
import { presentBorrow } from "../present-features.js";

// Borrows prove a login like activation does; releases name a user-based license by username alone, as the SDKs send them.

export const floatingBorrow = v4Handler<"floatingBorrow">(async ({ body }, context) => {
  const query = await licenseQueryOf(body, context, { passwordRequired: true });
  return { status: 200, body: presentBorrow(await borrowLicenseSeat(context.core, query, body.hardware_id, body.borrowed_until ?? null)) };
});

export const floatingRelease = v4Handler<"floatingRelease">(async ({ body }, context) => {
  await releaseLicenseSeat(context.core, await licenseQueryOf(body, context, { passwordRequired: false }), body.hardware_id);
  return { status: 200, body: "" };
});

export const featureBorrow = v4Handler<"featureBorrow">(async ({ body }, context) => {
  const query = await licenseQueryOf(body, context, { passwordRequired: true });
  return { status: 200, body: presentBorrow(await borrowFeature(context.core, query, body.hardware_id, body.feature, body.borrowed_until ?? null)) };
});

export const featureRelease = v4Handler<"featureRelease">(async ({ body }, context) => {
  await releaseFeature(context.core, await licenseQueryOf(body, context, { passwordRequired: false }), body.hardware_id, body.feature);
  return { status: 200, body: "" };
});

export const floatingHandlers = { floatingBorrow, floatingRelease, featureBorrow, featureRelease };
