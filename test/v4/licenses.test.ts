/** activate_license, check_license and deactivate_license through the official SDK, both sides of every rule. */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { BlacklistedDeviceEntity } from "../../server/db/index.js";
import { licenseApi, v4SchemaProblems } from "../support/sdk.js";
import { createLicenseUserFor, createV4License, createV4Product, describeV4, device, refusal } from "../support/v4-fixtures.js";
import { licenseSpringAuthHeaders } from "../../client/v4-signing.js";

const day = 86_400_000;

describeV4("v4 activation, check and deactivation", (v4) => {
  let product: { id: string; shortCode: string };

  beforeAll(async () => {
    product = await createV4Product(v4.core, v4.vendor.accountId);
  });

  const license = (options: Parameters<typeof createV4License>[3] = {}) => createV4License(v4.core, v4.vendor.accountId, product.id, options);

  it("activates a key-based license; the SDK verifies both signatures and the answer keeps the schema", async () => {
    const { key } = await license({ expiresAt: new Date(v4.clock.now().getTime() + 30 * day) });
    const hardwareId = device();
    const answer = await v4.sdk.activateLicense({ license_key: key, hardware_id: hardwareId, product: product.shortCode, os_ver: "Windows 11", variables: { seats: 3 } });
    expect(v4SchemaProblems("ActivatedLicense", answer)).toEqual([]);
    expect(answer).toMatchObject({ license_key: key, hardware_id: hardwareId, times_activated: 1, request: "activation", license_type: "time-limited" });
    expect(answer.variables).toEqual([expect.objectContaining({ variable: "seats", value: "3" })]);
  });

  it("answers a repeated activation from the same device again without taking another activation", async () => {
    const { key } = await license({ allowedActivations: 1 });
    const hardwareId = device();
    const first = await v4.sdk.activateLicense({ license_key: key, hardware_id: hardwareId, product: product.shortCode });
    const again = await v4.sdk.activateLicense({ license_key: key, hardware_id: hardwareId, product: product.shortCode });
    expect([first.times_activated, again.times_activated, again.device_id]).toEqual([1, 1, first.device_id]);
    expect(await refusal(v4.sdk.activateLicense({ license_key: key, hardware_id: device(), product: product.shortCode }))).toBe("license_activated_max_times");
  });

  it("checks an activated device, and refuses a device that is not activated", async () => {
    const { key } = await license();
    const hardwareId = device();
    await v4.sdk.activateLicense({ license_key: key, hardware_id: hardwareId, product: product.shortCode });
    const checked = await v4.sdk.checkLicense({ license_key: key, hardware_id: hardwareId, product: product.shortCode });
    expect(v4SchemaProblems("CheckedLicense", checked)).toEqual([]);
    expect(checked).toMatchObject({ license_active: true, license_enabled: true, is_expired: false });
    expect(await refusal(v4.sdk.checkLicense({ license_key: key, hardware_id: device(), product: product.shortCode }))).toBe("device_not_found");
  });

  it("deactivates, counting a transfer, and refuses once max_transfers is used up", async () => {
    const { key } = await license({ allowedDeactivations: 1 });
    const [a, b] = [device(), device()];
    await v4.sdk.activateLicense({ license_key: key, hardware_id: a, product: product.shortCode });
    await v4.sdk.activateLicense({ license_key: key, hardware_id: b, product: product.shortCode });
    expect(await v4.sdk.deactivateLicense({ license_key: key, hardware_id: a, product: product.shortCode })).toBe(true);
    expect(await refusal(v4.sdk.checkLicense({ license_key: key, hardware_id: a, product: product.shortCode }))).toBe("device_not_found");
    expect((await v4.sdk.checkLicense({ license_key: key, hardware_id: b, product: product.shortCode })).transfer_count).toBe(1);
    expect(await refusal(v4.sdk.deactivateLicense({ license_key: key, hardware_id: b, product: product.shortCode }))).toBe("license_transferred_max_times");
  });

  describe("refusals reach the SDK with LicenseSpring's codes", () => {
    it.each([
      ["a disabled license", () => license({ revoked: true }), {}, "license_not_enabled"],
      ["an inactive license", () => license({ suspended: true }), {}, "license_not_active"],
      ["an expired license", () => license({ expiresAt: new Date(v4.clock.now().getTime() - day) }), {}, "license_expired"],
      ["an expired trial", () => license({ expiresAt: new Date(v4.clock.now().getTime() - day), terms: { isTrial: true } }), {}, "trial_expired"],
      ["a license that has not started", () => license({ effectiveDate: new Date(v4.clock.now().getTime() + day) }), {}, "license_start_date_error"],
      ["a VM where prevent_vm is set", () => license({ allowVmActivation: false }), { is_vm: true }, "vm_not_allowed"],
      ["a wrong license key", async () => ({ key: "NO-SUCH-KEY" }), {}, "license_not_found"],
    ])("%s", async (_name, make, extra, code) => {
      const { key } = await make();
      expect(await refusal(v4.sdk.activateLicense({ license_key: key, hardware_id: device(), product: product.shortCode, ...extra }))).toBe(code);
    });

    it("the same licenses are accepted where the rule allows them", async () => {
      const cases = [
        license({ expiresAt: new Date(v4.clock.now().getTime() - 1000), terms: { allowGracePeriod: true, gracePeriod: 24 } }),
        license({ effectiveDate: new Date(v4.clock.now().getTime() - day) }),
        license({ allowVmActivation: true }),
      ];
      for (const { key } of await Promise.all(cases)) {
        expect(await refusal(v4.sdk.activateLicense({ license_key: key, hardware_id: device(), product: product.shortCode, is_vm: true }))).toBe("accepted");
      }
    });

    it("no license identification at all (missing_parameters), and a login on a key-based product (license_key_required)", async () => {
      // The SDK refuses such a call itself, so it goes out as a plain signed request.
      const query = new URLSearchParams({ hardware_id: device(), product: product.shortCode });
      const answer = await fetch(`${v4.server.url}/api/v4/check_license?${query}`, { headers: licenseSpringAuthHeaders(v4.vendor) });
      expect([answer.status, ((await answer.json()) as { code: string }).code]).toEqual([400, "missing_parameters"]);
      expect(await refusal(v4.sdk.activateLicense({ username: "ada@example.com", password: "pw", hardware_id: device(), product: product.shortCode }))).toBe("license_key_required");
    });

    it("a wrong product, and a key of another product", async () => {
      const { key } = await license();
      const other = await createV4Product(v4.core, v4.vendor.accountId);
      expect(await refusal(v4.sdk.activateLicense({ license_key: key, hardware_id: device(), product: "NO-SUCH-PRODUCT" }))).toBe("unknown_product");
      expect(await refusal(v4.sdk.activateLicense({ license_key: key, hardware_id: device(), product: other.shortCode }))).toBe("license_not_found");
    });

    it("a blacklisted device, for the product or the whole account, but not another device", async () => {
      const { key } = await license();
      const [banned, everywhere, fine] = [device(), device(), device()];
      await v4.core.db.transaction(async (tx) => {
        await tx.insert(BlacklistedDeviceEntity, { id: randomUUID(), accountId: v4.vendor.accountId, productId: product.id, hardwareId: banned, createdAt: v4.clock.now() });
        await tx.insert(BlacklistedDeviceEntity, { id: randomUUID(), accountId: v4.vendor.accountId, productId: null, hardwareId: everywhere, createdAt: v4.clock.now() });
      });
      expect(await refusal(v4.sdk.activateLicense({ license_key: key, hardware_id: banned, product: product.shortCode }))).toBe("blacklisted");
      expect(await refusal(v4.sdk.activateLicense({ license_key: key, hardware_id: everywhere, product: product.shortCode }))).toBe("blacklisted");
      expect(await refusal(v4.sdk.activateLicense({ license_key: key, hardware_id: fine, product: product.shortCode }))).toBe("accepted");
    });

    it("the wrong shared key and a stale Date", async () => {
      const { key } = await license();
      const wrongKey = licenseApi(v4.server.url, { ...v4.vendor, sharedKey: "wrong" });
      expect(await refusal(wrongKey.activateLicense({ license_key: key, hardware_id: device(), product: product.shortCode }))).toBe("signature_mismatch");
      v4.clock.advance(20 * 60_000);
      try {
        expect(await refusal(v4.sdk.activateLicense({ license_key: key, hardware_id: device(), product: product.shortCode }))).toBe("date_header_diff");
      } finally {
        v4.clock.advance(-20 * 60_000);
      }
    });
  });

  describe("user-based licenses", () => {
    let userProduct: { id: string; shortCode: string };
    beforeAll(async () => {
      userProduct = await createV4Product(v4.core, v4.vendor.accountId, { authorizationMethod: "user" });
    });

    it("activate by username and password within the user's own allowance; the SDK verifies the signatures", async () => {
      const created = await createV4License(v4.core, v4.vendor.accountId, userProduct.id, { allowedActivations: 0 });
      const user = await createLicenseUserFor(v4.core, { ...created, accountId: v4.vendor.accountId, productId: userProduct.id }, { maxActivations: 1 });
      const login = { username: user.email, password: user.password, product: userProduct.shortCode };
      const answer = await v4.sdk.activateLicense({ ...login, hardware_id: device() });
      expect(v4SchemaProblems("ActivatedLicense", answer)).toEqual([]);
      expect(answer).toMatchObject({ license_key: null, username: user.email, user: { email: user.email, max_activations: 1 } });
      expect(await refusal(v4.sdk.activateLicense({ ...login, hardware_id: device() }))).toBe("license_user_activated_max_times");
      expect(await refusal(v4.sdk.activateLicense({ ...login, password: "wrong", hardware_id: device() }))).toBe("invalid_credentials");
      expect(await refusal(v4.sdk.activateLicense({ license_key: created.key, hardware_id: device(), product: userProduct.shortCode }))).toBe("invalid_product_auth_method");
    });
  });

  it("lets exactly max_activations of 50 parallel activations through", async () => {
    const { key } = await license({ allowedActivations: 5 });
    const results = await Promise.all(Array.from({ length: 50 }, () => refusal(v4.sdk.activateLicense({ license_key: key, hardware_id: device(), product: product.shortCode }))));
    expect(results.filter((result) => result === "accepted")).toHaveLength(5);
    expect(new Set(results.filter((result) => result !== "accepted"))).toEqual(new Set(["license_activated_max_times"]));
  });

  it("gives floating-cloud seats to exactly floating_users of many parallel checks, and frees them after floating_timeout", async () => {
    const { key } = await license({ type: "hosted-floating", allowedFloatingClients: 3, allowedActivations: 0, leaseDuration: 600 });
    const devices = Array.from({ length: 12 }, device);
    const activations = await Promise.all(devices.map((hardwareId) => refusal(v4.sdk.activateLicense({ license_key: key, hardware_id: hardwareId, product: product.shortCode }))));
    expect(activations.filter((result) => result === "accepted")).toHaveLength(3);
    const seated = devices.filter((_, i) => activations[i] === "accepted");
    const checks = await Promise.all(seated.map((hardwareId) => v4.sdk.checkLicense({ license_key: key, hardware_id: hardwareId, product: product.shortCode })));
    expect(checks.map((check) => check.floating_in_use_devices)).toEqual([3, 3, 3]);
    v4.clock.advance(11 * 60_000);
    const late = await refusal(v4.sdk.activateLicense({ license_key: key, hardware_id: devices.find((d) => !seated.includes(d))!, product: product.shortCode }));
    expect(late).toBe("accepted");
  });
});
