/**
 * v3 trial activations: every documented status of the public trial operations (online and offline, called without
 * a token) and of listing, reading, deleting and re-dating trials.
 */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { accountIdOf, deleteCases, fingerprint, refused, sharedCases, unknownId } from "./common.js";
import { activationIdOf, offlineRequest } from "./machines.js";

const suite = contractSuite();
const { client, fixtures } = suite;

let accountId: string;
/** Offers 14-day trials, not on VMs or in containers; `running` is a trial of it. */
let trialProductId: string;
let running: string;
/** Offers no trial. */
let plainProductId: string;
/** A machine whose trial of `trialProductId` has expired. */
let expired: TrialMachine;

type TrialMachine = ReturnType<typeof trialMachine>;
const trialMachine = (productId = trialProductId) => ({ productId, accountId, fingerprint: fingerprint(), hostname: "contract-trial", os: "linux" as const, userHash: "contract-user" });

/** Deletes the trial after the file (its product cannot be deleted before). */
function removeTrialLater(id: string): void {
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/trial-activations/${id}`, undefined, 204));
}

/** Starts the machine's trial (a fixture) and returns its id. */
async function startTrial(machine: TrialMachine): Promise<string> {
  const id = activationIdOf((await fixtures.v3("POST", "/v3/trial-activations", machine, 201)).activationToken);
  removeTrialLater(id);
  return id;
}

beforeAll(async () => {
  accountId = await accountIdOf(fixtures);
  trialProductId = (await fixtures.product({ name: "contract trials", trialPolicy: { trialLength: 14, allowVmActivation: false, allowContainerActivation: false } })).id;
  plainProductId = (await fixtures.product({ name: "contract no trials" })).id;
  running = await startTrial(trialMachine());
  expired = trialMachine();
  const id = await startTrial(expired);
  await fixtures.v3("PATCH", `/v3/trial-activations/${id}/expires-at`, { expiresAt: new Date(Date.now() - 86_400_000).toISOString() });
});

/** The refusals both trial operations share, as changes to a new machine's trial request. */
const refusals: Array<[string, () => Record<string, unknown>, string]> = [
  ["an unknown product", () => ({ productId: unknownId }), "INVALID_PRODUCT_ID"],
  ["a product without a trial policy", () => ({ productId: plainProductId }), "TRIAL_NOT_ALLOWED"],
  ["a malformed release version", () => ({ releaseVersion: "v2" }), "INVALID_RELEASE_VERSION"],
  ["a VM where the policy forbids them", () => ({ vmName: "vbox" }), "VM_ACTIVATION_NOT_ALLOWED"],
  ["a container where the policy forbids them", () => ({ container: true }), "CONTAINER_ACTIVATION_NOT_ALLOWED"],
];

describe("listTrialActivations", () => {
  it("200 with the product's trials", () => client.call("listTrialActivations", { query: { productId: trialProductId } }, 200));
  sharedCases(suite, "listTrialActivations", () => ({ query: { productId: trialProductId } }));
});

describe("createTrialActivation", () => {
  it("201 for a new machine", async () => {
    const { activationToken } = await client.call("createTrialActivation", { auth: "none", body: trialMachine() }, 201);
    removeTrialLater(activationIdOf(activationToken));
  });
  it.each([...refusals, ["a body without a fingerprint", () => ({ fingerprint: undefined }), "VALIDATION_FAILED"]])(
    "400 for %s",
    (_name, change, code) => refused(client, "createTrialActivation", { auth: "none", body: { ...trialMachine(), ...change() } }, 400, code),
  );
  it("409 for a machine whose trial has expired", () => refused(client, "createTrialActivation", { auth: "none", body: expired }, 409, "TRIAL_ACTIVATION_LIMIT_REACHED"));
  sharedCases(suite, "createTrialActivation", () => ({ auth: "none", body: trialMachine(unknownId) }));
});

describe("createOfflineTrialActivation", () => {
  /** The body for the machine's offline trial request, with `change` made to the signed request. */
  const offlineTrial = async (machine: TrialMachine, change: Record<string, unknown> = {}) => ({
    offlineRequest: await offlineRequest({ type: "activation", ...machine, ...change }),
    responseValidity: 3600,
    productId: (change.productId as string | undefined) ?? machine.productId,
    accountId,
  });
  it("200 with an offlineResponse for a signed request", async () => {
    const { offlineResponse } = await client.call("createOfflineTrialActivation", { auth: "none", body: await offlineTrial(trialMachine()) }, 200);
    removeTrialLater(activationIdOf(offlineResponse));
  });
  it.each(refusals)("400 for %s", async (_name, change, code) => {
    await refused(client, "createOfflineTrialActivation", { auth: "none", body: await offlineTrial(trialMachine(), change()) }, 400, code);
  });
  it.each<[string, () => Promise<Record<string, unknown>>, string]>([
    ["a responseValidity of 0", async () => ({ ...(await offlineTrial(trialMachine())), responseValidity: 0 }), "VALIDATION_FAILED"],
    ["another account", async () => ({ ...(await offlineTrial(trialMachine())), accountId: unknownId }), "INVALID_PRODUCT_ID"],
    ["something that is not a JWS", async () => ({ ...(await offlineTrial(trialMachine())), offlineRequest: "not-an-offline-request" }), "INVALID_OFFLINE_REQUEST"],
    ["a request signed with another key", async () => ({ ...(await offlineTrial(trialMachine())), offlineRequest: await offlineRequest({ type: "activation", ...trialMachine() }, "not-the-product-id") }), "INVALID_OFFLINE_REQUEST"],
    ["a request made for another product", async () => ({ ...(await offlineTrial(trialMachine(plainProductId))), productId: trialProductId }), "OFFLINE_REQUEST_PRODUCT_MISMATCH"],
  ])("400 for %s", async (_name, body, code) => refused(client, "createOfflineTrialActivation", { auth: "none", body: await body() }, 400, code));
  it("409 for a machine whose trial has expired", async () => {
    await refused(client, "createOfflineTrialActivation", { auth: "none", body: await offlineTrial(expired) }, 409, "TRIAL_ACTIVATION_LIMIT_REACHED");
  });
  let harmless: Record<string, unknown>;
  beforeAll(async () => void (harmless = await offlineTrial(trialMachine(unknownId))));
  sharedCases(suite, "createOfflineTrialActivation", () => ({ auth: "none", body: harmless }));
});

describe("getTrialActivation", () => {
  it("200 for a running trial", () => client.call("getTrialActivation", { path: { id: running } }, 200));
  sharedCases(suite, "getTrialActivation", () => ({ path: { id: running } }), { notFound: "TRIAL_ACTIVATION_NOT_FOUND" });
});

describe("deleteTrialActivation", () => {
  deleteCases(suite, "deleteTrialActivation", {
    notFound: "TRIAL_ACTIVATION_NOT_FOUND", readBy: "getTrialActivation",
    create: async () => activationIdOf((await fixtures.v3("POST", "/v3/trial-activations", trialMachine(), 201)).activationToken),
  });
});

describe("updateTrialActivationExpiresAt", () => {
  const later = () => ({ expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
  it("200 with the new expiry", () => client.call("updateTrialActivationExpiresAt", { path: { id: running }, body: later() }, 200));
  it("400 for a date that is not ISO-8601", () => refused(client, "updateTrialActivationExpiresAt", { path: { id: running }, body: { expiresAt: "next week" } }, 400, "VALIDATION_FAILED"));
  sharedCases(suite, "updateTrialActivationExpiresAt", () => ({ path: { id: unknownId }, body: later() }), { notFound: "TRIAL_ACTIVATION_NOT_FOUND" });
});
