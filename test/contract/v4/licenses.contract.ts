/** v4 activate_license, check_license and deactivate_license: every documented status, and the refusal codes. */
import { beforeAll, describe, expect, it } from "vitest";
import { contractSuite } from "../suite.js";
import { hardware, V4Contract, type RefusalCase, type V4License, type V4Product } from "./v4-contract.js";

const v4 = new V4Contract(contractSuite());
const { client, fixtures } = v4;
const day = 86_400_000;
const past = () => new Date(Date.now() - day).toISOString();
let product: V4Product;
let userProduct: V4Product;
let license: V4License;
let activated: string;

beforeAll(async () => {
  product = await v4.product();
  userProduct = await v4.product({ authorizationMethod: "user" });
  license = await v4.license(product.id);
  activated = await v4.activate(product, license);
});

const keyed = (key: string, hardwareId = hardware(), extra: Record<string, unknown> = {}) => ({ product: product.shortCode, license_key: key, hardware_id: hardwareId, ...extra });

describe("activateLicense", () => {
  it("200 with a verified LicenseSignature", async () => {
    const answer = await v4.callVerified("activateLicense", { body: keyed(license.key, hardware(), { os_ver: "Windows 11", variables: { seats: "3" } }) });
    expect(answer).toMatchObject({ license_key: license.key });
  });

  it("200 for a user-based license", async () => {
    const userLicense = await v4.license(userProduct.id);
    const user = await v4.assignedUser(userLicense.id);
    await client.call("activateLicense", { body: { product: userProduct.shortCode, username: user.email, password: user.password, hardware_id: hardware() } }, 200);
  });

  const refusals: Array<[string, () => Promise<Record<string, unknown>>]> = [
    ["license_activated_max_times", async () => {
      const full = await v4.license(product.id, { allowedActivations: 1 });
      await v4.activate(product, full);
      return keyed(full.key);
    }],
    ["license_not_found", async () => keyed("NO-SUCH-KEY")],
    ["unknown_product", async () => ({ ...keyed(license.key), product: "NO-SUCH-PRODUCT" })],
    ["license_not_enabled", async () => keyed((await v4.license(product.id, { revoked: true })).key)],
    ["license_expired", async () => keyed((await v4.license(product.id, { expiresAt: past() })).key)],
    ["trial_expired", async () => keyed((await v4.license(product.id, { expiresAt: past(), licenseApi: { isTrial: true } })).key)],
    ["license_start_date_error", async () => keyed((await v4.license(product.id, { effectiveDate: new Date(Date.now() + day).toISOString() })).key)],
    ["vm_not_allowed", async () => keyed((await v4.license(product.id, { allowVmActivation: false })).key, hardware(), { is_vm: true })],
    ["blacklisted", async () => {
      const banned = hardware();
      const entry = await fixtures.v3("POST", "/v3/device-blacklist", { hardwareId: banned, productId: product.id });
      fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/device-blacklist/${entry.id}`, undefined, 204));
      return keyed(license.key, banned);
    }],
    ["license_user_activated_max_times", async () => {
      const userLicense = await v4.license(userProduct.id);
      const user = await v4.assignedUser(userLicense.id, { allowedActivations: 1 });
      const login = { product: userProduct.shortCode, username: user.email, password: user.password };
      await client.call("activateLicense", { body: { ...login, hardware_id: hardware() } }, 200);
      return { ...login, hardware_id: hardware() };
    }],
    ["invalid_credentials", async () => {
      const user = await v4.assignedUser((await v4.license(userProduct.id)).id);
      return { product: userProduct.shortCode, username: user.email, password: "not-the-password", hardware_id: hardware() };
    }],
    ["license_key_required", async () => ({ product: product.shortCode, username: "nobody@example.com", password: "x", hardware_id: hardware() })],
    ["customer_account_not_found", async () => ({ product: userProduct.shortCode, id_token: "a.b.c", customer_account_code: "no-such-account", hardware_id: hardware() })],
    ["missing_parameters", async () => ({ product: product.shortCode, license_key: license.key })],
    ["validation_error", async () => keyed(license.key, hardware(), { is_vm: "yes" })],
  ];
  it.each(refusals)("400 %s", async (code, body) => v4.refuses("activateLicense", { body: await body() }, code));
  it("400 invalid_json", () => v4.refuses("activateLicense", { rawBody: "{" }, "invalid_json"));

  it("409 cannot be provoked", () => {
    client.unreachable("activateLicense", 409, "license_device_exists answers an activation that loses the race to create the same device; the license row is locked for every activation, so no outside request can lose that race");
  });

  v4.credentialCases("activateLicense", () => ({ body: keyed(license.key, activated) }));
});

describe("checkLicense", () => {
  const query = (key: string, hardwareId: string) => ({ query: { product: product.shortCode, license_key: key, hardware_id: hardwareId } });

  it("200 with a verified LicenseSignature", async () => {
    expect(await v4.callVerified("checkLicense", query(license.key, activated))).toMatchObject({ license_active: true, license_enabled: true });
  });

  const refusals: RefusalCase[] = [
    ...v4.stateRefusals(() => product, {}, (identity) => ({ query: { ...identity } })),
    ["missing_parameters", async () => ({ query: { product: product.shortCode, license_key: license.key } })],
    ["validation_error", async () => ({ query: { ...query(license.key, activated).query, license_id: "not-a-number" } })],
  ];
  it.each(refusals)("400 %s", async (code, request) => v4.refuses("checkLicense", await request(), code));

  v4.credentialCases("checkLicense", () => query(license.key, activated));
});

describe("deactivateLicense", () => {
  it("200 license_deactivated", async () => {
    const hardwareId = await v4.activate(product, license);
    expect(await client.call("deactivateLicense", { body: keyed(license.key, hardwareId) }, 200)).toBe("license_deactivated");
  });

  const refusals: Array<[string, () => Promise<Record<string, unknown>>]> = [
    ["license_not_found", async () => keyed("NO-SUCH-KEY", activated)],
    ["device_not_found", async () => keyed(license.key)],
    ["license_transferred_max_times", async () => {
      const fixed = await v4.license(product.id, { allowedDeactivations: 0 });
      return keyed(fixed.key, await v4.activate(product, fixed));
    }],
    ["unknown_product", async () => ({ ...keyed(license.key, activated), product: "NO-SUCH-PRODUCT" })],
    ["missing_parameters", async () => ({ product: product.shortCode, license_key: license.key })],
    ["validation_error", async () => keyed(license.key, activated, { consumptions: "many" })],
  ];
  it.each(refusals)("400 %s", async (code, body) => v4.refuses("deactivateLicense", { body: await body() }, code));
  it("400 invalid_json", () => v4.refuses("deactivateLicense", { rawBody: "{" }, "invalid_json"));

  v4.credentialCases("deactivateLicense", () => ({ body: keyed(license.key, activated) }));
});
