/** product_details, versions, installation_file, device variables and trial keys through the official SDK. */
import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { ProductVersionEntity } from "../../server/db/index.js";
import { v4SchemaProblems } from "../support/sdk.js";
import { createV4License, createV4Product, describeV4, device, refusal } from "../support/v4-fixtures.js";

const day = 86_400_000;

describeV4("v4 products, versions, device variables and trials", (v4) => {
  let product: { id: string; shortCode: string };

  beforeAll(async () => {
    product = await createV4Product(v4.core, v4.vendor.accountId, {
      licensing: { allowTrial: true, trialDays: 7, customFields: [{ id: randomUUID(), name: "Seats", defaultValue: "5" }], metadata: { tier: "pro" } },
    });
    const now = v4.clock.now();
    const version = (v: string, releasedInDays: number, env = "win64") => ({
      id: randomUUID(), accountId: v4.vendor.accountId, productId: product.id, version: v, environment: env, channel: "prod",
      fullLink: `https://downloads.example.com/${v}.exe`, filename: `${v}.exe`, releaseDate: new Date(now.getTime() + releasedInDays * day),
      hashMd5: null, eulaLink: null, releaseNotesLink: null, size: 1024, requiresVersion: null, enabled: true, createdAt: now, updatedAt: now,
    });
    await v4.core.db.transaction((tx) => tx.insert(ProductVersionEntity, [version("1.0.0", -100), version("1.1.0", -10), version("2.0.0", 20), version("1.0.1", -50, "linux64")]));
  });

  const activated = async (options: Parameters<typeof createV4License>[3] = {}) => {
    const { key } = await createV4License(v4.core, v4.vendor.accountId, product.id, options);
    const hardwareId = device();
    await v4.sdk.activateLicense({ license_key: key, hardware_id: hardwareId, product: product.shortCode });
    return { license_key: key, hardware_id: hardwareId, product: product.shortCode };
  };

  it("answers product_details with the optional latest version and custom fields", async () => {
    const plain = await v4.sdk.getProductDetails({ product: product.shortCode });
    expect(v4SchemaProblems("ProductDetails", plain)).toEqual([]);
    expect(plain).toMatchObject({ short_code: product.shortCode, allow_trial: true, trial_days: 7, metadata: { tier: "pro" } });
    expect(plain).not.toHaveProperty("latest_version");
    const full = await v4.sdk.getProductDetails({ product: product.shortCode, include_latest_version: true, include_custom_fields: true, env: "win64" });
    expect(v4SchemaProblems("ProductDetails", full)).toEqual([]);
    expect(full.latest_version.version).toBe("2.0.0");
    expect(full.custom_fields).toEqual([expect.objectContaining({ name: "Seats", default_value: "5" })]);
    expect(await refusal(v4.sdk.getProductDetails({ product: "NO-SUCH" }))).toBe("unknown_product");
  });

  it("lists the versions a license may install, limited by its validity, and their installation files", async () => {
    const open = await activated();
    expect(await v4.sdk.getVersions({ ...open, env: "win64" })).toEqual([
      { version: "2.0.0", release_date: expect.any(String) }, { version: "1.1.0", release_date: expect.any(String) }, { version: "1.0.0", release_date: expect.any(String) },
    ]);
    const limited = await activated({ expiresAt: new Date(v4.clock.now().getTime() + day) });
    expect((await v4.sdk.getVersions({ ...limited, env: "win64" })).map((v: { version: string }) => v.version)).toEqual(["1.1.0", "1.0.0"]);
    const newest = await v4.sdk.getInstallationFile({ ...limited, env: "win64" });
    expect(v4SchemaProblems("InstallationFile", newest)).toEqual([]);
    expect(newest).toMatchObject({ version: "1.1.0", installation_file: "https://downloads.example.com/1.1.0.exe" });
    expect((await v4.sdk.getInstallationFile({ ...limited, env: "win64", version: "1.0.0" })).version).toBe("1.0.0");
    expect(await refusal(v4.sdk.getInstallationFile({ ...limited, env: "win64", version: "2.0.0" }))).toBe("version_not_found");
    expect(await refusal(v4.sdk.getVersions({ ...limited, hardware_id: device() }))).toBe("active_license_required");
  });

  it("tracks and reads device variables of an activated device only", async () => {
    const target = await activated();
    const tracked = await v4.sdk.trackDeviceVariables({ ...target, variables: { gpu: "RTX", seats: 3, beta: true } });
    expect(v4SchemaProblems("TrackedDeviceVariables", tracked)).toEqual([]);
    await v4.sdk.trackDeviceVariables({ ...target, variables: { seats: 4 } });
    const stored = await v4.sdk.getDeviceVariables(target);
    expect(v4SchemaProblems("StoredDeviceVariables", stored)).toEqual([]);
    expect(Object.fromEntries(stored.map((v: { variable: string; value: string }) => [v.variable, v.value]))).toEqual({ beta: "true", gpu: "RTX", seats: "4" });
    expect(await refusal(v4.sdk.getDeviceVariables({ ...target, hardware_id: device() }))).toBe("device_not_found");
    expect(await refusal(v4.sdk.trackDeviceVariables({ ...target, hardware_id: device(), variables: { a: 1 } }))).toBe("device_not_found");
  });

  it("gives one trial per device and product, even to parallel requests, and the trial activates", async () => {
    const hardwareId = device();
    const answers = await Promise.all(Array.from({ length: 6 }, () => v4.sdk.getTrialKey({ product: product.shortCode, hardware_id: hardwareId })));
    for (const answer of answers) expect(v4SchemaProblems("TrialKey", answer)).toEqual([]);
    expect(new Set(answers.map((answer: { license: string }) => answer.license)).size).toBe(1);
    expect(answers.filter((answer: { id?: number }) => answer.id !== undefined)).toHaveLength(1);
    const license = answers[0].license as string;
    const activation = await v4.sdk.activateLicense({ license_key: license, hardware_id: hardwareId, product: product.shortCode });
    expect(activation).toMatchObject({ is_trial: true, trial_days: 7 });
    expect(Date.parse(activation.validity_period) - v4.clock.now().getTime()).toBeGreaterThan(6 * day);
    expect((await v4.sdk.getTrialKey({ product: product.shortCode, hardware_id: device() })).license).not.toBe(license);
  });

  it("refuses trials where the product allows none, and user-based trials without an email", async () => {
    const noTrials = await createV4Product(v4.core, v4.vendor.accountId);
    expect(await refusal(v4.sdk.getTrialKey({ product: noTrials.shortCode, hardware_id: device() }))).toBe("trial_not_allowed");
    const users = await createV4Product(v4.core, v4.vendor.accountId, { authorizationMethod: "user", licensing: { allowTrial: true } });
    expect(await refusal(v4.sdk.getTrialKey({ product: users.shortCode, hardware_id: device() }))).toBe("email_missing");
    const trial = await v4.sdk.getTrialKey({ product: users.shortCode, hardware_id: device(), email: "Trial@Example.com", password: "first-pass" });
    expect(trial).toMatchObject({ license_user: "trial@example.com", initial_password: "first-pass" });
    const activation = await v4.sdk.activateLicense({ username: "trial@example.com", password: "first-pass", hardware_id: device(), product: users.shortCode });
    expect(activation.is_trial).toBe(true);
  });
});
