/**
 * `npm run sandbox` as SDK teams use it: a real process, its banner's credentials, the official LicenseSpring SDK and
 * the v3 API against the demo licenses, the movable clock, reset and forced errors. Every test starts from a reset.
 */
import { readFileSync } from "node:fs";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createV3Client } from "../../client/v3.js";
import { licenseSpringAuthHeaders } from "../../client/v4-signing.js";
import { validateResponses } from "../../client/validate-responses.js";
import { dateWindowMs } from "../../server/v4/auth-hmac.js";
import type { SandboxSeed } from "../../server/sandbox/seed-file.js";
import { stableLicenseKey, stableSecret, stableUuid } from "../../server/sandbox/stable-ids.js";
import { activationRequest } from "../support/api.js";
import { startReceiver, type Receiver } from "../support/receiver.js";
import { startSandbox, type Sandbox } from "../support/sandbox.js";
import { licenseApi, v4SchemaProblems, type LicenseApi } from "../support/sdk.js";
import { loadSpec } from "../support/spec.js";
import { device, refusal } from "../support/v4-fixtures.js";

const demo = JSON.parse(readFileSync(new URL("../../server/sandbox/demo-seed.json", import.meta.url), "utf8")) as SandboxSeed;
const day = 86_400;

describe("the sandbox (npm run sandbox)", () => {
  let sandbox: Sandbox;
  let receiver: Receiver;
  let sdk: LicenseApi;

  beforeAll(async () => {
    receiver = await startReceiver();
    sandbox = await startSandbox(["--webhook-url", receiver.url]);
    sdk = licenseApi(sandbox.url, sandbox.banner.v4);
  });
  afterAll(async () => {
    await sandbox?.process.stop();
    await receiver?.stop();
  });
  beforeEach(async () => {
    expect((await control("/__sandbox/reset")).status).toBe(200);
  });

  const control = (path: string, body?: unknown) =>
    fetch(`${sandbox.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const advance = async (seconds: number) => (await (await control("/__sandbox/clock", { advanceSeconds: seconds })).json()) as { now: string };
  const license = (ref: string) => {
    const found = sandbox.banner.licenses.get(ref);
    if (!found) throw new Error(`the banner lists no license ${ref}`);
    return { license_key: found.key, product: found.product };
  };
  const v3 = () => createV3Client({ baseUrl: sandbox.url, token: sandbox.banner.adminToken, middleware: [validateResponses(loadSpec("v3"))] });

  describe("banner", () => {
    it("lists every demo license with what it demonstrates, under the key and id derived from the seed", () => {
      expect([...sandbox.banner.licenses.keys()]).toEqual(demo.licenses.map((entry) => entry.ref));
      for (const entry of demo.licenses) {
        expect(sandbox.banner.licenses.get(entry.ref)).toMatchObject({
          key: stableLicenseKey(demo.seed, `license-key/${entry.ref}`), id: stableUuid(demo.seed, `license/${entry.ref}`), demonstrates: entry.demonstrates,
        });
      }
    });

    it("prints stable credentials that the server accepts, and a public key that verifies its answers", async () => {
      expect(sandbox.banner.accountId).toBe(stableUuid(demo.seed, "account"));
      expect(sandbox.banner.v4.apiKey).toBe(stableUuid(demo.seed, "api-key"));
      expect(sandbox.banner.v4.sharedKey).toBe(stableSecret(demo.seed, "api-key/shared-key", "base64url"));
      expect(sandbox.banner.products.get("SANDBOX")).toBe(stableUuid(demo.seed, "product/app"));
      expect(decodeJwt(sandbox.banner.adminToken)).toMatchObject({ sub: stableUuid(demo.seed, "access-token"), aid: sandbox.banner.accountId });
      const { data: products } = await v3().GET("/v3/products");
      expect(products!.map((product) => product.id).sort()).toEqual([...sandbox.banner.products.values()].sort());
      const details = await sdk.getProductDetails({ product: "SANDBOX" });
      expect(details).toMatchObject({ short_code: "SANDBOX" });
      const forged = licenseApi(sandbox.url, { ...sandbox.banner.v4, sharedKey: "not-the-shared-key" });
      expect(await refusal(forged.getProductDetails({ product: "SANDBOX" }))).not.toBe("accepted");
    });
  });

  describe("the official LicenseSpring SDK against the demo licenses", () => {
    it("activates the 1-device license, checks it, and refuses a second device", async () => {
      const hardwareId = device();
      const activated = await sdk.activateLicense({ ...license("node-locked"), hardware_id: hardwareId });
      expect(v4SchemaProblems("ActivatedLicense", activated)).toEqual([]);
      expect(activated).toMatchObject({ times_activated: 1, max_activations: 1 });
      expect(await sdk.checkLicense({ ...license("node-locked"), hardware_id: hardwareId })).toMatchObject({ license_active: true, is_expired: false });
      expect(await refusal(sdk.activateLicense({ ...license("node-locked"), hardware_id: device() }))).toBe("license_activated_max_times");
    });

    it("counts activations up on the 3-device license", async () => {
      const counts = [];
      for (let i = 0; i < 3; i++) counts.push((await sdk.activateLicense({ ...license("three-devices"), hardware_id: device() })).times_activated);
      expect(counts).toEqual([1, 2, 3]);
    });

    it("acceptance: activate, advance the clock past the expiry, and the SDK reports the license expired", async () => {
      const hardwareId = device();
      const activated = await sdk.activateLicense({ ...license("node-locked"), hardware_id: hardwareId });
      const expiry = Date.parse(activated.validity_period);
      const before = await advance(0);
      expect(expiry).toBeGreaterThan(Date.parse(before.now));
      const after = await advance(Math.ceil((expiry - Date.parse(before.now)) / 1000) + day);
      expect(Date.parse(after.now)).toBeGreaterThan(expiry);
      expect(await refusal(sdk.checkLicense({ ...license("node-locked"), hardware_id: hardwareId }))).toBe("license_expired");
    });

    it("refuses the expired license (v4) and the revoked one (v4 and v3) with each version's codes", async () => {
      expect(await refusal(sdk.activateLicense({ ...license("expired"), hardware_id: device() }))).toBe("license_expired");
      expect(await refusal(sdk.activateLicense({ ...license("revoked"), hardware_id: device() }))).toBe("license_not_enabled");
      const v3Refusal = async (ref: string) => {
        const { key, product } = sandbox.banner.licenses.get(ref)!;
        const body = activationRequest({ key, productId: sandbox.banner.products.get(product)! }, sandbox.banner.accountId);
        return (await v3().POST("/v3/activations", { body })).error?.code;
      };
      expect([await v3Refusal("revoked"), await v3Refusal("three-devices")]).toEqual(["REVOKED_LICENSE", undefined]);
    });

    it("takes the floating seat, refuses a second device, frees it on release and after the floating timeout", async () => {
      const [first, second, third] = [device(), device(), device()];
      const floating = license("floating");
      expect(await sdk.activateLicense({ ...floating, hardware_id: first })).toMatchObject({ is_floating_cloud: true, floating_users: 1 });
      expect(await refusal(sdk.activateLicense({ ...floating, hardware_id: second }))).toBe("license_activated_max_times");
      expect(await sdk.floatingRelease({ ...floating, hardware_id: first })).toBe(true);
      expect(await refusal(sdk.activateLicense({ ...floating, hardware_id: second }))).toBe("accepted");
      expect(await refusal(sdk.activateLicense({ ...floating, hardware_id: third }))).toBe("license_activated_max_times");
      await advance(11 * 60);
      expect(await refusal(sdk.activateLicense({ ...floating, hardware_id: third }))).toBe("accepted");
    });

    it("adds consumptions up to the limit and refuses beyond it", async () => {
      const hardwareId = device();
      const consumption = { ...license("consumption"), hardware_id: hardwareId };
      await sdk.activateLicense(consumption);
      expect((await sdk.addConsumption({ ...consumption, consumptions: 60 })).total_consumptions).toBe(60);
      expect(await refusal(sdk.addConsumption({ ...consumption, consumptions: 41 }))).toBe("license_not_enough_consumptions");
      expect((await sdk.addConsumption({ ...consumption, consumptions: 40 })).total_consumptions).toBe(100);
    });

    it("shows the trial as a trial until the clock passes its end", async () => {
      const hardwareId = device();
      const trial = { ...license("trial"), hardware_id: hardwareId };
      expect(await sdk.activateLicense(trial)).toMatchObject({ is_trial: true });
      await advance(15 * day);
      expect(await refusal(sdk.checkLicense(trial))).toBe("trial_expired");
    });

    it("hands a device one trial key of the demo app (getTrialKey), which activates as a 14-day trial; the studio allows none", async () => {
      const hardwareId = device();
      const product = license("trial").product;
      const first = await sdk.getTrialKey({ product, hardware_id: hardwareId });
      expect((await sdk.getTrialKey({ product, hardware_id: hardwareId })).license).toBe(first.license);
      expect(await sdk.activateLicense({ license_key: first.license, product, hardware_id: hardwareId })).toMatchObject({ is_trial: true, trial_days: 14 });
      expect(await refusal(sdk.getTrialKey({ product: license("user-based").product, hardware_id: device(), email: "t@example.com" }))).toBe("trial_not_allowed");
    });

    it("logs the demo user in with the banner's password, and refuses a wrong one", async () => {
      const [user] = demo.licenses.find((entry) => entry.ref === "user-based")!.users!;
      const login = { product: license("user-based").product, username: user!.email, hardware_id: device() };
      expect(await sdk.activateLicense({ ...login, password: user!.password })).toMatchObject({ license_key: null, times_activated: 1 });
      expect(await refusal(sdk.activateLicense({ ...login, password: `${user!.password}-wrong` }))).toBe("invalid_credentials");
    });
  });

  describe("controls", () => {
    it("reset restores the activation counts and the clock", async () => {
      const hardwareId = device();
      await sdk.activateLicense({ ...license("three-devices"), hardware_id: hardwareId });
      expect((await sdk.activateLicense({ ...license("three-devices"), hardware_id: device() })).times_activated).toBe(2);
      const moved = await advance(30 * day);
      const reset = (await (await control("/__sandbox/reset")).json()) as { now: string };
      expect(Date.parse(reset.now)).toBeLessThan(Date.parse(moved.now) - 29 * day * 1000);
      expect(await refusal(sdk.checkLicense({ ...license("three-devices"), hardware_id: hardwareId }))).toBe("device_not_found");
      expect((await sdk.activateLicense({ ...license("three-devices"), hardware_id: device() })).times_activated).toBe(1);
    });

    it("sets the clock to a date, and refuses a clock change it cannot read", async () => {
      const target = new Date(Date.now() + 400 * day * 1000).toISOString();
      expect(await (await control("/__sandbox/clock", { set: target })).json()).toEqual({ now: expect.any(String) });
      const { now } = (await (await fetch(`${sandbox.url}/__sandbox/clock`)).json()) as { now: string };
      expect(Date.parse(now)).toBeGreaterThanOrEqual(Date.parse(target));
      for (const bad of [{ advanceSeconds: -5 }, { set: "next tuesday" }, { advanceSeconds: 1, set: target }, {}]) {
        const answer = await control("/__sandbox/clock", bad);
        expect(answer.status).toBe(400);
        expect(await answer.json()).toMatchObject({ code: "INVALID_CLOCK_CHANGE", message: expect.stringContaining("advanceSeconds") });
      }
    });

    it("judges v4 request dates by the wall clock, not the moved one: the SDK's requests pass, a stale date does not", async () => {
      await advance(30 * day);
      expect(await refusal(sdk.getProductDetails({ product: "SANDBOX" }))).toBe("accepted");
      const stale = licenseSpringAuthHeaders(sandbox.banner.v4, new Date(Date.now() - 2 * dateWindowMs));
      const answer = await fetch(`${sandbox.url}/api/v4/product_details?product=SANDBOX`, { headers: stale });
      expect(await answer.json()).toMatchObject({ code: "date_header_diff" });
    });

    it.each(["429", "500"])("Prefer: code=%s forces that error in each version's format; without it the same call succeeds", async (code) => {
      const prefer = { prefer: `code=${code}` };
      const forcedV3 = await v3().GET("/v3/products", { params: { header: prefer } as never });
      expect(forcedV3.response.status).toBe(Number(code));
      expect(forcedV3.error).toMatchObject({ message: expect.any(String), code: expect.any(String) });
      expect((await v3().GET("/v3/products")).response.status).toBe(200);
      const forcedV4 = await fetch(`${sandbox.url}/api/v4/product_details?product=SANDBOX`, { headers: prefer });
      expect(forcedV4.status).toBe(Number(code));
      expect(await forcedV4.json()).toMatchObject({ status: Number(code), code: expect.any(String), message: expect.any(String) });
      expect(await refusal(sdk.getProductDetails({ product: "SANDBOX" }))).toBe("accepted");
    });
  });

  describe("v3 and webhooks", () => {
    it("counts the consumption license's v3 meter attribute up to its allowed uses", async () => {
      const consumption = sandbox.banner.licenses.get("consumption")!;
      const productId = sandbox.banner.products.get(consumption.product)!;
      await v3().POST("/v3/activations", { body: activationRequest({ key: consumption.key, productId }, sandbox.banner.accountId) });
      const { data: [activation] = [] } = await v3().GET("/v3/activations", { params: { query: { licenseId: consumption.id } } });
      const increment = (by: number) =>
        v3().POST("/v3/activations/meter-attributes/{id}", { params: { path: { id: "exports" } }, body: { increment: by, activationId: activation!.id, productId, accountId: sandbox.banner.accountId } });
      expect((await increment(60)).response.status).toBe(200);
      expect((await increment(41)).error?.code).toBe("METER_ATTRIBUTE_USES_LIMIT_REACHED");
      expect((await increment(40)).response.status).toBe(200);
    });

    it("activates a demo license through v3 with the banner's ids, lists it with the admin token, and notifies the --webhook-url", async () => {
      const three = sandbox.banner.licenses.get("three-devices")!;
      const productId = sandbox.banner.products.get(three.product)!;
      const request = activationRequest({ key: three.key, productId }, sandbox.banner.accountId);
      const { data: activation, response } = await v3().POST("/v3/activations", { body: request });
      expect([response.status, typeof activation?.activationToken]).toEqual([201, "string"]);
      const { data: listed } = await v3().GET("/v3/activations", { params: { query: { licenseId: three.id } } });
      expect(listed!.map((entry) => entry.hostname)).toEqual([request.hostname]);
      const deliveredIds = () => receiver.deliveries.map((delivery) => JSON.parse(delivery.body).data?.id);
      await vi.waitFor(() => expect(deliveredIds()).toContain(listed![0]!.id), { timeout: 20_000, interval: 200 });
    });
  });
});
