/** v4 activate_offline and deactivate_offline with schema v1 and v2 request files: every documented status and code. */
import { beforeAll, describe, expect, it } from "vitest";
import type { OfflineDevice } from "../../../client/v4-offline.js";
import { verifyOfflineLicense } from "../../../client/verify-v4.js";
import { contractSuite } from "../suite.js";
import { base64Json, hardware, multipartUpload, V4Contract, type V4License, type V4Product } from "./v4-contract.js";

const v4 = new V4Contract(contractSuite());
const { client, fixtures } = v4;
const day = 86_400_000;
const past = () => new Date(Date.now() - day).toISOString();
let product: V4Product;
let license: V4License;

beforeAll(async () => {
  product = await v4.product();
  license = await v4.license(product.id);
});

const device = (key = license.key, extra: Partial<OfflineDevice> = {}): OfflineDevice => ({ product: product.shortCode, license_key: key, hardware_id: hardware(), ...extra });
/** Activates the device offline; the deactivation cases start from it. */
const activatedOffline = async (key = license.key) => {
  const activated = device(key);
  await client.call("activateOffline", v4.offlineFile(activated), 200);
  return activated;
};

const malformedFiles = v4.malformedOfflineFiles((changes) => device(license.key, changes));

describe("activateOffline", () => {
  it("200 for a schema v1 file, with a verifiable license file", async () => {
    const answer = await client.call("activateOffline", v4.offlineFile(device(), { schemaVersion: 1 }), 200);
    expect(verifyOfflineLicense(await v4.publicKey(), base64Json(answer), v4.credentials).problems).toEqual([]);
  });

  it("200 for a schema v2 file uploaded as the multipart file part", async () => {
    const answer = await client.call("activateOffline", multipartUpload(v4.offlineFile(device()).rawBody), 200);
    expect(answer.license_key).toBe(license.key);
  });

  const refusals: Array<[string, () => Promise<OfflineDevice>]> = [
    ["license_activated_max_times", async () => {
      const full = await v4.license(product.id, { allowedActivations: 1 });
      await activatedOffline(full.key);
      return device(full.key);
    }],
    ["license_not_enabled", async () => device((await v4.license(product.id, { revoked: true })).key)],
    ["license_expired", async () => device((await v4.license(product.id, { expiresAt: past() })).key)],
    ["trial_expired", async () => device((await v4.license(product.id, { expiresAt: past(), licenseApi: { isTrial: true } })).key)],
    ["license_start_date_error", async () => device((await v4.license(product.id, { effectiveDate: new Date(Date.now() + day).toISOString() })).key)],
    ["vm_not_allowed", async () => device((await v4.license(product.id, { allowVmActivation: false })).key, { is_vm: true })],
    ["offline_floating_cloud_not_supported", async () => device((await v4.license(product.id, { type: "hosted-floating", allowedFloatingClients: 2 })).key)],
    ["blacklisted", async () => {
      const banned = device();
      const entry = await fixtures.v3("POST", "/v3/device-blacklist", { hardwareId: banned.hardware_id, productId: product.id });
      fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/device-blacklist/${entry.id}`, undefined, 204));
      return banned;
    }],
  ];
  it.each(refusals)("400 %s", async (code, made) => v4.refuses("activateOffline", v4.offlineFile(await made()), code));
  it.each(malformedFiles)("400 %s (malformed file)", (code, file) => v4.refuses("activateOffline", file("activation"), code));
  it("400 validation_error for a deactivation file", () => v4.refuses("activateOffline", v4.offlineFile(device(), { request: "deactivation" }), "validation_error"));

  it("409 license_device_exists for a device already activated online", async () => {
    const online = device();
    await v4.activate(product, license, online.hardware_id);
    expect((await client.call("activateOffline", v4.offlineFile(online), 409)).code).toBe("license_device_exists");
  });

  v4.credentialCases("activateOffline", (signer) => v4.offlineFile(device(), { signedWith: signer }));
});

describe("deactivateOffline", () => {
  it("200 license_deactivated for a schema v1 and a schema v2 file", async () => {
    for (const schemaVersion of [1, 2] as const) {
      const file = v4.offlineFile(await activatedOffline(), { request: "deactivation", schemaVersion });
      expect(await client.call("deactivateOffline", file, 200)).toBe("license_deactivated");
    }
  });

  it("400 device_not_found for a device that is not activated", () => v4.refuses("deactivateOffline", v4.offlineFile(device(), { request: "deactivation" }), "device_not_found"));
  it.each(malformedFiles)("400 %s (malformed file)", (code, file) => v4.refuses("deactivateOffline", file("deactivation"), code));
  it("400 validation_error for an activation file", () => v4.refuses("deactivateOffline", v4.offlineFile(device()), "validation_error"));

  v4.credentialCases("deactivateOffline", (signer) => v4.offlineFile(device(), { request: "deactivation", signedWith: signer }));
});
