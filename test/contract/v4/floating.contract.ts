/** v4 floating/borrow, floating/release, floating/feature_borrow and floating/feature_release: every status and code. */
import { beforeAll, describe, expect, it } from "vitest";
import { contractSuite } from "../suite.js";
import { minutesFromNow, V4Contract, type Identity, type RefusalCase, type V4Product } from "./v4-contract.js";

const v4 = new V4Contract(contractSuite());
const { client } = v4;
/** A floating-cloud license with two seats, borrowable for an hour, with a floating feature (one slot) and a fixed one. */
const floating = {
  type: "hosted-floating", allowedFloatingClients: 2, allowedActivations: 0, leaseDuration: 600,
  licenseApi: {
    canBorrow: true, maxBorrowTime: 1,
    features: [{ code: "SEAT", isFloatingCloud: true, floatingUsers: 1, maxBorrowTime: 1 }, { code: "FIXED" }],
  },
};
let product: V4Product;
let userProduct: V4Product;
let device: Identity;
let nodeLocked: Identity;

beforeAll(async () => {
  product = await v4.product();
  userProduct = await v4.product({ authorizationMethod: "user" });
  device = await activatedDevice();
  nodeLocked = await activatedDevice({ licenseApi: floating.licenseApi });
});

async function activatedDevice(body: Record<string, unknown> = floating): Promise<Identity> {
  const license = await v4.license(product.id, body);
  return { product: product.shortCode, license_key: license.key, hardware_id: await v4.activate(product, license) };
}

/** A login with the wrong password on a user-based floating license (borrowing needs the password). */
async function wrongPassword(): Promise<Record<string, string>> {
  const license = await v4.license(userProduct.id, floating);
  const user = await v4.assignedUser(license.id);
  return { product: userProduct.shortCode, username: user.email, password: "not-the-password", hardware_id: device.hardware_id };
}

describe("floatingBorrow", () => {
  const borrow = (identity: Record<string, string>, until: string | null = minutesFromNow(30)) => ({ body: { ...identity, borrowed_until: until } });

  it("200 borrowed, verified", async () => {
    expect(await v4.callVerified("floatingBorrow", borrow(await activatedDevice()))).toMatchObject({ max_borrow_time: 1 });
  });

  const refusals: RefusalCase[] = [
    ["floating_not_available", async () => borrow(nodeLocked)],
    ["borrow_until_not_valid", async () => borrow(device, minutesFromNow(-1))],
    ["invalid_credentials", async () => borrow(await wrongPassword())],
    ...v4.stateRefusals(() => product, floating, (identity) => borrow(identity)),
    ["missing_parameters", async () => ({ body: { ...device } })],
    ["validation_error", async () => borrow(device, "soon")],
    ["invalid_json", async () => ({ rawBody: "{" })],
  ];
  it.each(refusals)("400 %s", async (code, request) => v4.refuses("floatingBorrow", await request(), code));

  v4.credentialCases("floatingBorrow", () => borrow(device));
});

describe("floatingRelease", () => {
  it("200 released, with an empty body", async () => {
    expect(await client.call("floatingRelease", { body: await activatedDevice() }, 200)).toBe("");
  });

  const refusals: RefusalCase[] = [
    ["floating_not_available", async () => ({ body: nodeLocked })],
    ...v4.stateRefusals(() => product, floating, (identity) => ({ body: identity })),
    ["missing_parameters", async () => ({ body: { product: device.product, license_key: device.license_key } })],
    ["validation_error", async () => ({ body: { ...device, license_id: "not-a-number" } })],
    ["invalid_json", async () => ({ rawBody: "{" })],
  ];
  it.each(refusals)("400 %s", async (code, request) => v4.refuses("floatingRelease", await request(), code));

  v4.credentialCases("floatingRelease", () => ({ body: device }));
});

describe("featureBorrow", () => {
  const borrow = (identity: Record<string, string>, feature = "SEAT", until: string | null = minutesFromNow(30)) => ({ body: { ...identity, feature, borrowed_until: until } });

  it("200 borrowed, verified", async () => {
    expect(await v4.callVerified("featureBorrow", borrow(await activatedDevice()))).toMatchObject({ max_borrow_time: 1 });
  });

  const refusals: RefusalCase[] = [
    ["floating_not_available", async () => {
      const holder = await activatedDevice();
      await client.call("featureBorrow", borrow(holder), 200);
      return borrow({ ...holder, hardware_id: await v4.activate(product, { key: holder.license_key }) });
    }],
    ["borrow_until_not_valid", async () => borrow(device, "SEAT", minutesFromNow(-1))],
    ["feature_not_floating", async () => borrow(device, "FIXED")],
    ["invalid_license_feature_code", async () => borrow(device, "NO-SUCH-FEATURE")],
    ["invalid_credentials", async () => borrow(await wrongPassword())],
    ...v4.stateRefusals(() => product, floating, (identity) => borrow(identity)),
    ["missing_parameters", async () => ({ body: { ...device, borrowed_until: null } })],
    ["validation_error", async () => borrow(device, "SEAT", "soon")],
    ["invalid_json", async () => ({ rawBody: "{" })],
  ];
  it.each(refusals)("400 %s", async (code, request) => v4.refuses("featureBorrow", await request(), code));

  v4.credentialCases("featureBorrow", () => borrow(device));
});

describe("featureRelease", () => {
  const release = (identity: Identity, feature = "SEAT") => ({ body: { ...identity, feature } });

  it("200 released, with an empty body", async () => {
    const holder = await activatedDevice();
    await client.call("checkLicenseFeature", { query: { ...holder, feature: "SEAT" } }, 200);
    expect(await client.call("featureRelease", release(holder), 200)).toBe("");
  });

  const refusals: RefusalCase[] = [
    ["floating_feature_device_not_in_use", async () => release(await activatedDevice())],
    ["invalid_license_feature_code", async () => release(device, "NO-SUCH-FEATURE")],
    ["feature_not_floating", async () => release(device, "FIXED")],
    ...v4.stateRefusals(() => product, floating, (identity) => release(identity)),
    ["missing_parameters", async () => ({ body: { ...device } })],
    ["validation_error", async () => ({ body: { ...release(device).body, license_id: "not-a-number" } })],
    ["invalid_json", async () => ({ rawBody: "{" })],
  ];
  it.each(refusals)("400 %s", async (code, request) => v4.refuses("featureRelease", await request(), code));

  v4.credentialCases("featureRelease", () => release(device));
});
