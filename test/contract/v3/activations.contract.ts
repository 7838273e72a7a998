/**
 * v3 online activations: every documented status of listing, reading, deleting, and of the public client operations
 * (activate, sync, deactivate, meter attributes), which are called without a token.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { contractSuite } from "../suite.js";
import { accountIdOf, deleteCases, refused, sharedCases, unknownId } from "./common.js";
import { activate, deactivationOf, machineFor, type Machine } from "./machines.js";

const suite = contractSuite();
const { client, fixtures } = suite;
type License = { id: string; key: string; productId: string };

let accountId: string;
/** An unlimited license with one activation, `activated` on `machine`. */
let license: License;
let machine: Machine;
let activated: string;
/** Refuses VMs and containers, and meters `exports` up to 5 uses; `metered` is an activation on it. */
let strict: License;
let metered: { id: string; machine: Machine };
/** An activation whose license was revoked after it. */
let revokedAfter: { id: string; machine: Machine };
/** Licenses each refusing activations in one way. */
let refusing: Record<"full" | "revoked" | "notEffective" | "onPremise" | "noDeactivations", License>;

beforeAll(async () => {
  accountId = await accountIdOf(fixtures);
  const { id: productId } = await fixtures.product({ name: "contract activations" });
  license = (await fixtures.license(productId, { allowedActivations: 0 })) as License;
  machine = machineFor(license, accountId);
  activated = await activate(fixtures, machine);
  strict = (await fixtures.license(productId, {
    allowedActivations: 0, allowVmActivation: false, allowContainerActivation: false, meterAttributes: [{ name: "exports", allowedUses: 5 }],
  })) as License;
  const meteredMachine = machineFor(strict, accountId);
  metered = { id: await activate(fixtures, meteredMachine), machine: meteredMachine };
  const future = new Date(Date.now() + 365 * 86_400_000).toISOString();
  refusing = {
    full: (await fixtures.license(productId, { allowedActivations: 1 })) as License,
    revoked: (await fixtures.license(productId, { revoked: true })) as License,
    notEffective: (await fixtures.license(productId, { effectiveDate: future })) as License,
    onPremise: (await fixtures.license(productId, { type: "on-premise-floating" })) as License,
    noDeactivations: (await fixtures.license(productId, { allowedDeactivations: 0 })) as License,
  };
  await activate(fixtures, machineFor(refusing.full, accountId));
  const revokedLicense = (await fixtures.license(productId)) as License;
  const revokedMachine = machineFor(revokedLicense, accountId);
  revokedAfter = { id: await activate(fixtures, revokedMachine), machine: revokedMachine };
  await fixtures.v3("PATCH", `/v3/licenses/${revokedLicense.id}`, { revoked: true });
});

describe("listActivations", () => {
  it("200 with the license's activations", async () => {
    const page = await client.call("listActivations", { query: { licenseId: license.id } }, 200);
    expect(page.map((activation: { id: string }) => activation.id)).toContain(activated);
  });
  sharedCases(suite, "listActivations", () => ({ query: { licenseId: license.id } }));
});

describe("createActivation", () => {
  it("201 for a new machine", () => client.call("createActivation", { auth: "none", body: machineFor(license, accountId) }, 201));
  it("201 again for a machine already activated (the activation is reused)", () => client.call("createActivation", { auth: "none", body: machine }, 201));
  it.each<[string, () => Record<string, unknown>, string]>([
    ["a body without a fingerprint", () => ({ ...machineFor(license, accountId), fingerprint: undefined }), "VALIDATION_FAILED"],
    ["an unknown product", () => ({ ...machineFor(license, accountId), productId: unknownId }), "INVALID_PRODUCT_ID"],
    ["another account", () => ({ ...machineFor(license, accountId), accountId: unknownId }), "INVALID_PRODUCT_ID"],
    ["an unknown key", () => ({ ...machineFor(license, accountId), key: "NOT-A-LICENSE-KEY" }), "INVALID_LICENSE_KEY"],
    ["a malformed release version", () => ({ ...machineFor(license, accountId), releaseVersion: "v2" }), "INVALID_RELEASE_VERSION"],
    ["a revoked license", () => machineFor(refusing.revoked, accountId), "REVOKED_LICENSE"],
    ["an on-premise-floating license", () => machineFor(refusing.onPremise, accountId), "INVALID_LICENSE_TYPE"],
    ["a license not effective yet", () => machineFor(refusing.notEffective, accountId), "LICENSE_NOT_EFFECTIVE"],
    ["a VM where the license forbids them", () => ({ ...machineFor(strict, accountId), vmName: "vbox" }), "VM_ACTIVATION_NOT_ALLOWED"],
    ["a container where the license forbids them", () => ({ ...machineFor(strict, accountId), container: true }), "CONTAINER_ACTIVATION_NOT_ALLOWED"],
    ["a license with no seat left", () => machineFor(refusing.full, accountId), "ACTIVATION_LIMIT_REACHED"],
    ["an undefined meter attribute", () => ({ ...machineFor(strict, accountId), meterAttributes: [{ name: "undefined", usesIncrement: 1 }] }), "METER_ATTRIBUTE_NOT_FOUND"],
    ["more uses than allowed", () => ({ ...machineFor(strict, accountId), meterAttributes: [{ name: "exports", usesIncrement: 6 }] }), "METER_ATTRIBUTE_USES_LIMIT_REACHED"],
    ["negative uses", () => ({ ...machineFor(strict, accountId), meterAttributes: [{ name: "exports", usesIncrement: -1 }] }), "INVALID_METER_ATTRIBUTE_INCREMENT"],
  ])("400 for %s", (_name, body, code) => refused(client, "createActivation", { auth: "none", body: body() }, 400, code));
  sharedCases(suite, "createActivation", () => ({ auth: "none", body: { ...machineFor(license, accountId), productId: unknownId } }));
});

describe("getActivation", () => {
  it("200 for the fixture activation", () => client.call("getActivation", { path: { id: activated } }, 200));
  sharedCases(suite, "getActivation", () => ({ path: { id: activated } }), { notFound: "ACTIVATION_NOT_FOUND" });
});

describe("updateActivation", () => {
  it("200 with a fresh token for the activated machine", () => client.call("updateActivation", { auth: "none", path: { id: activated }, body: machine }, 200));
  it.each<[string, () => [string, Record<string, unknown>], string]>([
    ["a body without an os", () => [activated, { ...machine, os: undefined }], "VALIDATION_FAILED"],
    ["a malformed release version", () => [activated, { ...machine, releaseVersion: "v2" }], "INVALID_RELEASE_VERSION"],
    ["another product", () => [activated, { ...machine, productId: unknownId }], "INVALID_PRODUCT_ID"],
    ["another license's key", () => [activated, { ...machine, key: strict.key }], "INVALID_LICENSE_KEY"],
    ["another machine", () => [activated, { ...machine, fingerprint: machineFor(license, accountId).fingerprint }], "INVALID_ACTIVATION_FINGERPRINT"],
    ["a revoked license", () => [revokedAfter.id, revokedAfter.machine], "REVOKED_LICENSE"],
    ["a VM where the license forbids them", () => [metered.id, { ...metered.machine, vmName: "vbox" }], "VM_ACTIVATION_NOT_ALLOWED"],
    ["a container where the license forbids them", () => [metered.id, { ...metered.machine, container: true }], "CONTAINER_ACTIVATION_NOT_ALLOWED"],
    ["an undefined meter attribute", () => [metered.id, { ...metered.machine, meterAttributes: [{ name: "undefined", usesIncrement: 1 }] }], "METER_ATTRIBUTE_NOT_FOUND"],
    ["more uses than allowed", () => [metered.id, { ...metered.machine, meterAttributes: [{ name: "exports", usesIncrement: 6 }] }], "METER_ATTRIBUTE_USES_LIMIT_REACHED"],
    ["negative uses", () => [metered.id, { ...metered.machine, meterAttributes: [{ name: "exports", usesIncrement: -100 }] }], "INVALID_METER_ATTRIBUTE_INCREMENT"],
  ])("400 for %s", (_name, sync, code) => {
    const [id, body] = sync();
    return refused(client, "updateActivation", { auth: "none", path: { id }, body }, 400, code);
  });
  sharedCases(suite, "updateActivation", () => ({ auth: "none", path: { id: unknownId }, body: machine }), { notFound: "ACTIVATION_NOT_FOUND" });
});

describe("deleteActivation", () => {
  deleteCases(suite, "deleteActivation", {
    notFound: "ACTIVATION_NOT_FOUND", readBy: "getActivation",
    create: () => activate(fixtures, machineFor(license, accountId)),
  });
});

describe("deactivateActivation", () => {
  it("200 from the activated machine", async () => {
    const deactivating = machineFor(license, accountId);
    const id = await activate(fixtures, deactivating);
    await client.call("deactivateActivation", { auth: "none", path: { id }, body: deactivationOf(deactivating) }, 200);
  });
  it.each<[string, () => Record<string, unknown>, string]>([
    ["a body without a user hash", () => ({ ...deactivationOf(machine), userHash: undefined }), "VALIDATION_FAILED"],
    ["another product", () => ({ ...deactivationOf(machine), productId: unknownId }), "INVALID_PRODUCT_ID"],
    ["another machine", () => ({ ...deactivationOf(machine), fingerprint: machineFor(license, accountId).fingerprint }), "INVALID_ACTIVATION_FINGERPRINT"],
  ])("400 for %s", (_name, body, code) => refused(client, "deactivateActivation", { auth: "none", path: { id: activated }, body: body() }, 400, code));
  it("409 when the license allows no deactivation", async () => {
    const locked = machineFor(refusing.noDeactivations, accountId);
    const id = await activate(fixtures, locked);
    await refused(client, "deactivateActivation", { auth: "none", path: { id }, body: deactivationOf(locked) }, 409, "DEACTIVATION_LIMIT_REACHED");
  });
  sharedCases(suite, "deactivateActivation", () => ({ auth: "none", path: { id: unknownId }, body: deactivationOf(machine) }), { notFound: "ACTIVATION_NOT_FOUND" });
});

describe("incrementMeterAttribute", () => {
  const increment = (by: number, change: Record<string, unknown> = {}) => ({ increment: by, activationId: metered.id, productId: strict.productId, accountId, ...change });
  it("200 with the uses after the increment", async () => {
    const uses = await client.call("incrementMeterAttribute", { auth: "none", path: { id: "exports" }, body: increment(1) }, 200);
    expect(uses).toMatchObject({ name: "exports", licenseAllowedUses: 5 });
  });
  it.each<[string, () => Record<string, unknown>, string]>([
    ["a body without an increment", () => ({ ...increment(1), increment: undefined }), "VALIDATION_FAILED"],
    ["another product", () => increment(1, { productId: unknownId }), "INVALID_PRODUCT_ID"],
    ["more uses than allowed", () => increment(6), "METER_ATTRIBUTE_USES_LIMIT_REACHED"],
    ["negative uses", () => increment(-100), "INVALID_METER_ATTRIBUTE_INCREMENT"],
  ])("400 for %s", (_name, body, code) => refused(client, "incrementMeterAttribute", { auth: "none", path: { id: "exports" }, body: body() }, 400, code));
  it.each<[string, () => { path: { id: string }; body: Record<string, unknown> }, string]>([
    ["an unknown activation", () => ({ path: { id: "exports" }, body: increment(1, { activationId: unknownId }) }), "ACTIVATION_NOT_FOUND"],
    ["a meter attribute the license does not define", () => ({ path: { id: "undefined" }, body: increment(1) }), "METER_ATTRIBUTE_NOT_FOUND"],
  ])("404 for %s", (_name, request, code) => refused(client, "incrementMeterAttribute", { auth: "none", ...request() }, 404, code));
  sharedCases(suite, "incrementMeterAttribute", () => ({ auth: "none", path: { id: "exports" }, body: increment(1, { activationId: unknownId }) }));
});
