/** License API OAuth clients managed through v3: issued (secret shown once), listed, read, revoked, and used by the official SDK. */
import { beforeAll, expect, it } from "vitest";
import type { components } from "../../generated/v3.js";
import { describeApi } from "../support/api.js";
import { licenseApi } from "../support/sdk.js";
import { device, refusal } from "../support/v4-fixtures.js";

type Schemas = components["schemas"];

describeApi("License API OAuth clients, through v3", (api) => {
  let publicKeyPem: string;
  let target: { shortCode: string; key: string };

  beforeAll(async () => {
    publicKeyPem = (await api.client.GET("/v3/account/signing-key")).data!.publicKey;
    const shortCode = `OAUTH-${Math.random().toString(36).slice(2, 8)}`;
    const product = await api.createProduct({ name: shortCode, licenseApi: { shortCode } });
    target = { shortCode, key: (await api.createLicense(product.id, { allowedActivations: 100 })).key };
  });

  const create = async (body: Schemas["OAuthClientCreate"] = {}) => (await api.client.POST("/v3/oauth-clients", { body })).data!;
  const get = (id: string, client = api.client) => client.GET("/v3/oauth-clients/{id}", { params: { path: { id } } });
  const revoke = (id: string, client = api.client) => client.DELETE("/v3/oauth-clients/{id}", { params: { path: { id } } });
  const list = async (query: { revoked?: boolean } = {}) => (await api.client.GET("/v3/oauth-clients", { params: { query: { limit: 100, ...query } } })).data!;
  const tokenUrl = () => `${api.server.url}/api/v4/oauth/token`;
  const sdkAs = (client: { clientId: string; clientSecret: string }) =>
    licenseApi(api.server.url, { apiKey: "", sharedKey: "", publicKeyPem }, { clientID: client.clientId, clientSecret: client.clientSecret, tokenUrl: tokenUrl() });
  const activate = (client: { clientId: string; clientSecret: string }) =>
    refusal(sdkAs(client).activateLicense({ license_key: target.key, hardware_id: device(), product: target.shortCode }));
  const tokenOf = async (client: { clientId: string; clientSecret: string }) => {
    const body = new URLSearchParams({ grant_type: "client_credentials", client_id: client.clientId, client_secret: client.clientSecret });
    const response = await fetch(tokenUrl(), { method: "POST", body });
    return { status: response.status, body: (await response.json()) as { access_token?: string; error?: string } };
  };
  const productDetailsWith = async (token: string) => {
    const response = await fetch(`${api.server.url}/api/v4/product_details?product=${target.shortCode}`, {
      headers: { Date: api.clock.now().toUTCString(), Authorization: `Bearer ${token}` },
    });
    return { status: response.status, code: ((await response.json()) as { code?: string }).code };
  };

  it("creates a client whose secret only the creation answer shows, and the SDK activates a license with its token", async () => {
    const created = await create({ name: "License server" });
    const { clientSecret, ...record } = created;
    expect(record).toMatchObject({ name: "License server", revoked: false });
    const read = (await get(created.id)).data!;
    expect(read).toEqual(record);
    expect(read).not.toHaveProperty("clientSecret");
    expect(await list()).toContainEqual(record);
    expect(JSON.stringify(await list())).not.toContain(clientSecret);
    expect(await activate(created)).toBe("accepted");
    expect((await create()).name).toBeNull();
  });

  it("revokes on DELETE: no new tokens, issued tokens refused at once, the client stays listed as revoked", async () => {
    const client = await create({ name: "to revoke" });
    const token = (await tokenOf(client)).body.access_token!;
    expect((await productDetailsWith(token)).status).toBe(200);
    api.clock.advance(60_000);
    expect((await revoke(client.id)).response.status).toBe(204);
    expect(await tokenOf(client)).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(await productDetailsWith(token)).toEqual({ status: 401, code: "oauth_token_malformed" });
    // The SDK fails at its token request and passes on the endpoint's OAuth error (an axios error).
    const sdkRefusal = await sdkAs(client).activateLicense({ license_key: target.key, hardware_id: device(), product: target.shortCode }).catch((e: unknown) => e);
    expect(sdkRefusal).toMatchObject({ response: { status: 401, data: { error: "invalid_client" } } });
    const read = (await get(client.id)).data!;
    expect(read.revoked).toBe(true);
    expect(Date.parse(read.updatedAt)).toBeGreaterThan(Date.parse(read.createdAt));
    expect((await list({ revoked: true })).map((c) => c.id)).toContain(client.id);
    expect((await list({ revoked: false })).map((c) => c.id)).not.toContain(client.id);
    expect((await revoke(client.id)).response.status).toBe(204);
  });

  it("refuses malformed bodies and read-only fields with 400, creating nothing", async () => {
    const before = (await list()).length;
    for (const body of [{ name: "" }, { name: "a\nb" }, { clientSecret: "mine" }, { clientId: "client-0000000000000000" }, { revoked: true }]) {
      const { response, error } = await api.client.POST("/v3/oauth-clients", { body: body as Schemas["OAuthClientCreate"] });
      expect([response.status, error?.code], JSON.stringify(body)).toEqual([400, "VALIDATION_FAILED"]);
    }
    expect((await list()).length).toBe(before);
  });

  it("needs account:read to read and account:write to create or revoke (403 otherwise)", async () => {
    const client = await create();
    const reader = api.server.v3((await api.client.POST("/v3/personal-access-tokens", { body: { name: "reader", scopes: ["account:read"] } })).data!.token);
    const stranger = api.server.v3((await api.server.account(["webhook:read", "webhook:write"])).token);
    expect((await get(client.id, reader)).response.status).toBe(200);
    const refused = await Promise.all([
      reader.POST("/v3/oauth-clients", { body: {} }),
      revoke(client.id, reader),
      stranger.GET("/v3/oauth-clients", {}),
      get(client.id, stranger),
    ]);
    expect(refused.map((r) => [r.response.status, r.error?.code])).toEqual(Array(4).fill([403, "FORBIDDEN"]));
    expect((await get(client.id)).data!.revoked).toBe(false);
  });

  it("answers 404 for an unknown id and for another account's client, which keeps working", async () => {
    const client = await create();
    const other = api.server.v3((await api.server.account()).token);
    const answers = await Promise.all([get("no-such-client"), revoke("no-such-client"), get(client.id, other), revoke(client.id, other), get(client.clientId)]);
    expect(answers.map((r) => [r.response.status, r.error?.code])).toEqual(Array(5).fill([404, "OAUTH_CLIENT_NOT_FOUND"]));
    expect(await activate(client)).toBe("accepted");
  });
});
