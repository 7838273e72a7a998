import { getDeviceVariables as readDeviceVariables, trackDeviceVariables as storeDeviceVariables } from "../../core/device-variables.js";
import { numericId } from "../../core/numeric-id.js";
import { v4Handler } from "../handler.js";
import { licenseQueryOf } from "../license-query.js";

export const trackDeviceVariables = v4Handler<"trackDeviceVariables">(async ({ body }, context) => {
  const query = await licenseQueryOf(body, context, { passwordRequired: false });
  const { device, variables } = await storeDeviceVariables(context.core, query, body.hardware_id, body.variables ?? {});
  const deviceId = numericId(device.id);
  return { status: 200, body: variables.map((v) => ({ variable: v.variable, value: v.value, device_id: deviceId, created_at: v.createdAt.getTime() })) };
});

export const getDeviceVariables = v4Handler<"getDeviceVariables">(async ({ query }, context) => {
  const licenseQuery = await licenseQueryOf(query, context, { passwordRequired: false });
  const { device, variables } = await readDeviceVariables(context.core, licenseQuery, query.hardware_id);
  const deviceId = numericId(device.id);
  return {
    status: 200,
    body: variables.map((v) => ({ id: numericId(v.id), created_at: v.createdAt.toISOString(), variable: v.variable, value: v.value, device_id: deviceId })),
  };
});

export const deviceHandlers = { trackDeviceVariables, getDeviceVariables };
