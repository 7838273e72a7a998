/** floating/borrow, floating/release and the feature variants through the official SDK and signed HTTP. */
import { describe, expect, it } from "vitest";
import { LicenseEntity } from "../../server/db/index.js";
import { describeEachDatabase } from "../support/database.js";
import { v4SchemaProblems } from "../support/sdk.js";
import { createLicenseUserFor, createV4License, createV4Product } from "../support/v4-fixtures.js";
import { dated, device, feature, featureSuite, hour, minute, refusal } from "./features-setup.js";

describeEachDatabase("v4 floating borrow and release", (getCore) => {
  const suite = featureSuite(getCore);
  const ids = (key: string, hardwareId: string) => ({ license_key: key, hardware_id: hardwareId, product: suite.product.shortCode });
  /** A floating-cloud license whose seats lapse 10 minutes after the last check, borrowable for up to one hour. */
  const floatingLicense = (options: { seats?: number; canBorrow?: boolean } = {}) =>
    suite.license({
      type: "hosted-floating", allowedFloatingClients: options.seats ?? 1, allowedActivations: 0, leaseDuration: 600,
      terms: { canBorrow: options.canBorrow ?? true, maxBorrowTime: 1 },
    });
  const inMinutes = (minutes: number) => new Date(suite.clock.now().getTime() + minutes * minute).toISOString();
  const borrow = (key: string, hardwareId: string, until: string | null) => suite.sdk.floatingBorrow({ ...ids(key, hardwareId), borrowed_until: until });

  it("borrows until the given time; the SDK verifies the signature and the answer keeps the schema", async () => {
    const { key } = await floatingLicense();
    const hardwareId = device();
    const activated = await suite.sdk.activateLicense(ids(key, hardwareId));
    const until = inMinutes(30);
    const answer = await borrow(key, hardwareId, until);
    expect(v4SchemaProblems("FloatingBorrow", answer)).toEqual([]);
    expect(answer).toMatchObject({ borrowed_until: until, max_borrow_time: 1, device_id: activated.device_id, license_id: activated.id });
    const checked = await suite.sdk.checkLicense(ids(key, hardwareId));
    expect(checked).toMatchObject({ is_borrowed: true, borrowed_until: until });
  });

  it("borrows for max_borrow_time hours when borrowed_until is null", async () => {
    const { key } = await floatingLicense();
    const hardwareId = await suite.activate(key);
    const before = suite.clock.now().getTime();
    const answer = await borrow(key, hardwareId, null);
    const end = Date.parse(answer.borrowed_until);
    expect(end).toBeGreaterThanOrEqual(before + hour);
    expect(end).toBeLessThanOrEqual(suite.clock.now().getTime() + hour);
  });

  it("refuses a borrow that ends in the past or beyond max_borrow_time, and accepts one just within", async () => {
    const { key } = await floatingLicense();
    const hardwareId = await suite.activate(key);
    expect(await refusal(borrow(key, hardwareId, inMinutes(-1)))).toBe("borrow_until_not_valid");
    expect(await refusal(borrow(key, hardwareId, inMinutes(61)))).toBe("borrow_until_not_valid");
    expect(await refusal(borrow(key, hardwareId, inMinutes(59)))).toBe("accepted");
  });

  it("refuses borrowing a license that cannot be borrowed, or is not floating", async () => {
    const fixed = await floatingLicense({ canBorrow: false });
    expect(await refusal(borrow(fixed.key, await suite.activate(fixed.key), inMinutes(5)))).toBe("borrow_until_not_valid");
    const nodeLocked = await suite.license({ terms: { canBorrow: true, maxBorrowTime: 1 } });
    const hardwareId = await suite.activate(nodeLocked.key);
    expect(await refusal(borrow(nodeLocked.key, hardwareId, inMinutes(5)))).toBe("floating_not_available");
    expect(await refusal(suite.sdk.floatingRelease(ids(nodeLocked.key, hardwareId)))).toBe("floating_not_available");
  });

  it("refuses an expired license, and accepts the same borrow before expiry", async () => {
    const { key, id } = await floatingLicense();
    const hardwareId = await suite.activate(key);
    expect(await refusal(borrow(key, hardwareId, inMinutes(5)))).toBe("accepted");
    await suite.core.db.transaction((tx) => tx.update(LicenseEntity, { id }, { expiresAt: new Date(suite.clock.now().getTime() - minute) }));
    expect(await refusal(borrow(key, hardwareId, inMinutes(5)))).toBe("license_expired");
  });

  it("needs the device activated on the license", async () => {
    const { key } = await floatingLicense();
    expect(await refusal(borrow(key, device(), inMinutes(5)))).toBe("device_not_found");
    expect(await refusal(suite.sdk.floatingRelease(ids(key, device())))).toBe("device_not_found");
  });

  it("a borrowed seat outlasts the floating timeout until the borrow ends", async () => {
    const { key } = await floatingLicense();
    const holder = await suite.activate(key);
    await borrow(key, holder, inMinutes(13));
    suite.travel(11 * minute);
    expect(await refusal(suite.sdk.activateLicense(ids(key, device())))).toBe("license_activated_max_times");
    suite.travel(3 * minute);
    expect(await refusal(suite.sdk.activateLicense(ids(key, device())))).toBe("accepted");
  });

  it("a seat that is not borrowed lapses with the floating timeout", async () => {
    const { key } = await floatingLicense();
    await suite.activate(key);
    suite.travel(11 * minute);
    expect(await refusal(suite.sdk.activateLicense(ids(key, device())))).toBe("accepted");
  });

  it("release frees the seat at once (and ends a borrow); the answer is an empty body", async () => {
    const { key } = await floatingLicense();
    const holder = await suite.activate(key);
    await borrow(key, holder, inMinutes(30));
    expect(await refusal(suite.sdk.activateLicense(ids(key, device())))).toBe("license_activated_max_times");
    expect(await suite.sdk.floatingRelease(ids(key, holder))).toBe(true);
    expect(await refusal(suite.sdk.activateLicense(ids(key, device())))).toBe("accepted");
  });

  it("release over plain HTTP answers 200 with an empty text body", async () => {
    const { key } = await floatingLicense();
    const holder = await suite.activate(key);
    const { response } = await suite.http.POST("/api/v4/floating/release", { ...dated, body: ids(key, holder), parseAs: "text" });
    const { status, headers } = response;
    expect([status, headers.get("content-type"), headers.get("content-length")]).toEqual([200, expect.stringContaining("text/plain"), "0"]);
  });

  it("a user-based license is borrowed with username and password, and not with a wrong password", async () => {
    const product = await createV4Product(suite.core, suite.vendor.accountId, { authorizationMethod: "user" });
    const license = await createV4License(suite.core, suite.vendor.accountId, product.id, {
      type: "hosted-floating", allowedFloatingClients: 1, allowedActivations: 0, terms: { canBorrow: true, maxBorrowTime: 2 },
    });
    const user = await createLicenseUserFor(suite.core, { id: license.id, accountId: suite.vendor.accountId, productId: product.id });
    const login = { username: user.email, password: user.password, product: product.shortCode, hardware_id: device() };
    await suite.sdk.activateLicense(login);
    expect(await refusal(suite.sdk.floatingBorrow({ ...login, password: "wrong", borrowed_until: null }))).toBe("invalid_credentials");
    expect((await suite.sdk.floatingBorrow({ ...login, borrowed_until: null })).max_borrow_time).toBe(2);
    expect(await suite.sdk.floatingRelease({ username: user.email, product: product.shortCode, hardware_id: login.hardware_id })).toBe(true);
  });

  describe("floating features", () => {
    const featureLicense = () =>
      suite.license({
        allowedActivations: 0,
        terms: {
          features: [feature("seat", { isFloatingCloud: true, floatingUsers: 1, floatingTimeout: 5, maxBorrowTime: 1 }), feature("export")],
        },
      });
    const borrowFeature = (key: string, hardwareId: string, code: string, until: string | null) =>
      suite.sdk.featureBorrow({ ...ids(key, hardwareId), feature: code, borrowed_until: until });
    const releaseFeature = (key: string, hardwareId: string, code: string) => suite.sdk.featureRelease({ ...ids(key, hardwareId), feature: code });
    const checkFeature = (key: string, hardwareId: string) => suite.sdk.checkLicenseFeature({ ...ids(key, hardwareId), feature: "seat" });

    it("borrows a feature slot past its floating timeout; the answer keeps the schema", async () => {
      const { key } = await featureLicense();
      const [holder, waiting] = [await suite.activate(key), await suite.activate(key)];
      const until = inMinutes(12);
      const answer = await borrowFeature(key, holder, "seat", until);
      expect(v4SchemaProblems("FloatingBorrow", answer)).toEqual([]);
      expect(answer).toMatchObject({ borrowed_until: until, max_borrow_time: 1 });
      suite.travel(6 * minute);
      expect(await refusal(checkFeature(key, waiting))).toBe("floating_not_available");
      expect(await refusal(checkFeature(key, holder))).toBe("accepted");
      suite.travel(7 * minute);
      expect(await refusal(checkFeature(key, waiting))).toBe("accepted");
    });

    it("borrows for the feature's max_borrow_time when borrowed_until is null, and no longer", async () => {
      const { key } = await featureLicense();
      const hardwareId = await suite.activate(key);
      expect(await refusal(borrowFeature(key, hardwareId, "seat", inMinutes(61)))).toBe("borrow_until_not_valid");
      expect(await refusal(borrowFeature(key, hardwareId, "seat", inMinutes(-1)))).toBe("borrow_until_not_valid");
      const answer = await borrowFeature(key, hardwareId, "seat", null);
      expect(Date.parse(answer.borrowed_until)).toBeGreaterThan(Date.parse(inMinutes(59)));
    });

    it("refuses a borrow when every slot is held, an unknown code and a feature that is not floating", async () => {
      const { key } = await featureLicense();
      const [holder, other] = [await suite.activate(key), await suite.activate(key)];
      await checkFeature(key, holder);
      expect(await refusal(borrowFeature(key, other, "seat", inMinutes(5)))).toBe("floating_not_available");
      expect(await refusal(borrowFeature(key, holder, "no-such-feature", inMinutes(5)))).toBe("invalid_license_feature_code");
      expect(await refusal(borrowFeature(key, holder, "export", inMinutes(5)))).toBe("feature_not_floating");
    });

    it("release frees the slot for another device; releasing a slot not held is refused", async () => {
      const { key } = await featureLicense();
      const [holder, waiting] = [await suite.activate(key), await suite.activate(key)];
      expect(await refusal(releaseFeature(key, holder, "seat"))).toBe("floating_feature_device_not_in_use");
      await borrowFeature(key, holder, "seat", inMinutes(30));
      expect(await refusal(checkFeature(key, waiting))).toBe("floating_not_available");
      expect(await releaseFeature(key, holder, "seat")).toBe(true);
      expect(await refusal(checkFeature(key, waiting))).toBe("accepted");
      expect(await refusal(releaseFeature(key, holder, "seat"))).toBe("floating_feature_device_not_in_use");
      expect(await refusal(releaseFeature(key, holder, "export"))).toBe("feature_not_floating");
      expect(await refusal(releaseFeature(key, holder, "no-such-feature"))).toBe("invalid_license_feature_code");
    });

    it("feature release over plain HTTP answers 200 with an empty text body", async () => {
      const { key } = await featureLicense();
      const holder = await suite.activate(key);
      await checkFeature(key, holder);
      const { response } = await suite.http.POST("/api/v4/floating/feature_release", { ...dated, body: { ...ids(key, holder), feature: "seat" }, parseAs: "text" });
      expect([response.status, response.headers.get("content-length")]).toEqual([200, "0"]);
    });

    it("gives exactly floating_users slots to parallel borrows", async () => {
      const { key } = await suite.license({
        allowedActivations: 0, terms: { features: [feature("seat", { isFloatingCloud: true, floatingUsers: 2, maxBorrowTime: 1 })] },
      });
      const devices = await Promise.all(Array.from({ length: 8 }, () => suite.activate(key)));
      const results = await Promise.all(devices.map((hardwareId) => refusal(borrowFeature(key, hardwareId, "seat", inMinutes(30)))));
      expect(results.filter((result) => result === "accepted")).toHaveLength(2);
      expect(new Set(results.filter((result) => result !== "accepted"))).toEqual(new Set(["floating_not_available"]));
    });
  });
});
