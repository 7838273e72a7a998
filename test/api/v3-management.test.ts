import { expect, it } from "vitest";
import { activationRequest, describeApi } from "../support/api.js";

describeApi("v3 management", (api) => {
  it("creates, lists with pagination headers, updates and deletes products and licenses", async () => {
    const product = await api.createProduct({ name: "Editor", description: "A text editor" });
    expect(product.publicKey).toMatch(/BEGIN PUBLIC KEY/);
    const keys = [];
    for (let i = 0; i < 3; i++) keys.push((await api.createLicense(product.id)).key);
    for (const key of keys) expect(key).toMatch(/^([A-F0-9]{6}-){5}[A-F0-9]{6}$/);

    const page = await api.client.GET("/v3/licenses", { params: { query: { productId: product.id, limit: 2, page: 2 } } });
    expect(page.data).toHaveLength(1);
    expect(page.response.headers.get("Pagination-Count")).toBe("3");
    expect(page.response.headers.get("Pagination-Page")).toBe("2");
    expect(page.response.headers.get("Pagination-Limit")).toBe("2");

    const [first] = (await api.client.GET("/v3/licenses", { params: { query: { key: keys[0] } } })).data!;
    const revoked = await api.client.PATCH("/v3/licenses/{id}", { params: { path: { id: first!.id } }, body: { revoked: true, allowedActivations: 7 } });
    expect(revoked.data).toMatchObject({ revoked: true, allowedActivations: 7 });

    const inUse = await api.client.DELETE("/v3/products/{id}", { params: { path: { id: product.id } } });
    expect(inUse.error).toMatchObject({ code: "PRODUCT_IN_USE" });
    for (const license of (await api.client.GET("/v3/licenses", { params: { query: { productId: product.id } } })).data!) {
      expect((await api.client.DELETE("/v3/licenses/{id}", { params: { path: { id: license.id } } })).response.status).toBe(204);
    }
    expect((await api.client.DELETE("/v3/products/{id}", { params: { path: { id: product.id } } })).response.status).toBe(204);
    expect((await api.client.GET("/v3/products/{id}", { params: { path: { id: product.id } } })).error).toMatchObject({ code: "PRODUCT_NOT_FOUND" });
  });

  it("refuses a duplicate license key with 409 and accepts a fresh one", async () => {
    const product = await api.createProduct();
    const key = "ABCDEF-123456-ABCDEF-123456-ABCDEF-123456";
    expect((await api.client.POST("/v3/licenses", { body: { productId: product.id, key } })).response.status).toBe(201);
    const duplicate = await api.client.POST("/v3/licenses", { body: { productId: product.id, key } });
    expect(duplicate.error).toMatchObject({ code: "LICENSE_KEY_ALREADY_EXISTS" });
  });

  it("never lets read-only fields be written", async () => {
    const product = await api.createProduct();
    const license = await api.createLicense(product.id);
    for (const field of ["id", "totalActivations", "createdAt"]) {
      const result = await api.server.raw("PATCH", "/v3/licenses/{id}", `/v3/licenses/${license.id}`, {
        headers: { "content-type": "application/json", authorization: `Bearer ${api.admin.token}` },
        body: JSON.stringify({ [field]: field === "totalActivations" ? 0 : "x" }),
      });
      expect(result.status).toBe(400);
      expect(result.body.errors[0]).toMatchObject({ field: `/${field}`, code: "additionalProperties" });
    }
  });

  it("writes each state change to the webhook outbox, visible in the delivery log", async () => {
    const webhook = await api.client.POST("/v3/webhooks", {
      body: { name: "crm", url: "https://hooks.example.com/licensing", events: ["license.created", "activation.created"] },
    });
    expect(webhook.data!.token.length).toBeGreaterThan(16);
    const product = await api.createProduct();
    const license = await api.createLicense(product.id);
    await api.server.v3().POST("/v3/activations", { body: activationRequest(license, api.admin.accountId) });
    const logs = await api.client.GET("/v3/webhook-event-logs", { params: { query: { webhookId: webhook.data!.id } } });
    expect(logs.data!.map((l) => l.event).sort()).toEqual(["activation.created", "license.created"]);
    const entry = logs.data!.find((l) => l.event === "activation.created")!;
    expect(entry).toMatchObject({ attempt: 1, delivered: false, statusCode: null });
    expect(JSON.parse(entry.requestBody)).toMatchObject({ event: "activation.created", data: { licenseId: license.id } });

    const resent = await api.client.POST("/v3/webhook-event-logs/{id}/resend", { params: { path: { id: entry.id } } });
    expect(resent.response.status).toBe(202);
    expect(resent.data).toMatchObject({ eventId: entry.eventId, attempt: 2 });
  });
});

describeApi("v3 bad input", (api) => {
  const post = (path: string, body: string, contentType = "application/json") =>
    api.server.raw("POST", path, path, { headers: { "content-type": contentType, authorization: `Bearer ${api.admin.token}` }, body });

  it.each([
    ["a missing required field", "/v3/activations", JSON.stringify({ os: "linux" }), "VALIDATION_FAILED", "/fingerprint"],
    ["a fingerprint under 64 characters", "/v3/activations", JSON.stringify({ os: "linux", fingerprint: "short", hostname: "h", userHash: "u", productId: "p", accountId: "a", key: "k" }), "VALIDATION_FAILED", "/fingerprint"],
    ["an OS outside the enum", "/v3/activations", JSON.stringify({ os: "beos", fingerprint: "f".repeat(64), hostname: "h", userHash: "u", productId: "p", accountId: "a", key: "k" }), "VALIDATION_FAILED", "/os"],
    ["an unknown field on a management body", "/v3/products", JSON.stringify({ name: "x", totalLicenses: 3 }), "VALIDATION_FAILED", "/totalLicenses"],
    ["invalid JSON", "/v3/products", "{ not json", "INVALID_JSON", undefined],
    ["a body that is not JSON", "/v3/products", "name=x", "INVALID_JSON", undefined],
  ])("answers 400 in v3's format for %s", async (_name, path, body, code, field) => {
    const result = await post(path, body, body.startsWith("name=") ? "application/x-www-form-urlencoded" : "application/json");
    expect(result.status).toBe(400);
    expect(result.body.code).toBe(code);
    if (field) expect(result.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it.each(["gzip", "deflate", "br"])("answers 400 INVALID_JSON for a body that says it is %s-encoded and is not", async (encoding) => {
    const result = await api.server.raw("POST", "/v3/products", "/v3/products", {
      headers: { "content-type": "application/json", "content-encoding": encoding, authorization: `Bearer ${api.admin.token}` },
      body: JSON.stringify({ name: "x" }),
    });
    expect([result.status, result.body.code]).toEqual([400, "INVALID_JSON"]);
  });

  it.each([
    ["limit 0", "limit=0"],
    ["limit 101", "limit=101"],
    ["page 0", "page=0"],
    ["a non-numeric limit", "limit=ten"],
  ])("answers 400 VALIDATION_FAILED for %s, and 200 within bounds", async (_name, query) => {
    const headers = { authorization: `Bearer ${api.admin.token}` };
    const refused = await api.server.raw("GET", "/v3/products", `/v3/products?${query}`, { headers });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].field).toMatch(/^query\./);
    expect((await api.server.raw("GET", "/v3/products", "/v3/products?limit=100&page=1", { headers })).status).toBe(200);
  });

  it("answers 413 for a body over the limit and 404 NOT_FOUND for an unknown route", async () => {
    const big = await post("/v3/products", JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.body.code).toBe("PAYLOAD_TOO_LARGE");
    const response = await fetch(`${api.server.url}/v3/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: "NOT_FOUND" });
  });

  it("gives each request an id, keeping a sane one the caller sent", async () => {
    const generated = await fetch(`${api.server.url}/healthz`);
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${api.server.url}/healthz`, { headers: { "x-request-id": "trace-123" } });
    expect(kept.headers.get("x-request-id")).toBe("trace-123");
    const replaced = await fetch(`${api.server.url}/healthz`, { headers: { "x-request-id": "bad id with spaces" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reports health and readiness", async () => {
    expect(await (await fetch(`${api.server.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${api.server.url}/readyz`)).json()).toEqual({ status: "ready" });
  });
});
