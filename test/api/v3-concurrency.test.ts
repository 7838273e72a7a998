import { expect, it } from "vitest";
import { verifyActivationToken } from "../../client/verify-v3.js";
import { activationRequest, describeApi } from "../support/api.js";

describeApi("v3 limits under concurrency", (api) => {
  it("lets exactly 5 of 50 parallel activations in against allowedActivations 5", async () => {
    const product = await api.createProduct();
    const license = await api.createLicense(product.id, { allowedActivations: 5 });
    const client = api.server.v3();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => client.POST("/v3/activations", { body: activationRequest(license, api.admin.accountId) })),
    );
    const statuses = results.map((r) => r.response.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(results.filter((r) => r.error?.code === "ACTIVATION_LIMIT_REACHED")).toHaveLength(45);
    const listed = await api.client.GET("/v3/activations", { params: { query: { licenseId: license.id, limit: 100 } } });
    expect(listed.data).toHaveLength(5);
    expect((await api.client.GET("/v3/licenses/{id}", { params: { path: { id: license.id } } })).data!.totalActivations).toBe(5);
  });

  it("keeps one activation when the same machine activates 20 times in parallel", async () => {
    const product = await api.createProduct();
    const license = await api.createLicense(product.id, { allowedActivations: 3 });
    const request = activationRequest(license, api.admin.accountId);
    const results = await Promise.all(Array.from({ length: 20 }, () => api.server.v3().POST("/v3/activations", { body: request })));
    expect(results.every((r) => r.response.status === 201)).toBe(true);
    const ids = await Promise.all(results.map(async (r) => (await verifyActivationToken(r.data!.activationToken, product.publicKey)).aid));
    expect(new Set(ids).size).toBe(1);
  });

  it("lets exactly 5 of 50 parallel deactivations through against allowedDeactivations 5", async () => {
    const product = await api.createProduct();
    const license = await api.createLicense(product.id, { allowedActivations: -1, allowedDeactivations: 5 });
    const client = api.server.v3();
    const machines = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const request = activationRequest(license, api.admin.accountId);
        const created = await client.POST("/v3/activations", { body: request });
        return { request, aid: (await verifyActivationToken(created.data!.activationToken, product.publicKey)).aid };
      }),
    );
    const results = await Promise.all(
      machines.map(({ request, aid }) =>
        client.POST("/v3/activations/{id}/deactivate", {
          params: { path: { id: aid } },
          body: { productId: product.id, accountId: api.admin.accountId, fingerprint: request.fingerprint, userHash: request.userHash, os: request.os },
        }),
      ),
    );
    expect(results.filter((r) => r.response.status === 200)).toHaveLength(5);
    expect(results.filter((r) => r.error?.code === "DEACTIVATION_LIMIT_REACHED")).toHaveLength(45);
    const after = await api.client.GET("/v3/licenses/{id}", { params: { path: { id: license.id } } });
    expect(after.data).toMatchObject({ totalActivations: 45, totalDeactivations: 5 });
  });
});
