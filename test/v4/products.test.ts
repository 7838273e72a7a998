/** product_details, versions, installation_file, device variables and trial keys through the official SDK. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Core } from "../../server/core/index.js";
import { ProductVersionEntity } from "../../server/db/index.js";
import { TestClock } from "../support/api.js";
import { describeEachDatabase } from "../support/database.js";
import { licenseApi, v4SchemaProblems, type LicenseApi } from "../support/sdk.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { createV4License, createV4Product, createV4Vendor, type V4Vendor } from "../support/v4-fixtures.js";

const day = 86_400_000;
const device = () => `HW-${randomUUID()}`;

describeEachDatabase("v4 products, versions, device variables and trials", (getCore) => {
  const clock = new TestClock();
  let core: Core;
  let server: TestServer;
  let vendor: V4Vendor;
  let sdk: LicenseApi;
  let product: { id: string; shortCode: string };

  beforeAll(async () => {
    core = { ...getCore(), now: clock.now };
    server = await startTestServer(core);
    vendor = await createV4Vendor(core);
    sdk = licenseApi(server.url, vendor);
    product = await createV4Product(core, vendor.accountId, {
      licensing: { allowTrial: true, trialDays: 7, customFields: [{ id: randomUUID(), name: "Seats", defaultValue: "5" }], metadata: { tier: "pro" } },
    });
    const version = (v: string, released: number, env = "win64") => ({
      id: randomUUID(), accountId: vendor.accountId, productId: product.id, version: v, environment: env, channel: "prod",
      fullLink: `https://downloads.example.com/${v}.exe`, filename: `${v}.exe`, releaseDate: new Date(clock.now().getTime() + released * day),
      hashMd5: null, eulaLink: null, releaseNotesLink: null, size: 1024, requiresVersion: null, enabled: true, createdAt: clock.now(), updatedAt: clock.now(),
    });
    await core.db.transaction((tx) => tx.insert(ProductVersionEntity, [version("1.0.0", -100), version("1.1.0", -10), version("2.0.0", 20), version("1.0.1", -50, "linux64")]));
  });
  afterAll(() => server?.stop());

  const refusal = (promise: Promise<unknown>) => promise.then(() => "accepted", (error: { code?: string }) => error.code ?? String(error));
  const activated = async (options: Parameters<typeof createV4License>[3] = {}) => {
    const { key } = await createV4License(core, vendor.accountId, product.id, options);
    const hardwareId = device();
    await sdk.activateLicense({ license_key: key, hardware_id: hardwareId, product: product.shortCode });
    return { license_key: key, hardware_id: hardwareId, product: product.shortCode };
  };

  it("answers product_details with the optional latest version and custom fields", async () => {
    const plain = await sdk.getProductDetails({ product: product.shortCode });
    expect(v4SchemaProblems("ProductDetails", plain)).toEqual([]);
    expect(plain).toMatchObject({ short_code: product.shortCode, allow_trial: true, trial_days: 7, metadata: { tier: "pro" } });
    expect(plain).not.toHaveProperty("latest_version");
    const full = await sdk.getProductDetails({ product: product.shortCode, include_latest_version: true, include_custom_fields: true, env: "win64" });
    expect(v4SchemaProblems("ProductDetails", full)).toEqual([]);
    expect(full.latest_version.version).toBe("2.0.0");
    expect(full.custom_fields).toEqual([expect.objectContaining({ name: "Seats", default_value: "5" })]);
    expect(await refusal(sdk.getProductDetails({ product: "NO-SUCH" }))).toBe("unknown_product");
  });

  it("lists the versions a license may install, limited by its validity, and their installation files", async () => {
    const open = await activated();
    expect(await sdk.getVersions({ ...open, env: "win64" })).toEqual([
      { version: "2.0.0", release_date: expect.any(String) }, { version: "1.1.0", release_date: expect.any(String) }, { version: "1.0.0", release_date: expect.any(String) },
    ]);
    const limited = await activated({ expiresAt: new Date(clock.now().getTime() + day) });
    expect((await sdk.getVersions({ ...limited, env: "win64" })).map((v: { version: string }) => v.version)).toEqual(["1.1.0", "1.0.0"]);
    const newest = await sdk.getInstallationFile({ ...limited, env: "win64" });
    expect(v4SchemaProblems("InstallationFile", newest)).toEqual([]);
    expect(newest).toMatchObject({ version: "1.1.0", installation_file: "https://downloads.example.com/1.1.0.exe" });
    expect((await sdk.getInstallationFile({ ...limited, env: "win64", version: "1.0.0" })).version).toBe("1.0.0");
    expect(await refusal(sdk.getInstallationFile({ ...limited, env: "win64", version: "2.0.0" }))).toBe("version_not_found");
    expect(await refusal(sdk.getVersions({ ...limited, hardware_id: device() }))).toBe("active_license_required");
  });

  it("tracks and reads device variables of an activated device only", async () => {
    const target = await activated();
    const tracked = await sdk.trackDeviceVariables({ ...target, variables: { gpu: "RTX", seats: 3, beta: true } });
    expect(v4SchemaProblems("TrackedDeviceVariables", tracked)).toEqual([]);
    await sdk.trackDeviceVariables({ ...target, variables: { seats: 4 } });
    const stored = await sdk.getDeviceVariables(target);
    expect(v4SchemaProblems("StoredDeviceVariables", stored)).toEqual([]);
    expect(Object.fromEntries(stored.map((v: { variable: string; value: string }) => [v.variable, v.value]))).toEqual({ beta: "true", gpu: "RTX", seats: "4" });
    expect(await refusal(sdk.getDeviceVariables({ ...target, hardware_id: device() }))).toBe("device_not_found");
    expect(await refusal(sdk.trackDeviceVariables({ ...target, hardware_id: device(), variables: { a: 1 } }))).toBe("device_not_found");
  });

  it("gives one trial per device and product, even to parallel requests, and the trial activates", async () => {
    const hardwareId = device();
    const answers = await Promise.all(Array.from({ length: 6 }, () => sdk.getTrialKey({ product: product.shortCode, hardware_id: hardwareId })));
    for (const answer of answers) expect(v4SchemaProblems("TrialKey", answer)).toEqual([]);
    expect(new Set(answers.map((answer: { license: string }) => answer.license)).size).toBe(1);
    expect(answers.filter((answer: { id?: number }) => answer.id !== undefined)).toHaveLength(1);
    const license = answers[0].license as string;
    const activation = await sdk.activateLicense({ license_key: license, hardware_id: hardwareId, product: product.shortCode });
    expect(activation).toMatchObject({ is_trial: true, trial_days: 7 });
    expect(Date.parse(activation.validity_period) - clock.now().getTime()).toBeGreaterThan(6 * day);
    expect((await sdk.getTrialKey({ product: product.shortCode, hardware_id: device() })).license).not.toBe(license);
  });

  it("refuses trials where the product allows none, and user-based trials without an email", async () => {
    const noTrials = await createV4Product(core, vendor.accountId);
    expect(await refusal(sdk.getTrialKey({ product: noTrials.shortCode, hardware_id: device() }))).toBe("trial_not_allowed");
    const users = await createV4Product(core, vendor.accountId, { authorizationMethod: "user", licensing: { allowTrial: true } });
    expect(await refusal(sdk.getTrialKey({ product: users.shortCode, hardware_id: device() }))).toBe("email_missing");
    const trial = await sdk.getTrialKey({ product: users.shortCode, hardware_id: device(), email: "Trial@Example.com", password: "first-pass" });
    expect(trial).toMatchObject({ license_user: "trial@example.com", initial_password: "first-pass" });
    const activation = await sdk.activateLicense({ username: "trial@example.com", password: "first-pass", hardware_id: device(), product: users.shortCode });
    expect(activation.is_trial).toBe(true);
  });
});
