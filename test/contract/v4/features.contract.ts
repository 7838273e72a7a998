/** v4 check_license_feature, add_consumption and add_feature_consumption: every documented status and code. */
import { beforeAll, describe, expect, it } from "vitest";
import { contractSuite } from "../suite.js";
import { V4Contract, type Identity, type RefusalCase, type V4Product } from "./v4-contract.js";

const v4 = new V4Contract(contractSuite());
const { client } = v4;
/** A consumption license (10 consumptions) with an activation feature, a consumption feature (5) and a floating one (1 slot). */
const terms = {
  licenseApi: {
    licenseType: "consumption", consumption: { max: 10 },
    features: [
      { code: "ACT" },
      { code: "USE", type: "consumption", consumption: { max: 5 } },
      { code: "SEAT", isFloatingCloud: true, floatingUsers: 1 },
    ],
  },
};
let product: V4Product;
let device: Identity;

beforeAll(async () => {
  product = await v4.product();
  device = await activatedDevice();
});

async function activatedDevice(): Promise<Identity> {
  const license = await v4.license(product.id, terms);
  return { product: product.shortCode, license_key: license.key, hardware_id: await v4.activate(product, license) };
}

describe("checkLicenseFeature", () => {
  const check = (identity: Identity, feature: string) => ({ query: { ...identity, feature } });

  it("200 for the floating feature, verified", async () => {
    const answer = await v4.callVerified("checkLicenseFeature", check(device, "SEAT"));
    expect(answer).toMatchObject({ code: "SEAT", is_floating_cloud: true });
  });

  const refusals: RefusalCase[] = [
    ["invalid_license_feature_code", async () => check(device, "NO-SUCH-FEATURE")],
    ["floating_not_available", async () => {
      const holder = await activatedDevice();
      await client.call("checkLicenseFeature", check(holder, "SEAT"), 200);
      return check({ ...holder, hardware_id: await v4.activate(product, { key: holder.license_key }) }, "SEAT");
    }],
    ["license_not_enough_consumptions", async () => {
      const used = await activatedDevice();
      await client.call("addFeatureConsumption", { body: { ...used, feature: "USE", consumptions: 5 } }, 200);
      return check(used, "USE");
    }],
    ...v4.stateRefusals(() => product, terms, (identity) => check(identity, "ACT")),
    ["missing_parameters", async () => ({ query: { ...device } })],
    ["validation_error", async () => ({ query: { ...check(device, "ACT").query, license_id: "not-a-number" } })],
  ];
  it.each(refusals)("400 %s", async (code, request) => v4.refuses("checkLicenseFeature", await request(), code));

  v4.credentialCases("checkLicenseFeature", () => check(device, "ACT"));
});

describe("addConsumption", () => {
  const add = (identity: Identity, consumptions: unknown) => ({ body: { ...identity, consumptions } });

  it("200 with the license's consumption state, verified", async () => {
    expect(await v4.callVerified("addConsumption", add(device, 2))).toMatchObject({ max_consumptions: 10 });
  });

  const refusals: RefusalCase[] = [
    ["license_not_enough_consumptions", async () => add(await activatedDevice(), 11)],
    ...v4.stateRefusals(() => product, terms, (identity) => add(identity, 1)),
    ["missing_parameters", async () => ({ body: { ...device } })],
    ["validation_error", async () => add(device, "many")],
    ["invalid_json", async () => ({ rawBody: "{" })],
  ];
  it.each(refusals)("400 %s", async (code, request) => v4.refuses("addConsumption", await request(), code));

  v4.credentialCases("addConsumption", () => add(device, 0));
});

describe("addFeatureConsumption", () => {
  const add = (identity: Identity, feature: string, consumptions: unknown) => ({ body: { ...identity, feature, consumptions } });

  it("200 with the feature's consumption state, verified", async () => {
    expect(await v4.callVerified("addFeatureConsumption", add(device, "USE", 1))).toMatchObject({ max_consumptions: 5 });
  });

  const refusals: RefusalCase[] = [
    ["license_not_enough_consumptions", async () => add(await activatedDevice(), "USE", 6)],
    ["invalid_license_feature_code", async () => add(device, "NO-SUCH-FEATURE", 1)],
    ...v4.stateRefusals(() => product, terms, (identity) => add(identity, "USE", 1)),
    ["missing_parameters", async () => ({ body: { ...device, consumptions: 1 } })],
    ["validation_error", async () => add(device, "USE", "many")],
    ["invalid_json", async () => ({ rawBody: "{" })],
  ];
  it.each(refusals)("400 %s", async (code, request) => v4.refuses("addFeatureConsumption", await request(), code));

  v4.credentialCases("addFeatureConsumption", () => add(device, "USE", 0));
});
