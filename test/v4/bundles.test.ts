/** Bundles over HTTP and through the official SDK: activate, check, deactivate, online and offline, all or none. */
import { createRequire } from "node:module";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { checkResponse } from "../../client/check-response.js";
import { SpecValidator } from "../../client/spec-validator.js";
import { buildOfflineRequest } from "../../client/v4-offline.js";
import { licenseSpringAuthHeaders } from "../../client/v4-signing.js";
import { verifyRsaSha256 } from "../../client/verify-v4.js";
import type { Core } from "../../server/core/index.js";
import { numericId } from "../../server/core/numeric-id.js";
import { ActivationEntity, LicenseEntity } from "../../server/db/index.js";
import { describeEachDatabase } from "../support/database.js";
import { licenseApi, v4SchemaProblems, type LicenseApi } from "../support/sdk.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { loadSpec } from "../support/spec.js";
import { createLicenseUserFor, createV4License, createV4Product, createV4Vendor, type V4Vendor } from "../support/v4-fixtures.js";

const v4 = new SpecValidator(loadSpec("v4"));
const hardware = () => `HW-${randomUUID()}`;
const refusal = (promise: Promise<unknown>) => promise.then(() => "accepted", (error: { code?: string }) => error.code ?? String(error));
const { LicenseAPI } = createRequire(import.meta.url)("@licensespring/node-sdk") as { LicenseAPI: new (config: Record<string, unknown>) => LicenseApi };

type LicenseOptions = Parameters<typeof createV4License>[3];

describeEachDatabase("v4 bundles", (getCore) => {
  let core: Core;
  let server: TestServer;
  let vendor: V4Vendor;
  let sdk: LicenseApi;

  beforeAll(async () => {
    core = getCore();
    server = await startTestServer(core);
    vendor = await createV4Vendor(core);
    sdk = licenseApi(server.url, vendor);
  });
  afterAll(() => server?.stop());

  /** A bundle product of two products, a bundle license and the two licenses it unlocks. */
  async function bundle(options: { members?: [LicenseOptions, LicenseOptions]; bundleLicense?: LicenseOptions; authorizationMethod?: "user" } = {}) {
    const products = [await createV4Product(core, vendor.accountId), await createV4Product(core, vendor.accountId)];
    const product = await createV4Product(core, vendor.accountId, {
      authorizationMethod: options.authorizationMethod, licensing: { bundleProductIds: products.map((p) => p.id) },
    });
    const license = await createV4License(core, vendor.accountId, product.id, options.bundleLicense);
    const members = [];
    for (const [i, member] of products.entries()) {
      const unlocked = await createV4License(core, vendor.accountId, member.id, options.members?.[i]);
      await core.db.transaction((tx) => tx.update(LicenseEntity, { id: unlocked.id }, { bundleLicenseId: license.id }));
      members.push({ ...unlocked, product: member });
    }
    return { product, license, members };
  }
  const devicesOn = (licenseId: string) => core.db.read((tx) => tx.findBy(ActivationEntity, { licenseId }));
  const hardwareIdsOn = async (licenseId: string) => (await devicesOn(licenseId)).map((d) => d.fingerprint).sort();

  /** A raw call whose answer must match the spec. */
  async function post(path: string, body: string, contentType = "text/plain") {
    const response = await fetch(`${server.url}${path}`, { method: "POST", headers: { ...licenseSpringAuthHeaders(vendor), "content-type": contentType }, body });
    const text = await response.text();
    expect(checkResponse(v4, { method: "POST", pathTemplate: path, status: response.status, headers: response.headers, body: text }), text).toEqual([]);
    return { status: response.status, body: response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
  }

  it("activates the device on every unlocked license, in the bundle's order; the SDK checks each signature", async () => {
    const b = await bundle();
    const hardwareId = hardware();
    const answer = await sdk.activateBundle({ license_key: b.license.key, product: b.product.shortCode, hardware_id: hardwareId, os_ver: "Windows 11" });
    expect(v4SchemaProblems("BundleActivation", answer)).toEqual([]);
    expect(answer.map((l: { product_details: { short_code: string } }) => l.product_details.short_code)).toEqual(b.members.map((m) => m.product.shortCode));
    // One key for the customer: each item is its own license (id), shown and signed with the bundle's key.
    expect(answer.map((l: { id: number; license_key: string }) => [l.id, l.license_key])).toEqual(b.members.map((m) => [numericId(m.id), b.license.key]));
    for (const member of b.members) expect(await hardwareIdsOn(member.id)).toEqual([hardwareId]);
    expect(await devicesOn(b.license.id)).toEqual([]);
    const again = await sdk.activateBundle({ license_key: b.license.key, product: b.product.shortCode, hardware_id: hardwareId });
    expect(again.map((l: { device_id: number }) => l.device_id)).toEqual(answer.map((l: { device_id: number }) => l.device_id));
  });

  it("activates all or none: a full unlocked license refuses the whole bundle", async () => {
    const b = await bundle({ members: [{ allowedActivations: 5 }, { allowedActivations: 1 }] });
    await sdk.activateLicense({ license_key: b.members[1]!.key, product: b.members[1]!.product.shortCode, hardware_id: hardware() });
    expect(await refusal(sdk.activateBundle({ license_key: b.license.key, product: b.product.shortCode, hardware_id: hardware() }))).toBe("license_activated_max_times");
    expect(await devicesOn(b.members[0]!.id)).toEqual([]);
  });

  it("keeps the limits under parallel bundle activations: one device wins every license", async () => {
    const b = await bundle({ members: [{ allowedActivations: 1 }, { allowedActivations: 1 }] });
    const devices = Array.from({ length: 6 }, hardware);
    const outcomes = await Promise.all(devices.map((hardwareId) => refusal(sdk.activateBundle({ license_key: b.license.key, product: b.product.shortCode, hardware_id: hardwareId }))));
    expect(outcomes.filter((o) => o === "accepted")).toHaveLength(1);
    expect(outcomes.filter((o) => o !== "accepted")).toEqual(Array(5).fill("license_activated_max_times"));
    const winner = devices[outcomes.indexOf("accepted")];
    for (const member of b.members) expect(await hardwareIdsOn(member.id)).toEqual([winner]);
  });

  it("refuses an unknown key, a product that is no bundle, and a disabled bundle license", async () => {
    const b = await bundle();
    const activate = (fields: Record<string, string>) => refusal(sdk.activateBundle({ license_key: b.license.key, product: b.product.shortCode, hardware_id: hardware(), ...fields }));
    expect(await activate({ license_key: "NO-SUCH-KEY" })).toBe("license_not_found");
    expect(await activate({ product: b.members[0]!.product.shortCode, license_key: b.members[0]!.key })).toBe("unknown_product");
    const disabled = await bundle({ bundleLicense: { revoked: true } });
    expect(await refusal(sdk.activateBundle({ license_key: disabled.license.key, product: disabled.product.shortCode, hardware_id: hardware() }))).toBe("license_not_enabled");
    for (const member of disabled.members) expect(await devicesOn(member.id)).toEqual([]);
  });

  it("activates a bundle held by a license user; the SDK checks the signatures over the username", async () => {
    const b = await bundle({ authorizationMethod: "user" });
    const user = await createLicenseUserFor(core, { id: b.license.id, accountId: vendor.accountId, productId: b.product.id });
    const hardwareId = hardware();
    const answer = await sdk.activateBundle({ username: user.email, password: user.password, product: b.product.shortCode, hardware_id: hardwareId });
    expect(answer.map((l: { username: string }) => l.username)).toEqual([user.email, user.email]);
    expect(await refusal(sdk.activateBundle({ username: user.email, password: "wrong", product: b.product.shortCode, hardware_id: hardware() }))).toBe("invalid_credentials");
    const checked = await sdk.checkBundle({ username: user.email, product: b.product.shortCode, hardware_id: hardwareId });
    expect(checked).toHaveLength(2);
  });

  it("checks every license of the bundle for an activated device, and refuses a device that is not activated", async () => {
    const b = await bundle();
    const hardwareId = hardware();
    await sdk.activateBundle({ license_key: b.license.key, product: b.product.shortCode, hardware_id: hardwareId });
    const checked = await sdk.checkBundle({ license_key: b.license.key, product: b.product.shortCode, hardware_id: hardwareId });
    expect(v4SchemaProblems("BundleCheck", checked)).toEqual([]);
    expect(checked.map((l: { license_active: boolean; license_enabled: boolean }) => [l.license_active, l.license_enabled])).toEqual([[true, true], [true, true]]);
    expect(await refusal(sdk.checkBundle({ license_key: b.license.key, product: b.product.shortCode, hardware_id: hardware() }))).toBe("device_not_found");
  });

  it("deactivates the device from every license of the bundle", async () => {
    const b = await bundle();
    const [hardwareId, other] = [hardware(), hardware()];
    for (const id of [hardwareId, other]) await sdk.activateBundle({ license_key: b.license.key, product: b.product.shortCode, hardware_id: id });
    expect(await sdk.deactivateBundle({ license_key: b.license.key, product: b.product.shortCode, hardware_id: hardwareId })).toBe(true);
    for (const member of b.members) expect(await hardwareIdsOn(member.id)).toEqual([other]);
    expect(await refusal(sdk.deactivateBundle({ license_key: b.license.key, product: b.product.shortCode, hardware_id: hardwareId }))).toBe("device_not_found");
  });

  it("deactivates all or none: a transfer limit on one license keeps the device on every license", async () => {
    const b = await bundle({ members: [{ allowedDeactivations: 5 }, { allowedDeactivations: 0 }] });
    const hardwareId = hardware();
    await sdk.activateBundle({ license_key: b.license.key, product: b.product.shortCode, hardware_id: hardwareId });
    expect(await refusal(sdk.deactivateBundle({ license_key: b.license.key, product: b.product.shortCode, hardware_id: hardwareId }))).toBe("license_transferred_max_times");
    for (const member of b.members) expect(await hardwareIdsOn(member.id)).toEqual([hardwareId]);
  });

  it("activates a bundle offline from the SDK's request file; the SDK loads the bundle file and refuses a tampered one", async () => {
    const b = await bundle();
    const hardwareId = hardware();
    const request = sdk.createOfflineActivationPayload({ license_key: b.license.key, product: b.product.shortCode, hardware_id: hardwareId }) as unknown as string;
    const { status, body } = await post("/api/v4/activate_bundle_offline", request);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(v4SchemaProblems("OfflineBundleActivation", body)).toEqual([]);
    expect(verifyRsaSha256(vendor.publicKeyPem, JSON.stringify(body.licenses), body.bundle_signature_v2)).toBe(true);
    expect(verifyRsaSha256(vendor.publicKeyPem, JSON.stringify([...body.licenses].reverse()), body.bundle_signature_v2)).toBe(false);
    for (const member of b.members) expect(await devicesOn(member.id)).toEqual([expect.objectContaining({ fingerprint: hardwareId, offline: true })]);
    // The bundle file the SDK loads: the licenses keyed by product code.
    const file = (licenses: Array<{ product_details: { short_code: string } }>) =>
      Buffer.from(JSON.stringify(Object.fromEntries(licenses.map((l) => [l.product_details.short_code, l])))).toString("base64");
    expect(Object.keys(sdk.checkBundleOffline(file(body.licenses)))).toEqual(b.members.map((m) => m.product.shortCode));
    const tampered = body.licenses.map((l: Record<string, unknown>, i: number) => (i === 1 ? { ...l, validity_period: "2099-01-01T00:00:00.000Z" } : l));
    expect(await refusal(Promise.resolve().then(() => sdk.checkBundleOffline(file(tampered))))).toBe("license_signature_invalid");
    const otherCompany = await createV4Vendor(core);
    const foreignSdk = new LicenseAPI({ apiPath: `${server.url}/api/v4/`, apiKey: otherCompany.apiKey, sharedKey: otherCompany.sharedKey, publicKey: vendor.publicKeyPem, logLevel: "off" });
    expect(await refusal(Promise.resolve().then(() => foreignSdk.checkBundleOffline(file(body.licenses))))).toBe("license_signature_invalid");
  });

  it("refuses offline bundle files signed for another company, and floating-cloud licenses offline", async () => {
    const b = await bundle({ members: [{}, { type: "hosted-floating", allowedFloatingClients: 2 }] });
    const device = { product: b.product.shortCode, hardware_id: hardware(), license_key: b.license.key };
    const foreign = buildOfflineRequest(device, await createV4Vendor(core), { request: "activation", schemaVersion: 1 });
    expect((await post("/api/v4/activate_bundle_offline", foreign)).body.code).toBe("signature_mismatch");
    const own = buildOfflineRequest(device, vendor, { request: "activation", schemaVersion: 1 });
    expect((await post("/api/v4/activate_bundle_offline", own)).body.code).toBe("offline_floating_cloud_not_supported");
    for (const member of b.members) expect(await devicesOn(member.id)).toEqual([]);
    expect((await post("/api/v4/activate_bundle_offline", "not base64!")).body.code).toBe("authorization_missing_params");
  });

  it("deactivates a bundle offline from the SDK's deactivation file", async () => {
    const b = await bundle();
    const hardwareId = hardware();
    const fields = { license_key: b.license.key, product: b.product.shortCode, hardware_id: hardwareId };
    expect((await post("/api/v4/activate_bundle_offline", sdk.createOfflineActivationPayload(fields) as unknown as string)).status).toBe(200);
    const deactivation = sdk.createOfflineDeactivationPayload(fields) as unknown as string;
    expect((await post("/api/v4/deactivate_bundle_offline", sdk.createOfflineActivationPayload(fields) as unknown as string)).body.code).toBe("validation_error");
    expect(await post("/api/v4/deactivate_bundle_offline", deactivation)).toMatchObject({ status: 200, body: "license_deactivated" });
    for (const member of b.members) expect(await devicesOn(member.id)).toEqual([]);
    expect((await post("/api/v4/deactivate_bundle_offline", deactivation)).body.code).toBe("device_not_found");
  });
});
