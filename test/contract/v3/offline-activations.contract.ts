/**
 * v3 offline activation and deactivation: every documented status, with offline requests signed as the spec says
 * (HS256 compact JWS keyed with the product id) and refused ones that break one rule each.
 */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { accountIdOf, refused, sharedCases, unknownId } from "./common.js";
import { activate, activationIdOf, machineFor, offlineRequest, type Machine } from "./machines.js";

const suite = contractSuite();
const { client, fixtures } = suite;
type License = { id: string; key: string; productId: string };

let accountId: string;
let license: License;
/** Activated online on `license`: offline activation of the same machine conflicts. */
let online: Machine;
/** Another product, whose requests do not match `license`. */
let otherProductId: string;
let refusing: Record<"full" | "revoked" | "notEffective" | "strict" | "floating" | "noDeactivations", License>;

beforeAll(async () => {
  accountId = await accountIdOf(fixtures);
  const { id: productId } = await fixtures.product({ name: "contract offline activations" });
  otherProductId = (await fixtures.product({ name: "contract offline other" })).id;
  license = (await fixtures.license(productId, { allowedActivations: 0 })) as License;
  online = machineFor(license, accountId);
  await activate(fixtures, online);
  refusing = {
    full: (await fixtures.license(productId, { allowedActivations: 1 })) as License,
    revoked: (await fixtures.license(productId, { revoked: true })) as License,
    notEffective: (await fixtures.license(productId, { effectiveDate: new Date(Date.now() + 365 * 86_400_000).toISOString() })) as License,
    strict: (await fixtures.license(productId, { allowVmActivation: false, allowContainerActivation: false })) as License,
    floating: (await fixtures.license(productId, { type: "hosted-floating" })) as License,
    noDeactivations: (await fixtures.license(productId, { allowedDeactivations: 0, allowedActivations: 0 })) as License,
  };
  await activate(fixtures, machineFor(refusing.full, accountId));
});

/** The body of `createOfflineActivation` for the machine's activation request. */
async function offlineActivation(machine: Machine, licenseId: string, payload: Record<string, unknown> = {}) {
  return { offlineRequest: await offlineRequest({ type: "activation", ...machine, ...payload }), responseValidity: 3600, licenseId };
}

/** Activates a new machine of the license offline (a fixture) and returns the machine and its activation id. */
async function offlineActivated(of: License): Promise<{ machine: Machine; aid: string }> {
  const machine = machineFor(of, accountId);
  const { offlineResponse } = await fixtures.v3("POST", "/v3/activations/offline-activate", await offlineActivation(machine, of.id), 200);
  return { machine, aid: activationIdOf(offlineResponse) };
}

/** The body of `offlineDeactivateActivation` for the machine's offline activation `aid`. */
async function offlineDeactivation(machine: Machine, aid: string, licenseId: string, payload: Record<string, unknown> = {}) {
  return { offlineRequest: await offlineRequest({ type: "deactivation", aid, ...machine, ...payload }), licenseId };
}

describe("createOfflineActivation", () => {
  it("200 with an offlineResponse for a signed request", async () => {
    await client.call("createOfflineActivation", { body: await offlineActivation(machineFor(license, accountId), license.id) }, 200);
  });
  it.each<[string, () => Promise<Record<string, unknown>>, string]>([
    ["a responseValidity of 0", async () => ({ ...(await offlineActivation(machineFor(license, accountId), license.id)), responseValidity: 0 }), "VALIDATION_FAILED"],
    ["an unknown license", () => offlineActivation(machineFor(license, accountId), unknownId), "INVALID_LICENSE_ID"],
    ["something that is not a JWS", async () => ({ offlineRequest: "not-an-offline-request", responseValidity: 60, licenseId: license.id }), "INVALID_OFFLINE_REQUEST"],
    ["a request signed with another key", async () => {
      const machine = machineFor(license, accountId);
      return { offlineRequest: await offlineRequest({ type: "activation", ...machine }, "not-the-product-id"), responseValidity: 60, licenseId: license.id };
    }, "INVALID_OFFLINE_REQUEST"],
    ["a deactivation request", () => offlineActivation(machineFor(license, accountId), license.id, { type: "deactivation", aid: unknownId }), "INVALID_OFFLINE_REQUEST"],
    ["a request made for another product", () => offlineActivation(machineFor(license, accountId), license.id, { productId: otherProductId }), "OFFLINE_REQUEST_PRODUCT_MISMATCH"],
    ["a malformed release version", () => offlineActivation(machineFor(license, accountId), license.id, { releaseVersion: "v2" }), "INVALID_RELEASE_VERSION"],
    ["a revoked license", () => offlineActivation(machineFor(refusing.revoked, accountId), refusing.revoked.id), "REVOKED_LICENSE"],
    ["a license not effective yet", () => offlineActivation(machineFor(refusing.notEffective, accountId), refusing.notEffective.id), "LICENSE_NOT_EFFECTIVE"],
    ["a VM where the license forbids them", () => offlineActivation(machineFor(refusing.strict, accountId), refusing.strict.id, { vmName: "vbox" }), "VM_ACTIVATION_NOT_ALLOWED"],
    ["a container where the license forbids them", () => offlineActivation(machineFor(refusing.strict, accountId), refusing.strict.id, { container: true }), "CONTAINER_ACTIVATION_NOT_ALLOWED"],
    ["a hosted-floating license", () => offlineActivation(machineFor(refusing.floating, accountId), refusing.floating.id), "INVALID_LICENSE_TYPE"],
    ["a license with no seat left", () => offlineActivation(machineFor(refusing.full, accountId), refusing.full.id), "ACTIVATION_LIMIT_REACHED"],
  ])("400 for %s", async (_name, body, code) => refused(client, "createOfflineActivation", { body: await body() }, 400, code));
  it("409 for a machine activated online on the license", async () => {
    await refused(client, "createOfflineActivation", { body: await offlineActivation(online, license.id) }, 409, "ACTIVATION_ALREADY_EXISTS");
  });
  let harmless: Record<string, unknown>;
  beforeAll(async () => void (harmless = await offlineActivation(machineFor(license, accountId), unknownId)));
  sharedCases(suite, "createOfflineActivation", () => ({ body: harmless }));
});

describe("offlineDeactivateActivation", () => {
  it("200 for the machine's deactivation request", async () => {
    const { machine, aid } = await offlineActivated(license);
    await client.call("offlineDeactivateActivation", { body: await offlineDeactivation(machine, aid, license.id) }, 200);
  });
  it.each<[string, (machine: Machine, aid: string) => Promise<Record<string, unknown>>, string]>([
    ["a body without a licenseId", async (machine, aid) => ({ ...(await offlineDeactivation(machine, aid, license.id)), licenseId: undefined }), "VALIDATION_FAILED"],
    ["an unknown license", (machine, aid) => offlineDeactivation(machine, aid, unknownId), "INVALID_LICENSE_ID"],
    ["an activation request", (machine, aid) => offlineDeactivation(machine, aid, license.id, { type: "activation" }), "INVALID_OFFLINE_REQUEST"],
    ["a request made for another product", (machine, aid) => offlineDeactivation(machine, aid, license.id, { productId: otherProductId }), "OFFLINE_REQUEST_PRODUCT_MISMATCH"],
    ["another machine", (machine, aid) => offlineDeactivation(machine, aid, license.id, { fingerprint: machineFor(license, accountId).fingerprint }), "INVALID_ACTIVATION_FINGERPRINT"],
  ])("400 for %s", async (_name, body, code) => {
    const { machine, aid } = await offlineActivated(license);
    await refused(client, "offlineDeactivateActivation", { body: await body(machine, aid) }, 400, code);
  });
  it("404 for an activation the license does not have", async () => {
    const { machine } = await offlineActivated(license);
    await refused(client, "offlineDeactivateActivation", { body: await offlineDeactivation(machine, unknownId, license.id) }, 404, "ACTIVATION_NOT_FOUND");
  });
  it("409 when the license allows no deactivation", async () => {
    const { machine, aid } = await offlineActivated(refusing.noDeactivations);
    await refused(client, "offlineDeactivateActivation", { body: await offlineDeactivation(machine, aid, refusing.noDeactivations.id) }, 409, "DEACTIVATION_LIMIT_REACHED");
  });
  let harmless: Record<string, unknown>;
  beforeAll(async () => void (harmless = await offlineDeactivation(machineFor(license, accountId), unknownId, unknownId)));
  sharedCases(suite, "offlineDeactivateActivation", () => ({ body: harmless }));
});
