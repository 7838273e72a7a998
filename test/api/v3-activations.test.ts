import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { verifyActivationToken } from "../../client/verify-v3.js";
import { activationRequest, describeApi } from "../support/api.js";
import { repoRoot } from "../support/spec.js";

const seeds = JSON.parse(readFileSync(`${repoRoot}/test/fixtures/seeds.json`, "utf8"));

describeApi("v3 activation flow", (api) => {
  it("activates, syncs, lists, reads and deactivates, with a token that verifies with the product's public key", async () => {
    const product = await api.createProduct();
    const license = await api.createLicense(product.id, { allowedActivations: 2 });
    const request = activationRequest(license, api.admin.accountId);
    const client = api.server.v3();

    const created = await client.POST("/v3/activations", { body: request });
    expect(created.response.status).toBe(201);
    const claims = await verifyActivationToken(created.data!.activationToken, product.publicKey, {
      productId: product.id,
      licenseKey: license.key,
      fingerprint: request.fingerprint,
    });
    expect(claims).toMatchObject({ lid: license.id, os: "linux", suspended: false, eat: 0 });

    api.clock.advance(60_000);
    const synced = await client.PATCH("/v3/activations/{id}", { params: { path: { id: claims.aid } }, body: { ...request, osVersion: "6.8" } });
    expect(synced.response.status).toBe(200);
    const syncedClaims = await verifyActivationToken(synced.data!.activationToken, product.publicKey);
    expect(syncedClaims.aid).toBe(claims.aid);
    expect(syncedClaims.iat).toBeGreaterThan(claims.iat);

    const listed = await api.client.GET("/v3/activations", { params: { query: { licenseId: license.id } } });
    expect(listed.data!.map((a) => a.id)).toEqual([claims.aid]);
    expect(listed.response.headers.get("Pagination-Count")).toBe("1");
    const read = await api.client.GET("/v3/activations/{id}", { params: { path: { id: claims.aid } } });
    expect(read.data).toMatchObject({ id: claims.aid, licenseId: license.id, osVersion: "6.8", offline: false });
    expect(Date.parse(read.data!.lastSyncedAt!)).toBeGreaterThan(Date.parse(read.data!.createdAt));

    const deactivated = await client.POST("/v3/activations/{id}/deactivate", {
      params: { path: { id: claims.aid } },
      body: { productId: product.id, accountId: api.admin.accountId, fingerprint: request.fingerprint, userHash: request.userHash, os: "linux" },
    });
    expect(deactivated.data).toMatchObject({ activationId: claims.aid, licenseId: license.id });
    const gone = await api.client.GET("/v3/activations/{id}", { params: { path: { id: claims.aid } } });
    expect(gone.response.status).toBe(404);
    expect(gone.error).toMatchObject({ code: "ACTIVATION_NOT_FOUND" });
  });

  it("answers seed 002's PATCH body: 404 for its placeholder id, 200 once the ids are real", async () => {
    const placeholder = await api.server.raw("PATCH", "/v3/activations/{id}", "/v3/activations/string", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify(seeds.updateActivationRequest),
    });
    expect(placeholder.status).toBe(404);
    expect(placeholder.body.code).toBe("ACTIVATION_NOT_FOUND");

    const product = await api.createProduct();
    // Seed 002 increments a meter attribute called "string", so the license defines one.
    const license = await api.createLicense(product.id, { meterAttributes: [{ name: "string", allowedUses: 10 }] });
    const real = { ...seeds.updateActivationRequest, key: license.key, productId: product.id, accountId: api.admin.accountId, releaseVersion: "1.0.0" };
    const created = await api.server.v3().POST("/v3/activations", { body: real });
    const { aid } = await verifyActivationToken(created.data!.activationToken, product.publicKey);
    const synced = await api.server.raw("PATCH", "/v3/activations/{id}", `/v3/activations/${aid}`, {
      headers: { "content-type": "application/json" },
      body: JSON.stringify(real),
    });
    expect(synced.status).toBe(200);
  });

  it("refuses seed 002's body with its non-version releaseVersion, naming the rule", async () => {
    const product = await api.createProduct();
    const license = await api.createLicense(product.id);
    const body = { ...seeds.updateActivationRequest, key: license.key, productId: product.id, accountId: api.admin.accountId };
    const result = await api.server.raw("POST", "/v3/activations", "/v3/activations", { headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(result.status).toBe(400);
    expect(result.body.code).toBe("INVALID_RELEASE_VERSION");
  });

  it("answers seed 000's offline-activate body (placeholder license) with a clear 4xx, never a 500", async () => {
    const result = await api.server.raw("POST", "/v3/activations/offline-activate", "/v3/activations/offline-activate", {
      headers: { "content-type": "application/json", authorization: `Bearer ${api.admin.token}` },
      body: JSON.stringify(seeds.offlineActivateRequest),
    });
    expect(result.status).toBe(400);
    expect(["INVALID_OFFLINE_REQUEST", "INVALID_LICENSE_ID"]).toContain(result.body.code);
  });
});
