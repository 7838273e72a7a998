import { SignJWT } from "jose";
import { expect, it } from "vitest";
import { verifyActivationToken, verifyOfflineResponse } from "../../client/verify-v3.js";
import { activationRequest, describeApi, type ApiFixture } from "../support/api.js";

/** An offlineRequest as the spec documents it: a compact JWS (HS256) keyed with the UTF-8 product id. */
async function offlineRequest(payload: Record<string, unknown>, productId: string, key = productId) {
  return new SignJWT({ iat: Math.floor(Date.now() / 1000), ...payload })
    .setProtectedHeader({ alg: "HS256", typ: "lex-offline-request+jwt" })
    .sign(new TextEncoder().encode(key));
}

async function offlineSetup(api: ApiFixture) {
  const product = await api.createProduct();
  const license = await api.createLicense(product.id, { allowedActivations: 2 });
  const machine = activationRequest(license, api.admin.accountId);
  return { product, license, machine };
}

describeApi("v3 offline activation", (api) => {
  it("answers a signed offline request with a response that verifies and lasts responseValidity", async () => {
    const { product, license, machine } = await offlineSetup(api);
    const request = await offlineRequest({ type: "activation", ...machine }, product.id);
    const result = await api.client.POST("/v3/activations/offline-activate", { body: { offlineRequest: request, responseValidity: 3600, licenseId: license.id } });
    expect(result.response.status).toBe(200);
    const claims = await verifyOfflineResponse(result.data!.offlineResponse, product.publicKey, { productId: product.id, fingerprint: machine.fingerprint });
    const validFor = (claims.orv ?? 0) - claims.iat;
    expect(validFor).toBeGreaterThanOrEqual(3599);
    expect(validFor).toBeLessThanOrEqual(3601);
    await expect(verifyOfflineResponse(result.data!.offlineResponse, product.publicKey, {}, new Date(Date.now() + 3_700_000))).rejects.toThrow(/validity/);
    const [activation] = (await api.client.GET("/v3/activations", { params: { query: { licenseId: license.id } } })).data!;
    expect(activation).toMatchObject({ id: claims.aid, offline: true });

    const deactivation = await offlineRequest({ type: "deactivation", aid: claims.aid, ...machine }, product.id);
    const deactivated = await api.client.POST("/v3/activations/offline-deactivate", { body: { offlineRequest: deactivation, licenseId: license.id } });
    expect(deactivated.data).toMatchObject({ activationId: claims.aid, licenseId: license.id });
    expect((await api.client.GET("/v3/activations", { params: { query: { licenseId: license.id } } })).data).toEqual([]);
  });

  it.each([
    ["a request signed with another key", async (p: { id: string }, m: object) => offlineRequest({ type: "activation", ...m }, p.id, "not-the-product-id"), "INVALID_OFFLINE_REQUEST"],
    [
      "a request whose payload was edited after signing",
      async (p: { id: string }, m: object) => {
        const [header, , signature] = (await offlineRequest({ type: "activation", ...m }, p.id)).split(".");
        const edited = Buffer.from(JSON.stringify({ type: "activation", ...m, hostname: "edited" })).toString("base64url");
        return `${header}.${edited}.${signature}`;
      },
      "INVALID_OFFLINE_REQUEST",
    ],
    ["something that is not a JWS", async () => "not-an-offline-request", "INVALID_OFFLINE_REQUEST"],
    ["a deactivation request sent to offline-activate", async (p: { id: string }, m: object) => offlineRequest({ type: "deactivation", aid: "x", ...m }, p.id), "INVALID_OFFLINE_REQUEST"],
  ])("refuses %s", async (_name, build, code) => {
    const { product, license, machine } = await offlineSetup(api);
    const result = await api.client.POST("/v3/activations/offline-activate", {
      body: { offlineRequest: await build(product, machine), responseValidity: 60, licenseId: license.id },
    });
    expect(result.response.status).toBe(400);
    expect(result.error).toMatchObject({ code });
  });

  it("refuses a request made for another product", async () => {
    const { license, machine } = await offlineSetup(api);
    const other = await api.createProduct();
    const request = await offlineRequest({ type: "activation", ...machine, productId: other.id }, other.id);
    const result = await api.client.POST("/v3/activations/offline-activate", { body: { offlineRequest: request, responseValidity: 60, licenseId: license.id } });
    expect(result.error).toMatchObject({ code: "OFFLINE_REQUEST_PRODUCT_MISMATCH" });
  });
});

describeApi("v3 trial activations", (api) => {
  const trialRequest = (productId: string, fingerprint = "trial-machine".padEnd(64, "1")) => ({
    productId,
    accountId: api.admin.accountId,
    fingerprint,
    hostname: "trial-host",
    userHash: "u",
    os: "windows" as const,
  });

  it("starts a trial of the policy's length, once per machine, and refuses products without a policy", async () => {
    const product = await api.createProduct({ trialPolicy: { trialLength: 14 } });
    const first = await api.server.v3().POST("/v3/trial-activations", { body: trialRequest(product.id) });
    expect(first.response.status).toBe(201);
    const claims = await verifyActivationToken(first.data!.activationToken, product.publicKey);
    expect(claims.type).toBe("trial");
    expect(claims.eat - claims.iat).toBeGreaterThanOrEqual(14 * 86_400 - 1);
    expect(claims.eat - claims.iat).toBeLessThanOrEqual(14 * 86_400 + 1);

    const again = await api.server.v3().POST("/v3/trial-activations", { body: trialRequest(product.id) });
    expect((await verifyActivationToken(again.data!.activationToken, product.publicKey)).aid).toBe(claims.aid);
    const trials = await api.client.GET("/v3/trial-activations", { params: { query: { productId: product.id } } });
    expect(trials.data).toHaveLength(1);

    api.clock.advance(15 * 86_400_000);
    const expired = await api.server.v3().POST("/v3/trial-activations", { body: trialRequest(product.id) });
    expect(expired.error).toMatchObject({ code: "TRIAL_ACTIVATION_LIMIT_REACHED" });

    const noPolicy = await api.createProduct();
    const refused = await api.server.v3().POST("/v3/trial-activations", { body: trialRequest(noPolicy.id) });
    expect(refused.error).toMatchObject({ code: "TRIAL_NOT_ALLOWED" });
  });

  it("lets an admin extend a trial, or end it with a past date", async () => {
    const product = await api.createProduct({ trialPolicy: { trialLength: 3 } });
    const machine = trialRequest(product.id, "extend-me".padEnd(64, "2"));
    const created = await api.server.v3().POST("/v3/trial-activations", { body: machine });
    const { aid } = await verifyActivationToken(created.data!.activationToken, product.publicKey);
    const later = new Date(api.clock.now().getTime() + 30 * 86_400_000).toISOString();
    const extended = await api.client.PATCH("/v3/trial-activations/{id}/expires-at", { params: { path: { id: aid } }, body: { expiresAt: later } });
    expect(extended.data!.expiresAt).toBe(later);
    const resumed = await api.server.v3().POST("/v3/trial-activations", { body: machine });
    expect((await verifyActivationToken(resumed.data!.activationToken, product.publicKey)).eat).toBe(Math.floor(Date.parse(later) / 1000));

    const earlier = new Date(api.clock.now().getTime() - 86_400_000).toISOString();
    const ended = await api.client.PATCH("/v3/trial-activations/{id}/expires-at", { params: { path: { id: aid } }, body: { expiresAt: earlier } });
    expect(ended.data!.expiresAt).toBe(earlier);
    const refused = await api.server.v3().POST("/v3/trial-activations", { body: machine });
    expect(refused.error).toMatchObject({ code: "TRIAL_ACTIVATION_LIMIT_REACHED" });
  });
});
