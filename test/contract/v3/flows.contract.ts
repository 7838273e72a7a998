/**
 * v3 stateful flows: each step's effect must show in the next one. A product and a license are created, a machine
 * activates, syncs, deactivates (counted against allowedDeactivations) and is deleted by the administrator (not
 * counted); another goes through the offline round trip; finally the license and the product are deleted and stay
 * gone. Every request goes through `client.call`, so each answer is also checked against the spec.
 */
import { describe, expect, it } from "vitest";
import { verifyActivationToken, verifyOfflineResponse } from "../../../client/verify-v3.js";
import { contractSuite } from "../suite.js";
import { deactivationOf, machineFor, offlineRequest } from "./machines.js";

const { client, fixtures } = contractSuite();
const suffix = () => Math.random().toString(36).slice(2, 8);

/** Deletes what a flow created unless the flow already did (a failed step leaves it behind). */
function removeLater(path: string): void {
  fixtures.onCleanup(() => fixtures.v3("DELETE", path, undefined, 204).catch(() => fixtures.v3("GET", path, undefined, 404)));
}

async function productAndLicense(license: Record<string, unknown>) {
  const product = await client.call("createProduct", { body: { name: `contract flow ${suffix()}` } }, 201);
  removeLater(`/v3/products/${product.id}`);
  const created = await client.call("createLicense", { body: { productId: product.id, ...license } }, 201);
  removeLater(`/v3/licenses/${created.id}`);
  return { product, license: created };
}

const licenseOf = (id: string) => client.call("getLicense", { path: { id } }, 200);
const activationsOf = async (licenseId: string) =>
  (await client.call("listActivations", { query: { licenseId, limit: 100 } }, 200)).map((activation: { id: string }) => activation.id);

describe("v3 online flow: create → activate → sync → deactivate → delete", () => {
  it("carries each step's state into the next", async () => {
    const { product, license } = await productAndLicense({ allowedActivations: 2, allowedDeactivations: 3 });
    expect(license).toMatchObject({ totalActivations: 0, totalDeactivations: 0 });
    const device = machineFor(license, "");

    const activated = await client.call("createActivation", { body: device }, 201);
    const claims = await verifyActivationToken(activated.activationToken, product.publicKey, { productId: product.id, licenseKey: license.key, fingerprint: device.fingerprint });
    expect((await licenseOf(license.id)).totalActivations).toBe(1);
    expect(await activationsOf(license.id)).toEqual([claims.aid]);
    const before = await client.call("getActivation", { path: { id: claims.aid } }, 200);
    expect(before).toMatchObject({ licenseId: license.id, productId: product.id, hostname: device.hostname, offline: false });

    // Timestamps may be kept to the second: wait past one so a sync must move lastSyncedAt.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const synced = await client.call("updateActivation", { path: { id: claims.aid }, body: { ...device, osVersion: "6.8" } }, 200);
    expect((await verifyActivationToken(synced.activationToken, product.publicKey)).aid).toBe(claims.aid);
    const after = await client.call("getActivation", { path: { id: claims.aid } }, 200);
    expect(after.osVersion).toBe("6.8");
    expect(Date.parse(after.lastSyncedAt)).toBeGreaterThan(Date.parse(before.lastSyncedAt ?? before.createdAt));
    expect((await licenseOf(license.id)).totalActivations).toBe(1);

    const deactivated = await client.call("deactivateActivation", { path: { id: claims.aid }, body: deactivationOf(device) }, 200);
    expect(deactivated).toMatchObject({ activationId: claims.aid, licenseId: license.id, remainingDeactivations: 2 });
    expect(await licenseOf(license.id)).toMatchObject({ totalActivations: 0, totalDeactivations: 1 });
    expect(await activationsOf(license.id)).toEqual([]);
    await client.call("getActivation", { path: { id: claims.aid } }, 404);

    // The same machine activates again; the administrator's deletion frees the seat without counting.
    const again = await verifyActivationToken((await client.call("createActivation", { body: device }, 201)).activationToken, product.publicKey);
    expect(again.aid).not.toBe(claims.aid);
    expect(await activationsOf(license.id)).toEqual([again.aid]);
    await client.call("deleteActivation", { path: { id: again.aid } }, 204);
    expect(await licenseOf(license.id)).toMatchObject({ totalActivations: 0, totalDeactivations: 1 });
    expect(await activationsOf(license.id)).toEqual([]);

    await client.call("deleteLicense", { path: { id: license.id } }, 204);
    await client.call("getLicense", { path: { id: license.id } }, 404);
    const refused = await client.call("createActivation", { body: device }, 400);
    expect(refused.code).toBe("INVALID_LICENSE_KEY");
    await client.call("deleteProduct", { path: { id: product.id } }, 204);
    await client.call("getProduct", { path: { id: product.id } }, 404);
  });

  it("stops at allowedDeactivations: the last one allowed reports 0 remaining, the next is refused and keeps the activation", async () => {
    const { product, license } = await productAndLicense({ allowedActivations: 1, allowedDeactivations: 1 });
    const device = machineFor(license, "");
    const first = await verifyActivationToken((await client.call("createActivation", { body: device }, 201)).activationToken, product.publicKey);
    expect((await client.call("deactivateActivation", { path: { id: first.aid }, body: deactivationOf(device) }, 200)).remainingDeactivations).toBe(0);
    const second = await verifyActivationToken((await client.call("createActivation", { body: device }, 201)).activationToken, product.publicKey);
    const refused = await client.call("deactivateActivation", { path: { id: second.aid }, body: deactivationOf(device) }, 409);
    expect(refused.code).toBe("DEACTIVATION_LIMIT_REACHED");
    expect(await activationsOf(license.id)).toEqual([second.aid]);
    expect(await licenseOf(license.id)).toMatchObject({ totalActivations: 1, totalDeactivations: 1 });
  });
});

describe("v3 offline round trip", () => {
  it("offline-activates (listed as offline, counted) and offline-deactivates (gone, counted)", async () => {
    const { product, license } = await productAndLicense({ allowedActivations: 1, allowedDeactivations: 2 });
    const device = machineFor(license, "");
    const activated = await client.call("createOfflineActivation", {
      body: { offlineRequest: await offlineRequest({ ...device, type: "activation" }), responseValidity: 3600, licenseId: license.id },
    }, 200);
    const claims = await verifyOfflineResponse(activated.offlineResponse, product.publicKey, { productId: product.id, licenseKey: license.key, fingerprint: device.fingerprint });
    expect(await client.call("getActivation", { path: { id: claims.aid } }, 200)).toMatchObject({ licenseId: license.id, offline: true });
    expect(await activationsOf(license.id)).toEqual([claims.aid]);
    expect((await licenseOf(license.id)).totalActivations).toBe(1);
    // The license is full now: an online activation of another machine is refused.
    const full = await client.call("createActivation", { body: machineFor(license, "") }, 400);
    expect(full.code).toBe("ACTIVATION_LIMIT_REACHED");

    const deactivated = await client.call("offlineDeactivateActivation", {
      body: { offlineRequest: await offlineRequest({ ...device, type: "deactivation", aid: claims.aid }), licenseId: license.id },
    }, 200);
    expect(deactivated).toMatchObject({ activationId: claims.aid, licenseId: license.id, remainingDeactivations: 1 });
    expect(await activationsOf(license.id)).toEqual([]);
    expect(await licenseOf(license.id)).toMatchObject({ totalActivations: 0, totalDeactivations: 1 });
    await client.call("getActivation", { path: { id: claims.aid } }, 404);
  });
});
