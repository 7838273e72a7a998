import { CompactSign } from "jose";
import { expect, it } from "vitest";
import {
  createOfflineTrialActivation, createTrialActivation, deleteProduct, deleteTrialActivation, listTrialActivations, updateTrialActivationExpiresAt,
} from "../../server/core/index.js";
import { describeEachDatabase } from "../support/database.js";
import { Clock, eventTypes, fingerprint, seed, verifyToken, withClock } from "./helpers.js";

const policy = { trialLength: 14, allowVmActivation: false, allowContainerActivation: true };

describeEachDatabase("trial activations", (getCore) => {
  const trialRequest = (s: Awaited<ReturnType<typeof seed>>, extra = {}) => ({
    os: "macos" as const, fingerprint: fingerprint(), hostname: "mac", userHash: "u", productId: s.product.id, accountId: "", ...extra,
  });

  it("starts a trial of trialLength days with a trial token; the same machine gets it back", async () => {
    const clock = new Clock();
    const core = withClock(getCore(), clock);
    const s = await seed(core, {}, { trialPolicy: policy });
    const request = trialRequest(s);
    const first = await createTrialActivation(core, request);
    expect(first.trialActivation.expiresAt.toISOString()).toBe("2024-06-29T10:00:00.000Z");
    const { claims } = await verifyToken(s.product.publicKeyPem, first.activationToken);
    expect(claims).toMatchObject({ type: "trial", aid: first.trialActivation.id, lid: "", key: "", eat: Math.floor(first.trialActivation.expiresAt.getTime() / 1000), ssi: 0, fc: 0 });
    clock.advance(86400);
    const again = await createTrialActivation(core, { ...request, fingerprint: request.fingerprint.toUpperCase() });
    expect(again.trialActivation.id).toBe(first.trialActivation.id);
    expect(await eventTypes(core, s.account.id)).toEqual(["license.created", "trialActivation.created"]);
  });

  it.each<[string, object | null, object, string]>([
    ["TRIAL_NOT_ALLOWED without a policy", null, {}, "TRIAL_NOT_ALLOWED"],
    ["VM_ACTIVATION_NOT_ALLOWED by the policy", policy, { vmName: "kvm" }, "VM_ACTIVATION_NOT_ALLOWED"],
    ["INVALID_PRODUCT_ID for another account", policy, { accountId: "other" }, "INVALID_PRODUCT_ID"],
    ["INVALID_RELEASE_VERSION", policy, { releaseVersion: "x" }, "INVALID_RELEASE_VERSION"],
  ])("throws %s", async (_name, trialPolicy, extra, code) => {
    const core = getCore();
    const s = await seed(core, {}, { trialPolicy: trialPolicy as never });
    await expect(createTrialActivation(core, trialRequest(s, extra))).rejects.toMatchObject({ code });
  });

  it("an ended trial is TRIAL_ACTIVATION_LIMIT_REACHED; deleting it lets the machine start again", async () => {
    const clock = new Clock();
    const core = withClock(getCore(), clock);
    const s = await seed(core, {}, { trialPolicy: policy });
    const request = trialRequest(s);
    const { trialActivation } = await createTrialActivation(core, request);
    await updateTrialActivationExpiresAt(core, s.account.id, trialActivation.id, new Date("2024-06-15T09:00:00Z"));
    await expect(createTrialActivation(core, request)).rejects.toMatchObject({ code: "TRIAL_ACTIVATION_LIMIT_REACHED" });
    expect((await listTrialActivations(core, s.account.id, { expired: true })).total).toBe(1);
    await deleteTrialActivation(core, s.account.id, trialActivation.id);
    await expect(createTrialActivation(core, request)).resolves.toMatchObject({ trialActivation: { productId: s.product.id } });
    await expect(deleteProduct(core, s.account.id, s.product.id)).rejects.toMatchObject({ code: "PRODUCT_IN_USE" });
  });

  it("offline trial: offline response with orv; another product's request is refused", async () => {
    const clock = new Clock();
    const core = withClock(getCore(), clock);
    const s = await seed(core, {}, { trialPolicy: policy });
    const sign = (productId: string) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify({ type: "activation", iat: 1, productId, fingerprint: fingerprint(), os: "linux", hostname: "h", userHash: "u" })))
        .setProtectedHeader({ alg: "HS256", typ: "lex-offline-request+jwt" })
        .sign(new TextEncoder().encode(productId));
    const { offlineResponse, trialActivation } = await createOfflineTrialActivation(core, { offlineRequest: await sign(s.product.id), responseValidity: 600, productId: s.product.id, accountId: s.account.id });
    const { claims } = await verifyToken(s.product.publicKeyPem, offlineResponse);
    expect(claims).toMatchObject({ type: "trial", offline: true, orv: Math.floor(clock.current.getTime() / 1000) + 600 });
    expect(trialActivation.offline).toBe(true);
    await expect(createOfflineTrialActivation(core, { offlineRequest: await sign("other"), responseValidity: 600, productId: s.product.id, accountId: s.account.id }))
      .rejects.toMatchObject({ code: "OFFLINE_REQUEST_PRODUCT_MISMATCH" });
  });
});
