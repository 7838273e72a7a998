/**
 * v4 stateful flows: each step's effect must show in the next one, read back through check_license (times_activated,
 * transfer_count, floating_in_use_devices, total_consumptions) and through v3's activation list (both versions act on
 * the same licenses). Products and licenses are set up through v3; every v4 request goes through `client.call`.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildOfflineRequest } from "../../../client/v4-offline.js";
import { contractSuite } from "../suite.js";

const { target, client, fixtures } = contractSuite();
const device = () => `HW-${randomUUID()}`;

/** A product with a fresh v4 code and one license of it; `ids(hardwareId)` names that license on a device. */
async function licensed(license: Record<string, unknown>) {
  const product = await fixtures.product({ name: `contract v4 flow`, licenseApi: { shortCode: `CF-${randomUUID().slice(0, 8)}` } });
  const created = await fixtures.license(product.id, license);
  const ids = (hardware_id: string) => ({ license_key: created.key, product: product.licenseApi.shortCode as string, hardware_id });
  return { license: created, ids };
}

type Ids = { license_key: string; product: string; hardware_id: string };
const activate = (ids: Ids, expected = 200) => client.call("activateLicense", { body: ids }, expected);
const check = (ids: Ids, expected = 200) => client.call("checkLicense", { query: ids }, expected);
/** The v3 view of the same license: how many activations it holds. */
const v3Activations = async (licenseId: string) => (await fixtures.v3("GET", `/v3/activations?licenseId=${licenseId}&limit=100`)).length;

describe("v4 online flow: activate → check → deactivate", () => {
  it("counts activations and transfers, and refuses what the limits no longer allow", async () => {
    const { license, ids } = await licensed({ allowedActivations: 2, allowedDeactivations: 1 });
    const [first, second, third] = [device(), device(), device()];

    const activated = await activate(ids(first));
    expect(activated).toMatchObject({ hardware_id: first, times_activated: 1, transfer_count: 0, max_activations: 2, max_transfers: 1 });
    expect(await check(ids(first))).toMatchObject({ times_activated: 1, transfer_count: 0, license_active: true });
    expect((await activate(ids(second))).times_activated).toBe(2);
    expect(await v3Activations(license.id)).toBe(2);
    expect((await activate(ids(third), 400)).code).toBe("license_activated_max_times");

    expect(await client.call("deactivateLicense", { body: ids(first) }, 200)).toBe("license_deactivated");
    expect(await check(ids(second))).toMatchObject({ times_activated: 1, transfer_count: 1 });
    expect((await check(ids(first), 400)).code).toBe("device_not_found");
    expect(await v3Activations(license.id)).toBe(1);

    // The freed seat takes the third device; the one transfer allowed is used up, so it cannot leave again.
    expect((await activate(ids(third))).times_activated).toBe(2);
    expect((await client.call("deactivateLicense", { body: ids(third) }, 400)).code).toBe("license_transferred_max_times");
    expect(await check(ids(third))).toMatchObject({ times_activated: 2, transfer_count: 1 });
  });
});

describe("v4 offline round trip", () => {
  it("activate_offline counts the device like an online activation; deactivate_offline removes it", async () => {
    const { license, ids } = await licensed({ allowedActivations: 1 });
    const hardwareId = device();
    const credentials = { apiKey: target.apiKey!, sharedKey: target.sharedKey! };
    const file = (request: "activation" | "deactivation") => buildOfflineRequest(ids(hardwareId), credentials, { request, schemaVersion: 2 });

    const offline = await client.call("activateOffline", { rawBody: file("activation"), contentType: "text/plain" }, 200);
    expect(offline).toMatchObject({ hardware_id: hardwareId, license_key: license.key, times_activated: 1 });
    expect(await check(ids(hardwareId))).toMatchObject({ times_activated: 1, transfer_count: 0 });
    expect(await v3Activations(license.id)).toBe(1);
    expect((await activate(ids(device()), 400)).code).toBe("license_activated_max_times");

    expect(await client.call("deactivateOffline", { rawBody: file("deactivation"), contentType: "text/plain" }, 200)).toBe("license_deactivated");
    expect((await check(ids(hardwareId), 400)).code).toBe("device_not_found");
    expect(await v3Activations(license.id)).toBe(0);
    expect((await activate(ids(device()))).times_activated).toBe(1);
  });
});

describe("v4 floating cloud: seats taken and freed", () => {
  it("each device holds a seat until it releases it; a full license refuses the next device", async () => {
    const { ids } = await licensed({ type: "hosted-floating", allowedFloatingClients: 2, allowedActivations: 0, leaseDuration: 600 });
    const [first, second, third] = [device(), device(), device()];

    expect(await activate(ids(first))).toMatchObject({ is_floating_cloud: true, floating_in_use: true });
    expect((await check(ids(first))).floating_in_use_devices).toBe(1);
    await activate(ids(second));
    expect((await check(ids(second))).floating_in_use_devices).toBe(2);
    expect((await activate(ids(third), 400)).code).toBe("license_activated_max_times");

    await client.call("floatingRelease", { body: ids(first) }, 200);
    expect((await check(ids(second))).floating_in_use_devices).toBe(1);
    await activate(ids(third));
    expect((await check(ids(third))).floating_in_use_devices).toBe(2);
  });
});

describe("v4 consumption totals", () => {
  it("add_consumption accumulates up to max_consumptions, check_license shows the total, and the limit holds", async () => {
    const { ids } = await licensed({ licenseApi: { licenseType: "consumption", consumption: { max: 10 } } });
    const hardwareId = device();
    await activate(ids(hardwareId));
    const add = (consumptions: number, expected = 200) => client.call("addConsumption", { body: { ...ids(hardwareId), consumptions } }, expected);

    expect(await add(4)).toMatchObject({ total_consumptions: 4, max_consumptions: 10 });
    expect((await add(6)).total_consumptions).toBe(10);
    expect((await add(1, 400)).code).toBe("license_not_enough_consumptions");
    expect(await check(ids(hardwareId))).toMatchObject({ total_consumptions: 10, max_consumptions: 10 });
  });
});
