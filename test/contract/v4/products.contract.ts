/** v4 trial_key, product_details, versions and installation_file: every documented status, and the refusal codes. */
import { beforeAll, describe, expect, it } from "vitest";
import { contractSuite } from "../suite.js";
import { hardware, V4Contract, type V4License, type V4Product } from "./v4-contract.js";

const v4 = new V4Contract(contractSuite());
const { fixtures } = v4;
let product: V4Product;
let license: V4License;
let activated: string;

beforeAll(async () => {
  product = await v4.product();
  license = await v4.license(product.id);
  activated = await v4.activate(product, license);
  const release = await fixtures.v3("POST", "/v3/releases", {
    productId: product.id, version: "1.2.0", platform: "win64", channel: "prod", published: true,
    fullLink: "https://downloads.example.com/app-1.2.0.exe", filename: "app-1.2.0.exe",
  });
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/releases/${release.id}`, undefined, 204));
});

/** Trials create licenses (and, for user-based products, license users) that must go before their product. */
async function trialProduct(licenseApi: Record<string, unknown>): Promise<V4Product> {
  const created = await v4.product({ allowTrial: true, ...licenseApi });
  fixtures.onCleanup(async () => {
    const licenses = await fixtures.v3("GET", `/v3/licenses?productId=${created.id}&limit=100`);
    for (const { id } of licenses as unknown as Array<{ id: string }>) await fixtures.v3("DELETE", `/v3/licenses/${id}`, undefined, 204);
  });
  return created;
}

describe("getTrialKey", () => {
  let trials: V4Product;
  let userTrials: V4Product;
  beforeAll(async () => {
    trials = await trialProduct({});
    userTrials = await trialProduct({ authorizationMethod: "user" });
  });

  it("200 with a new trial license, verified", async () => {
    const answer = await v4.callVerified("getTrialKey", { query: { product: trials.shortCode, hardware_id: hardware() } });
    expect(answer.license_key).toEqual(expect.any(String));
  });

  it("200 with a user-based trial", async () => {
    const email = `contract-trial-${Date.now()}@example.com`;
    await v4.client.call("getTrialKey", { query: { product: userTrials.shortCode, hardware_id: hardware(), email } }, 200);
    const users = await fixtures.v3("GET", `/v3/users?email=${encodeURIComponent(email)}`);
    for (const { id } of users as unknown as Array<{ id: string }>) fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/users/${id}`, undefined, 204));
  });

  it.each([
    ["trial_not_allowed", () => ({ product: product.shortCode, hardware_id: hardware() })],
    ["email_missing", () => ({ product: userTrials.shortCode, hardware_id: hardware() })],
    ["missing_hardware_id", () => ({ product: trials.shortCode })],
    ["unknown_product", () => ({ product: "NO-SUCH-PRODUCT", hardware_id: hardware() })],
    ["missing_parameters", () => ({ hardware_id: hardware() })],
    ["validation_error", () => ({ product: trials.shortCode, hardware_id: hardware(), email: "not an email" })],
  ])("400 %s", (code, query) => v4.refuses("getTrialKey", { query: query() }, code));

  v4.credentialCases("getTrialKey", () => ({ query: { product: trials.shortCode, hardware_id: hardware() } }));
});

describe("getProductDetails", () => {
  it("200 with the latest version, verified", async () => {
    const answer = await v4.callVerified("getProductDetails", { query: { product: product.shortCode, include_latest_version: true, include_custom_fields: true } });
    expect(answer).toMatchObject({ short_code: product.shortCode });
  });

  it.each([
    ["unknown_product", { product: "NO-SUCH-PRODUCT" }],
    ["missing_parameters", {}],
    ["validation_error", { product: "P", include_latest_version: "perhaps" }],
  ])("400 %s", (code, query) => v4.refuses("getProductDetails", { query: query as Record<string, string> }, code));

  v4.credentialCases("getProductDetails", () => ({ query: { product: product.shortCode } }));
});

const licensed = (key = license.key, hardwareId = activated) => ({ product: product.shortCode, license_key: key, hardware_id: hardwareId });
/** The refusals versions and installation_file share: they need an activated device of a usable license. */
const downloadRefusals: Array<[string, () => Promise<Record<string, string>>]> = [
  ["active_license_required", async () => licensed(license.key, hardware())],
  ["license_not_found", async () => licensed("NO-SUCH-KEY")],
  ["unknown_product", async () => ({ ...licensed(), product: "NO-SUCH-PRODUCT" })],
  ["missing_parameters", async () => ({ product: product.shortCode, license_key: license.key })],
  ["validation_error", async () => ({ ...licensed(), license_id: "not-a-number" })],
];

describe("getVersions", () => {
  it("200 with the release, verified", async () => {
    expect(await v4.callVerified("getVersions", { query: licensed() })).toEqual([expect.objectContaining({ version: "1.2.0" })]);
  });
  it.each(downloadRefusals)("400 %s", async (code, query) => v4.refuses("getVersions", { query: await query() }, code));
  v4.credentialCases("getVersions", () => ({ query: licensed() }));
});

describe("getInstallationFile", () => {
  it("200 with the file of the version", async () => {
    expect(await v4.client.call("getInstallationFile", { query: { ...licensed(), version: "1.2.0" } }, 200)).toMatchObject({ version: "1.2.0" });
  });
  it("400 version_not_found", () => v4.refuses("getInstallationFile", { query: { ...licensed(), version: "9.9.9" } }, "version_not_found"));
  it.each(downloadRefusals)("400 %s", async (code, query) => v4.refuses("getInstallationFile", { query: await query() }, code));
  v4.credentialCases("getInstallationFile", () => ({ query: licensed() }));
});
