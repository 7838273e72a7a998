/** add_consumption and add_feature_consumption through the official SDK and signed HTTP, both sides of every rule. */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { periodStart } from "../../server/core/license-consumption.js";
import { BlacklistedDeviceEntity, LicenseEntity } from "../../server/db/index.js";
import { describeEachDatabase } from "../support/database.js";
import { v4SchemaProblems } from "../support/sdk.js";
import { counter, dated, day, device, feature, featureSuite, refusal } from "./features-setup.js";

describeEachDatabase("v4 consumption", (getCore) => {
  const suite = featureSuite(getCore);
  const consumptionLicense = (overrides: Parameters<typeof counter>[0] = {}) =>
    suite.license({ terms: { licenseType: "consumption", consumption: counter(overrides) } });
  const add = (key: string, hardwareId: string, consumptions: number, extra: Record<string, unknown> = {}) =>
    suite.sdk.addConsumption({ license_key: key, hardware_id: hardwareId, product: suite.product.shortCode, consumptions, ...extra });
  const total = async (key: string, hardwareId: string) => (await add(key, hardwareId, 0)).total_consumptions;

  describe("add_consumption", () => {
    it("adds within max_consumptions; the SDK verifies the signature and the answer keeps the schema", async () => {
      const { key } = await consumptionLicense();
      const hardwareId = await suite.activate(key);
      const answer = await add(key, hardwareId, 4);
      expect(v4SchemaProblems("ConsumptionResult", answer)).toEqual([]);
      expect(answer).toMatchObject({ total_consumptions: 4, max_consumptions: 10, allow_overages: false, max_overages: 0 });
      const again = await add(key, hardwareId, 6);
      expect(again.total_consumptions).toBe(10);
      expect(again.id).toBe(answer.id);
    });

    it("refuses what would pass max_consumptions, and records nothing", async () => {
      const { key } = await consumptionLicense();
      const hardwareId = await suite.activate(key);
      await add(key, hardwareId, 8);
      expect(await refusal(add(key, hardwareId, 3))).toBe("license_not_enough_consumptions");
      expect(await total(key, hardwareId)).toBe(8);
      expect(await refusal(add(key, hardwareId, 2))).toBe("accepted");
    });

    it("allows max_overages beyond the limit when overages are allowed, and no further", async () => {
      const { key } = await consumptionLicense({ allowOverages: true, maxOverages: 5 });
      const hardwareId = await suite.activate(key);
      expect(await refusal(add(key, hardwareId, 15))).toBe("accepted");
      expect(await refusal(add(key, hardwareId, 1))).toBe("license_not_enough_consumptions");
      const notAllowed = await consumptionLicense({ allowOverages: false, maxOverages: 5 });
      const other = await suite.activate(notAllowed.key);
      expect(await refusal(add(notAllowed.key, other, 11))).toBe("license_not_enough_consumptions");
    });

    it("allow_unlimited_consumptions lifts both limits", async () => {
      const { key } = await consumptionLicense({ allowUnlimited: true, max: 1 });
      const hardwareId = await suite.activate(key);
      expect((await add(key, hardwareId, 1000)).total_consumptions).toBe(1000);
    });

    it("takes negative consumptions only when the license allows them", async () => {
      const refusing = await consumptionLicense({ total: 0 });
      const a = await suite.activate(refusing.key);
      await add(refusing.key, a, 5);
      expect(await refusal(add(refusing.key, a, -2))).toBe("license_not_enough_consumptions");
      expect(await total(refusing.key, a)).toBe(5);
      const allowing = await consumptionLicense({ allowNegative: true });
      const b = await suite.activate(allowing.key);
      await add(allowing.key, b, 5);
      expect((await add(allowing.key, b, -2)).total_consumptions).toBe(3);
    });

    it("max_overages and allow_overages in the request change the license's overage settings first", async () => {
      const { key } = await consumptionLicense();
      const hardwareId = await suite.activate(key);
      expect(await refusal(add(key, hardwareId, 12))).toBe("license_not_enough_consumptions");
      const answer = await add(key, hardwareId, 12, { allow_overages: true, max_overages: 3 });
      expect(answer).toMatchObject({ total_consumptions: 12, allow_overages: true, max_overages: 3 });
      expect((await add(key, hardwareId, 0)).max_overages).toBe(3);
    });

    it("a refused request changes no overage setting either", async () => {
      const { key } = await consumptionLicense();
      const hardwareId = await suite.activate(key);
      expect(await refusal(add(key, hardwareId, 50, { allow_overages: true, max_overages: 3 }))).toBe("license_not_enough_consumptions");
      expect(await add(key, hardwareId, 0)).toMatchObject({ allow_overages: false, max_overages: 0, total_consumptions: 0 });
    });

    it("lets exactly max_consumptions of many parallel single consumptions through", async () => {
      const { key } = await consumptionLicense({ max: 7 });
      const hardwareId = await suite.activate(key);
      const results = await Promise.all(Array.from({ length: 30 }, () => refusal(add(key, hardwareId, 1))));
      expect(results.filter((result) => result === "accepted")).toHaveLength(7);
      expect(new Set(results.filter((result) => result !== "accepted"))).toEqual(new Set(["license_not_enough_consumptions"]));
      expect(await total(key, hardwareId)).toBe(7);
    });

    it("fires license.updated for each recorded change unless ignore_events is set", async () => {
      const { key } = await consumptionLicense();
      const hardwareId = await suite.activate(key);
      const before = await suite.licenseUpdates();
      await add(key, hardwareId, 1);
      expect(await suite.licenseUpdates()).toBe(before + 1);
      await add(key, hardwareId, 1, { ignore_events: true });
      expect(await suite.licenseUpdates()).toBe(before + 1);
      await refusal(add(key, hardwareId, 100));
      expect(await suite.licenseUpdates()).toBe(before + 1);
    });

    it("refuses a license that counts no consumptions", async () => {
      const { key } = await suite.license();
      const hardwareId = await suite.activate(key);
      expect(await refusal(add(key, hardwareId, 1))).toBe("validation_error");
    });

    it("needs the device activated on the license", async () => {
      const { key } = await consumptionLicense();
      await suite.activate(key);
      expect(await refusal(add(key, device(), 1))).toBe("device_not_found");
    });

    it.each([
      ["disabled", { revoked: true }, "license_not_enabled"],
      ["inactive", { suspended: true }, "license_not_active"],
      ["expired", { expiresAt: "past" }, "license_expired"],
    ] as const)("refuses a %s license, and accepts once it is usable again", async (_name, state, code) => {
      const { key, id } = await consumptionLicense();
      const hardwareId = await suite.activate(key);
      const change = "expiresAt" in state ? { expiresAt: new Date(suite.clock.now().getTime() - day) } : state;
      await suite.core.db.transaction((tx) => tx.update(LicenseEntity, { id }, change));
      expect(await refusal(add(key, hardwareId, 1))).toBe(code);
      const undo = "expiresAt" in state ? { expiresAt: null } : { revoked: false, suspended: false };
      await suite.core.db.transaction((tx) => tx.update(LicenseEntity, { id }, undo));
      expect(await refusal(add(key, hardwareId, 1))).toBe("accepted");
    });

    it("refuses a blacklisted device", async () => {
      const { key } = await consumptionLicense();
      const [banned, fine] = [await suite.activate(key), await suite.activate(key)];
      await suite.core.db.transaction((tx) =>
        tx.insert(BlacklistedDeviceEntity, { id: randomUUID(), accountId: suite.vendor.accountId, productId: suite.product.id, hardwareId: banned, createdAt: suite.clock.now() }),
      );
      expect(await refusal(add(key, banned, 1))).toBe("blacklisted");
      expect(await refusal(add(key, fine, 1))).toBe("accepted");
    });
  });

  describe("reset periods", () => {
    const addAt = (key: string, hardwareId: string, consumptions: number) =>
      suite.http.POST("/api/v4/add_consumption", {
        ...dated,
        body: { license_key: key, hardware_id: hardwareId, product: suite.product.shortCode, consumptions },
      });

    it.each([
      ["daily", day],
      ["weekly", 7 * day],
      ["monthly", 31 * day],
      ["annually", 366 * day],
    ] as const)("a %s counter starts again from 0 once its period has turned on the server clock", async (period, length) => {
      const resetting = await consumptionLicense({ reset: true, period });
      const keeping = await consumptionLicense({ reset: false, period });
      const [a, b] = [await suite.activate(resetting.key), await suite.activate(keeping.key)];
      await add(resetting.key, a, 10);
      await add(keeping.key, b, 10);
      expect((await addAt(resetting.key, a, 1)).error).toMatchObject({ code: "license_not_enough_consumptions" });
      suite.travel(length);
      expect((await addAt(resetting.key, a, 1)).data).toMatchObject({ total_consumptions: 1, reset_consumption: true, consumption_period: period });
      expect((await addAt(keeping.key, b, 1)).error).toMatchObject({ code: "license_not_enough_consumptions" });
    });

    it("periods start at UTC midnight, on Mondays, on the 1st and on January 1st", () => {
      const now = new Date("2026-11-19T15:30:00.000Z"); // a Thursday
      expect(periodStart("daily", now).toISOString()).toBe("2026-11-19T00:00:00.000Z");
      expect(periodStart("weekly", now).toISOString()).toBe("2026-11-16T00:00:00.000Z");
      expect(periodStart("weekly", new Date("2026-11-22T23:59:59.000Z")).toISOString()).toBe("2026-11-16T00:00:00.000Z");
      expect(periodStart("monthly", now).toISOString()).toBe("2026-11-01T00:00:00.000Z");
      expect(periodStart("annually", now).toISOString()).toBe("2026-01-01T00:00:00.000Z");
    });
  });

  describe("add_feature_consumption", () => {
    const featureLicense = (overrides: Parameters<typeof counter>[0] = {}) =>
      suite.license({
        terms: { features: [feature("render", { type: "consumption", consumption: counter(overrides) }), feature("export")] },
      });
    const addTo = (key: string, hardwareId: string, code: string, consumptions: number) =>
      suite.sdk.addFeatureConsumption({ license_key: key, hardware_id: hardwareId, product: suite.product.shortCode, feature: code, consumptions });

    it("adds within the feature's limit, the answer keeps the schema, and the license shows the new total", async () => {
      const { key } = await featureLicense();
      const hardwareId = await suite.activate(key);
      const answer = await addTo(key, hardwareId, "render", 6);
      expect(v4SchemaProblems("FeatureConsumptionResult", answer)).toEqual([]);
      expect(answer).toMatchObject({ total_consumptions: 6, max_consumptions: 10, is_floating_cloud: false });
      const checked = await suite.sdk.checkLicense({ license_key: key, hardware_id: hardwareId, product: suite.product.shortCode });
      expect(checked.product_features.find((f: { code: string }) => f.code === "render").total_consumptions).toBe(6);
    });

    it("refuses what would pass the feature's limit (overages included) and records nothing", async () => {
      const { key } = await featureLicense({ allowOverages: true, maxOverages: 2 });
      const hardwareId = await suite.activate(key);
      expect(await refusal(addTo(key, hardwareId, "render", 12))).toBe("accepted");
      expect(await refusal(addTo(key, hardwareId, "render", 1))).toBe("license_not_enough_consumptions");
      expect((await addTo(key, hardwareId, "render", 0)).total_consumptions).toBe(12);
    });

    it("lets exactly the feature's limit of parallel consumptions through", async () => {
      const { key } = await featureLicense({ max: 5 });
      const hardwareId = await suite.activate(key);
      const results = await Promise.all(Array.from({ length: 20 }, () => refusal(addTo(key, hardwareId, "render", 1))));
      expect(results.filter((result) => result === "accepted")).toHaveLength(5);
      expect((await addTo(key, hardwareId, "render", 0)).total_consumptions).toBe(5);
    });

    it("negative feature consumptions only where allowed", async () => {
      const refusing = await featureLicense();
      const a = await suite.activate(refusing.key);
      expect(await refusal(addTo(refusing.key, a, "render", -1))).toBe("license_not_enough_consumptions");
      const allowing = await featureLicense({ allowNegative: true, total: 4 });
      const b = await suite.activate(allowing.key);
      expect((await addTo(allowing.key, b, "render", -1)).total_consumptions).toBe(3);
    });

    it("an unknown feature code and an activation feature are refused; the device must be activated", async () => {
      const { key } = await featureLicense();
      const hardwareId = await suite.activate(key);
      expect(await refusal(addTo(key, hardwareId, "no-such-feature", 1))).toBe("invalid_license_feature_code");
      expect(await refusal(addTo(key, hardwareId, "export", 1))).toBe("validation_error");
      expect(await refusal(addTo(key, device(), "render", 1))).toBe("device_not_found");
    });

    it("fires license.updated", async () => {
      const { key } = await featureLicense();
      const hardwareId = await suite.activate(key);
      const before = await suite.licenseUpdates();
      await addTo(key, hardwareId, "render", 1);
      expect(await suite.licenseUpdates()).toBe(before + 1);
    });
  });
});
