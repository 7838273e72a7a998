import { SignJWT, UnsecuredJWT } from "jose";
import { expect, it } from "vitest";
import { activationRequest, describeApi } from "../support/api.js";

describeApi("v3 access tokens", (api) => {
  const listProducts = (authorization?: string) =>
    api.server.raw("GET", "/v3/products", "/v3/products", authorization ? { headers: { authorization } } : {});

  it("lets a valid token with the scope in", async () => {
    expect((await listProducts(`Bearer ${api.admin.token}`)).status).toBe(200);
  });

  it.each([
    ["no Authorization header", () => undefined, "TOKEN_MISSING"],
    ["a non-bearer scheme", () => `Basic ${Buffer.from("a:b").toString("base64")}`, "TOKEN_MISSING"],
    ["garbage", () => "Bearer not-a-jwt", "TOKEN_INVALID"],
    ["an unsigned token (alg none)", () => `Bearer ${new UnsecuredJWT({ aid: api.admin.accountId, scopes: ["product:read"] }).encode()}`, "TOKEN_INVALID"],
    [
      "a token signed with another secret",
      async () => {
        const claims = JSON.parse(Buffer.from(api.admin.token.split(".")[1]!, "base64url").toString());
        return `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("x".repeat(32)))}`;
      },
      "TOKEN_INVALID",
    ],
    [
      "a tampered payload",
      () => {
        const [header, payload, signature] = api.admin.token.split(".");
        const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
        const widened = Buffer.from(JSON.stringify({ ...claims, aid: "00000000-0000-4000-8000-000000000000" })).toString("base64url");
        return `Bearer ${header}.${widened}.${signature}`;
      },
      "TOKEN_INVALID",
    ],
  ] as Array<[string, () => string | undefined | Promise<string>, string]>)("answers 401 for %s", async (_name, header, code) => {
    const result = await listProducts(await header());
    expect(result.status).toBe(401);
    expect(result.body.code).toBe(code);
  });

  it("answers 401 TOKEN_REVOKED once a token is revoked, and 401 TOKEN_EXPIRED after its expiry", async () => {
    const created = await api.client.POST("/v3/personal-access-tokens", {
      body: { name: "short-lived", scopes: ["product:read"], expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
    });
    const token = created.data!.token;
    expect((await listProducts(`Bearer ${token}`)).status).toBe(200);
    api.clock.advance(3_700_000);
    expect((await listProducts(`Bearer ${token}`)).body.code).toBe("TOKEN_EXPIRED");

    const other = await api.client.POST("/v3/personal-access-tokens", { body: { name: "revoked", scopes: ["product:read"] } });
    expect((await listProducts(`Bearer ${other.data!.token}`)).status).toBe(200);
    const revoked = await api.client.DELETE("/v3/personal-access-tokens/{id}", { params: { path: { id: other.data!.id } } });
    expect(revoked.response.status).toBe(204);
    const after = await listProducts(`Bearer ${other.data!.token}`);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe("TOKEN_REVOKED");
  });

  it("refuses a token whose expiry is already past, and accepts one in the future", async () => {
    const past = await api.client.POST("/v3/personal-access-tokens", { body: { name: "p", scopes: ["product:read"], expiresAt: new Date(Date.now() - 1000).toISOString() } });
    expect(past.error).toMatchObject({ code: "INVALID_EXPIRES_AT" });
    const future = await api.client.POST("/v3/personal-access-tokens", { body: { name: "f", scopes: ["product:read"], expiresAt: new Date(Date.now() + 86_400_000).toISOString() } });
    expect(future.response.status).toBe(201);
  });

  it("answers 403 when the token lacks the operation's scope, 200 when it has it", async () => {
    const readOnly = await api.server.account(["product:read"]);
    const client = api.server.v3(readOnly.token);
    expect((await client.GET("/v3/products")).response.status).toBe(200);
    const refused = await client.POST("/v3/products", { body: { name: "nope" } });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ code: "FORBIDDEN" });
  });

  it("does not let a token grant scopes its holder lacks", async () => {
    const narrow = await api.server.account(["personalAccessToken:write", "product:read"]);
    const client = api.server.v3(narrow.token);
    const allowed = await client.POST("/v3/personal-access-tokens", { body: { name: "subset", scopes: ["product:read"] } });
    expect(allowed.response.status).toBe(201);
    const refused = await client.POST("/v3/personal-access-tokens", { body: { name: "wider", scopes: ["license:write"] } });
    expect(refused.error).toMatchObject({ code: "FORBIDDEN" });
  });

  it("never needs a token on the public client routes", async () => {
    const product = await api.createProduct();
    const license = await api.createLicense(product.id);
    const result = await api.server.v3().POST("/v3/activations", { body: activationRequest(license, api.admin.accountId) });
    expect(result.response.status).toBe(201);
  });
});
