/** v4 track_device_variables and get_device_variables: every documented status and code. */
import { beforeAll, describe, expect, it } from "vitest";
import { contractSuite } from "../suite.js";
import { V4Contract, type Identity, type RefusalCase, type V4Product } from "./v4-contract.js";

const v4 = new V4Contract(contractSuite());
let product: V4Product;
let device: Identity;

beforeAll(async () => {
  product = await v4.product();
  const license = await v4.license(product.id);
  device = { product: product.shortCode, license_key: license.key, hardware_id: await v4.activate(product, license) };
});

/** The shared refusals the operation documents (device variables ignore whether the license is usable). */
const stateRefusals = (operationId: string, request: (identity: Identity) => { query?: Record<string, string>; body?: unknown }) =>
  v4.stateRefusals(() => product, {}, request).filter(([code]) => v4.documentedCodes(operationId, 400).includes(code));

describe("trackDeviceVariables", () => {
  const track = (identity: Identity, variables: unknown = { gpu: "RTX", seats: 3 }) => ({ body: { ...identity, variables } });

  it("200 with the stored variables, verified", async () => {
    const answer = await v4.callVerified("trackDeviceVariables", track(device));
    expect(answer).toEqual(expect.arrayContaining([expect.objectContaining({ variable: "gpu", value: "RTX" })]));
  });

  const refusals: RefusalCase[] = [
    ...stateRefusals("trackDeviceVariables", (identity) => track(identity)),
    ["missing_parameters", async () => ({ body: { product: device.product, license_key: device.license_key } })],
    ["validation_error", async () => track(device, "not variables")],
    ["invalid_json", async () => ({ rawBody: "{" })],
  ];
  it.each(refusals)("400 %s", async (code, request) => v4.refuses("trackDeviceVariables", await request(), code));

  v4.credentialCases("trackDeviceVariables", () => track(device));
});

describe("getDeviceVariables", () => {
  it("200 with the device's variables, verified", async () => {
    await v4.client.call("trackDeviceVariables", { body: { ...device, variables: { channel: "beta" } } }, 200);
    expect(await v4.callVerified("getDeviceVariables", { query: { ...device } })).toEqual(expect.arrayContaining([expect.objectContaining({ variable: "channel", value: "beta" })]));
  });

  const refusals: RefusalCase[] = [
    ...stateRefusals("getDeviceVariables", (identity) => ({ query: { ...identity } })),
    ["missing_parameters", async () => ({ query: { product: device.product, license_key: device.license_key } })],
    ["validation_error", async () => ({ query: { ...device, license_id: "not-a-number" } })],
  ];
  it.each(refusals)("400 %s", async (code, request) => v4.refuses("getDeviceVariables", await request(), code));

  v4.credentialCases("getDeviceVariables", () => ({ query: { ...device } }));
});
