/** check_license_feature through the official SDK and signed HTTP: features, consumption features, floating slots. */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { BlacklistedDeviceEntity } from "../../server/db/index.js";
import { describeEachDatabase } from "../support/database.js";
import { v4SchemaProblems } from "../support/sdk.js";
import { counter, dated, device, feature, featureSuite, minute, refusal } from "./features-setup.js";

describeEachDatabase("v4 check_license_feature", (getCore) => {
  const suite = featureSuite(getCore);
  const check = (key: string, hardwareId: string, code: string, extra: Record<string, unknown> = {}) =>
    suite.sdk.checkLicenseFeature({ license_key: key, hardware_id: hardwareId, product: suite.product.shortCode, feature: code, ...extra });
  const floatingLicense = (floatingUsers: number) =>
    suite.license({ allowedActivations: 0, terms: { features: [feature("seat", { isFloatingCloud: true, floatingUsers, floatingTimeout: 5 })] } });

  it("answers an activation feature; the SDK verifies the signature and the answer keeps the schema", async () => {
    const { key } = await suite.license({ terms: { features: [feature("export")] } });
    const hardwareId = await suite.activate(key);
    const answer = await check(key, hardwareId, "export");
    expect(v4SchemaProblems("FeatureCheck", answer)).toEqual([]);
    expect(answer).toMatchObject({ code: "export", feature_type: "activation", is_floating_cloud: false, metadata: { tier: "pro" } });
    expect(answer).not.toHaveProperty("metadata_string");
    expect(answer).not.toHaveProperty("floating_in_use_devices");
    const withText = await check(key, hardwareId, "export", { include_metadata_string: true });
    expect(JSON.parse(withText.metadata_string)).toEqual(answer.metadata);
  });

  it("answers a consumption feature with its counter, and refuses it once nothing is left", async () => {
    const { key } = await suite.license({
      terms: { features: [feature("render", { type: "consumption", consumption: counter({ max: 3, total: 2 }) })] },
    });
    const hardwareId = await suite.activate(key);
    const answer = await check(key, hardwareId, "render");
    expect(v4SchemaProblems("FeatureCheck", answer)).toEqual([]);
    expect(answer).toMatchObject({ feature_type: "consumption", max_consumption: 3, total_consumptions: 2 });
    await suite.sdk.addFeatureConsumption({ license_key: key, hardware_id: hardwareId, product: suite.product.shortCode, feature: "render", consumptions: 1 });
    expect(await refusal(check(key, hardwareId, "render"))).toBe("license_not_enough_consumptions");
  });

  it("a used-up consumption feature stays usable with overages left or unlimited consumptions", async () => {
    const { key } = await suite.license({
      terms: {
        features: [
          feature("overages", { type: "consumption", consumption: counter({ max: 3, total: 3, allowOverages: true, maxOverages: 1 }) }),
          feature("unlimited", { type: "consumption", consumption: counter({ max: 3, total: 3, allowUnlimited: true }) }),
        ],
      },
    });
    const hardwareId = await suite.activate(key);
    expect(await refusal(check(key, hardwareId, "overages"))).toBe("accepted");
    expect(await refusal(check(key, hardwareId, "unlimited"))).toBe("accepted");
  });

  it("refuses a code the license does not have, and a device that is not activated", async () => {
    const { key } = await suite.license({ terms: { features: [feature("export")] } });
    const hardwareId = await suite.activate(key);
    expect(await refusal(check(key, hardwareId, "no-such-feature"))).toBe("invalid_license_feature_code");
    expect(await refusal(check(key, device(), "export"))).toBe("device_not_found");
  });

  it("refuses a disabled, inactive or expired license and a blacklisted device", async () => {
    const withExport = (options: Parameters<typeof suite.license>[0] = {}) => suite.license({ ...options, terms: { ...options.terms, features: [feature("export")] } });
    const expiresAt = new Date(suite.clock.now().getTime() - minute);
    const refused = [
      [await withExport({ revoked: true }), "license_not_enabled"],
      [await withExport({ suspended: true }), "license_not_active"],
      [await withExport({ expiresAt }), "license_expired"],
      [await withExport({ expiresAt, terms: { isTrial: true } }), "trial_expired"],
    ] as const;
    for (const [license, code] of refused) expect(await refusal(check(license.key, device(), "export"))).toBe(code);
    const { key } = await suite.license({ terms: { features: [feature("export")] } });
    const [banned, fine] = [await suite.activate(key), await suite.activate(key)];
    await suite.core.db.transaction((tx) =>
      tx.insert(BlacklistedDeviceEntity, { id: randomUUID(), accountId: suite.vendor.accountId, productId: null, hardwareId: banned, createdAt: suite.clock.now() }),
    );
    expect(await refusal(check(key, banned, "export"))).toBe("blacklisted");
    expect(await refusal(check(key, fine, "export"))).toBe("accepted");
  });

  it("gives a floating feature's slots to exactly floating_users of many parallel checks", async () => {
    const { key } = await floatingLicense(3);
    const devices = await Promise.all(Array.from({ length: 12 }, () => suite.activate(key)));
    const results = await Promise.all(devices.map((hardwareId) => refusal(check(key, hardwareId, "seat"))));
    expect(results.filter((result) => result === "accepted")).toHaveLength(3);
    expect(new Set(results.filter((result) => result !== "accepted"))).toEqual(new Set(["floating_not_available"]));
    const holder = devices[results.indexOf("accepted")]!;
    const again = await check(key, holder, "seat");
    expect(v4SchemaProblems("FeatureCheck", again)).toEqual([]);
    expect(again).toMatchObject({ is_floating_cloud: true, floating_in_use_devices: 3 });
  });

  it("frees a floating slot after the feature's floating_timeout, renewed by each check", async () => {
    const { key } = await floatingLicense(1);
    const [holder, waiting] = [await suite.activate(key), await suite.activate(key)];
    await check(key, holder, "seat");
    suite.travel(4 * minute);
    await check(key, holder, "seat");
    suite.travel(4 * minute);
    expect(await refusal(check(key, waiting, "seat"))).toBe("floating_not_available");
    suite.travel(2 * minute);
    const taken = await suite.http.GET("/api/v4/check_license_feature", {
      params: { ...dated.params, query: { license_key: key, hardware_id: waiting, product: suite.product.shortCode, feature: "seat" } },
    });
    expect(taken.data).toMatchObject({ code: "seat", floating_in_use_devices: 1 });
  });
});
