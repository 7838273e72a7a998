/** v4 bundles online and offline (activate, check, deactivate): every documented status and code. */
import { beforeAll, describe, expect, it } from "vitest";
import type { OfflineDevice } from "../../../client/v4-offline.js";
import { verifyRsaSha256 } from "../../../client/verify-v4.js";
import type { ContractRequest } from "../exchange.js";
import { contractSuite } from "../suite.js";
import { hardware, multipartUpload, V4Contract, type Identity, type RefusalCase, type V4License, type V4Product } from "./v4-contract.js";

const v4 = new V4Contract(contractSuite());
const { client, fixtures } = v4;
type Json = Record<string, unknown>;

interface Bundle {
  product: V4Product;
  license: V4License;
  members: V4License[];
}

/** A bundle product of two products, a bundle license (`bundleLicense`) and the two licenses it unlocks (`member`). */
async function bundle(options: { bundleLicense?: Json; member?: Json } = {}): Promise<Bundle> {
  const products = [await v4.product(), await v4.product()];
  const product = await v4.product({ bundleProductIds: products.map((p) => p.id) });
  const license = await v4.license(product.id, options.bundleLicense);
  const members = [];
  for (const member of products) {
    const { licenseApi, ...rest } = (options.member ?? {}) as { licenseApi?: Json };
    members.push(await v4.license(member.id, { ...rest, licenseApi: { ...licenseApi, bundleLicenseId: license.id } }));
  }
  return { product, license, members };
}

const identity = (b: Bundle, hardwareId = hardware()): Identity => ({ product: b.product.shortCode, license_key: b.license.key, hardware_id: hardwareId });
const activated = async (b: Bundle) => {
  const device = identity(b);
  await client.call("activateBundle", { body: device }, 200);
  return device;
};
let shared: Bundle;
let device: Identity;

beforeAll(async () => {
  // Unlimited activations: many cases add a device to the shared bundle.
  shared = await bundle({ member: { allowedActivations: 0 } });
  device = await activated(shared);
});

/** The identity refusals every online bundle operation shares, for a request built from an identity. */
const identityRefusals = (request: (identity: Identity) => ContractRequest): RefusalCase[] => [
  ["license_not_found", async () => request({ ...device, license_key: "NO-SUCH-KEY" })],
  ["unknown_product", async () => request({ ...device, product: "NO-SUCH-PRODUCT" })],
];
const withoutDevice = () => ({ product: device.product, license_key: device.license_key });

describe("activateBundle", () => {
  it("200 with one license per product, verified", async () => {
    expect(await v4.callVerified("activateBundle", { body: identity(shared) })).toHaveLength(2);
  });

  const refusals: RefusalCase[] = [
    ["license_activated_max_times", async () => {
      const full = await bundle({ member: { allowedActivations: 1 } });
      await activated(full);
      return { body: identity(full) };
    }],
    ["license_not_enabled", async () => ({ body: identity(await bundle({ bundleLicense: { revoked: true } })) })],
    ["vm_not_allowed", async () => ({ body: { ...identity(await bundle({ member: { allowVmActivation: false } })), is_vm: true } })],
    ["license_key_required", async () => ({ body: { product: shared.product.shortCode, username: "nobody@example.com", password: "x", hardware_id: hardware() } })],
    ...identityRefusals((identity) => ({ body: identity })),
    ["missing_parameters", async () => ({ body: withoutDevice() })],
    ["validation_error", async () => ({ body: { ...identity(shared), is_vm: "yes" } })],
    ["invalid_json", async () => ({ rawBody: "{" })],
  ];
  it.each(refusals)("400 %s", async (code, request) => v4.refuses("activateBundle", await request(), code));

  it("409 cannot be provoked", () => {
    client.unreachable("activateBundle", 409, "license_device_exists answers an activation that loses the race to create the same device; the licenses are locked for every activation, so no outside request can lose that race");
  });

  v4.credentialCases("activateBundle", () => ({ body: device }));
});

describe("checkBundle", () => {
  it("200 with one checked license per product, verified", async () => {
    expect(await v4.callVerified("checkBundle", { query: { ...device } })).toHaveLength(2);
  });

  const refusals: RefusalCase[] = [
    ["device_not_found", async () => ({ query: identity(shared) })],
    ["license_not_active", async () => {
      const suspended = await bundle();
      const checked = await activated(suspended);
      await fixtures.v3("PATCH", `/v3/licenses/${suspended.members[0]!.id}`, { suspended: true });
      return { query: { ...checked } };
    }],
    ...identityRefusals((identity) => ({ query: { ...identity } })),
    ["missing_parameters", async () => ({ query: withoutDevice() })],
    ["validation_error", async () => ({ query: { ...device, license_id: "not-a-number" } })],
  ];
  it.each(refusals)("400 %s", async (code, request) => v4.refuses("checkBundle", await request(), code));

  v4.credentialCases("checkBundle", () => ({ query: { ...device } }));
});

describe("deactivateBundle", () => {
  it("200 license_deactivated", async () => {
    expect(await client.call("deactivateBundle", { body: await activated(shared) }, 200)).toBe("license_deactivated");
  });

  const refusals: RefusalCase[] = [
    ["device_not_found", async () => ({ body: identity(shared) })],
    ["license_transferred_max_times", async () => ({ body: await activated(await bundle({ member: { allowedDeactivations: 0 } })) })],
    ...identityRefusals((identity) => ({ body: identity })),
    ["missing_parameters", async () => ({ body: withoutDevice() })],
    ["validation_error", async () => ({ body: { ...device, consumptions: "many" } })],
    ["invalid_json", async () => ({ rawBody: "{" })],
  ];
  it.each(refusals)("400 %s", async (code, request) => v4.refuses("deactivateBundle", await request(), code));

  v4.credentialCases("deactivateBundle", () => ({ body: device }));
});

const offlineDevice = (b: Bundle, changes: Partial<OfflineDevice> = {}): OfflineDevice => ({ ...identity(b), ...changes });
const malformedFiles = v4.malformedOfflineFiles((changes) => offlineDevice(shared, changes));

describe("activateBundleOffline", () => {
  it("200 for a schema v1 file, with a verifiable bundle_signature_v2, and for a schema v2 multipart upload", async () => {
    const answer = await client.call("activateBundleOffline", v4.offlineFile(offlineDevice(shared), { schemaVersion: 1 }), 200);
    expect(answer.licenses).toHaveLength(2);
    expect(verifyRsaSha256(await v4.publicKey(), JSON.stringify(answer.licenses), answer.bundle_signature_v2)).toBe(true);
    await client.call("activateBundleOffline", multipartUpload(v4.offlineFile(offlineDevice(shared)).rawBody), 200);
  });

  it("400 license_activated_max_times", async () => {
    const full = await bundle({ member: { allowedActivations: 1 } });
    await client.call("activateBundleOffline", v4.offlineFile(offlineDevice(full)), 200);
    await v4.refuses("activateBundleOffline", v4.offlineFile(offlineDevice(full)), "license_activated_max_times");
  });
  it.each(malformedFiles)("400 %s (malformed file)", (code, file) => v4.refuses("activateBundleOffline", file("activation"), code));

  it("409 license_device_exists for a device already activated online", async () => {
    const online = await activated(shared);
    expect((await client.call("activateBundleOffline", v4.offlineFile(online), 409)).code).toBe("license_device_exists");
  });

  v4.credentialCases("activateBundleOffline", (signer) => v4.offlineFile(offlineDevice(shared), { signedWith: signer }));
});

describe("deactivateBundleOffline", () => {
  it("200 license_deactivated", async () => {
    const offline = offlineDevice(shared);
    await client.call("activateBundleOffline", v4.offlineFile(offline), 200);
    expect(await client.call("deactivateBundleOffline", v4.offlineFile(offline, { request: "deactivation" }), 200)).toBe("license_deactivated");
  });

  it("400 device_not_found", () => v4.refuses("deactivateBundleOffline", v4.offlineFile(offlineDevice(shared), { request: "deactivation" }), "device_not_found"));
  it.each(malformedFiles)("400 %s (malformed file)", (code, file) => v4.refuses("deactivateBundleOffline", file("deactivation"), code));

  v4.credentialCases("deactivateBundleOffline", (signer) => v4.offlineFile(offlineDevice(shared), { request: "deactivation", signedWith: signer }));
});
