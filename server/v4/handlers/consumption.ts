import { addConsumption as addLicenseConsumption, addFeatureConsumption as addToFeature } from "../../core/consumption.js";
import { v4Handler } from "../handler.js";
import { licenseQueryOf } from "../license-query.js";
import { presentConsumptionResult, presentFeatureConsumption } from "../present-features.js";

export const addConsumption = v4Handler<"addConsumption">(async ({ body }, context) => {
  const query = await licenseQueryOf(body, context, { passwordRequired: false });
  const { license } = await addLicenseConsumption(context.core, query, body.hardware_id, {
    amount: body.consumptions, allowOverages: body.allow_overages, maxOverages: body.max_overages, ignoreEvents: body.ignore_events,
  });
  return { status: 200, body: presentConsumptionResult(license, context.core.now()) };
});

export const addFeatureConsumption = v4Handler<"addFeatureConsumption">(async ({ body }, context) => {
  const query = await licenseQueryOf(body, context, { passwordRequired: false });
  const consumed = await addToFeature(context.core, query, body.hardware_id, body.feature, body.consumptions);
  return { status: 200, body: presentFeatureConsumption(consumed, context.core.now()) };
});

export const consumptionHandlers = { addConsumption, addFeatureConsumption };
