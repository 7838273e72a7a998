/** SSO configurations managed through v3: one per customer account, used by the License API's sso_url, changed and removed. */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { components } from "../../generated/v3.js";
import { configureSso, createApiKey } from "../../server/core/index.js";
import { describeApi } from "../support/api.js";
import { licenseApi, v4SchemaProblems, type LicenseApi } from "../support/sdk.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { refusal } from "../support/v4-fixtures.js";

type Schemas = components["schemas"];

let codes = 0;
/** A customer account code no other test of the file uses. */
const freshCode = () => `cust-${++codes}-${Math.random().toString(36).slice(2, 6)}`;

const provider = (customerAccountCode: string, host = "idp.example.com"): Schemas["SsoConfigurationCreate"] => ({
  customerAccountCode,
  issuer: `https://${host}`,
  authorizationEndpoint: `https://${host}/authorize`,
  tokenEndpoint: `https://${host}/token`,
  jwksUri: `https://${host}/keys`,
  clientId: "licensing-client",
});

describeApi("SSO configurations, through v3", (api) => {
  let sdk: LicenseApi;
  let shortCode: string;
  /** The same core behind the production URL policy: no private addresses, https only. */
  let strict: TestServer;

  beforeAll(async () => {
    shortCode = `SSO-${Math.random().toString(36).slice(2, 8)}`;
    await api.createProduct({ name: shortCode, licenseApi: { shortCode, authorizationMethod: "user" } });
    const publicKeyPem = (await api.client.GET("/v3/account/signing-key")).data!.publicKey;
    sdk = licenseApi(api.server.url, { ...(await createApiKey(api.server.core, { accountId: api.admin.accountId })), publicKeyPem });
    strict = await startTestServer(api.server.core, { webhooks: { allowPrivateUrls: false, allowHttp: false } });
  });
  afterAll(() => strict?.stop());

  const create = (body: Schemas["SsoConfigurationCreate"], client = api.client) => client.POST("/v3/sso-configurations", { body });
  const get = (id: string, client = api.client) => client.GET("/v3/sso-configurations/{id}", { params: { path: { id } } });
  const patch = (id: string, body: Schemas["SsoConfigurationUpdate"], client = api.client) =>
    client.PATCH("/v3/sso-configurations/{id}", { params: { path: { id } }, body });
  const remove = (id: string, client = api.client) => client.DELETE("/v3/sso-configurations/{id}", { params: { path: { id } } });
  const ssoUrl = async (code: string) => {
    const link = await sdk.getSSOUrl({ product: shortCode, customer_account_code: code, response_type: "code" });
    expect(v4SchemaProblems("SsoUrl", link)).toEqual([]);
    const url = new URL(link.url);
    return { endpoint: url.origin + url.pathname, clientId: url.searchParams.get("client_id"), openid: link.openid_configuration };
  };

  it("creates a configuration that sso_url builds its login URL from, lists it and reads it back", async () => {
    const code = freshCode();
    const { response, data } = await create(provider(code));
    expect(response.status).toBe(201);
    expect(data).toMatchObject(provider(code));
    expect((await get(data!.id)).data).toEqual(data);
    const listed = await api.client.GET("/v3/sso-configurations", { params: { query: { customerAccountCode: code } } });
    expect([listed.data, listed.response.headers.get("Pagination-Count")]).toEqual([[data], "1"]);
    expect(await ssoUrl(code)).toEqual({
      endpoint: data!.authorizationEndpoint, clientId: data!.clientId,
      openid: { issuer: data!.issuer, authorization_endpoint: data!.authorizationEndpoint, token_endpoint: data!.tokenEndpoint, jwks_uri: data!.jwksUri },
    });
  });

  it("changes only the given fields on PATCH, and sso_url uses the change at once", async () => {
    const code = freshCode();
    const created = (await create(provider(code))).data!;
    api.clock.advance(60_000);
    const { data } = await patch(created.id, { authorizationEndpoint: "https://login.example.org/authorize", clientId: "another-client", tokenEndpoint: null });
    expect(data).toEqual({ ...created, authorizationEndpoint: "https://login.example.org/authorize", clientId: "another-client", tokenEndpoint: null, updatedAt: data!.updatedAt });
    expect(Date.parse(data!.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
    const link = await ssoUrl(code);
    expect([link.endpoint, link.clientId, link.openid.token_endpoint]).toEqual(["https://login.example.org/authorize", "another-client", undefined]);
  });

  it("deletes on DELETE: sso_url then answers customer_account_not_found, and the id is gone", async () => {
    const code = freshCode();
    const created = (await create(provider(code))).data!;
    expect((await ssoUrl(code)).endpoint).toBe(created.authorizationEndpoint);
    expect((await remove(created.id)).response.status).toBe(204);
    expect(await refusal(sdk.getSSOUrl({ product: shortCode, customer_account_code: code }))).toBe("customer_account_not_found");
    const after = await Promise.all([get(created.id), remove(created.id)]);
    expect(after.map((r) => [r.response.status, r.error?.code])).toEqual(Array(2).fill([404, "SSO_CONFIGURATION_NOT_FOUND"]));
    expect((await create(provider(code))).response.status).toBe(201);
  });

  it("keeps one configuration per customer account code: 409 on create and on a PATCH to a taken code, another account may use it", async () => {
    const [taken, free] = [freshCode(), freshCode()];
    await create(provider(taken));
    const second = (await create(provider(free))).data!;
    const clashes = await Promise.all([create(provider(taken, "other.example.com")), patch(second.id, { customerAccountCode: taken })]);
    expect(clashes.map((r) => [r.response.status, r.error?.code])).toEqual(Array(2).fill([409, "SSO_CONFIGURATION_ALREADY_EXISTS"]));
    expect((await get(second.id)).data!.customerAccountCode).toBe(free);
    const other = api.server.v3((await api.server.account()).token);
    expect((await create(provider(taken), other)).response.status).toBe(201);
  });

  it.each([
    ["an http issuer", { issuer: "http://idp.example.com" }],
    ["an http JWKS", { jwksUri: "http://idp.example.com/keys" }],
    ["a non-URL authorization endpoint", { authorizationEndpoint: "idp.example.com/authorize" }],
    ["a malformed customer account code", { customerAccountCode: "-no spaces-" }],
    ["an empty client id", { clientId: "" }],
    ["a read-only field", { id: "8a2c4e6f-0b1d-4f3a-9c5e-7d9f1b3a5c7e" }],
  ])("refuses %s with 400 VALIDATION_FAILED on create and PATCH", async (_name, change) => {
    const existing = (await create(provider(freshCode()))).data!;
    const body = { ...provider(freshCode()), ...change } as Schemas["SsoConfigurationCreate"];
    const answers = await Promise.all([create(body), patch(existing.id, change as Schemas["SsoConfigurationUpdate"])]);
    expect(answers.map((r) => [r.response.status, r.error?.code])).toEqual(Array(2).fill([400, "VALIDATION_FAILED"]));
    expect((await get(existing.id)).data).toEqual(existing);
  });

  it("refuses a missing field on create and an empty PATCH with 400", async () => {
    const existing = (await create(provider(freshCode()))).data!;
    const { jwksUri: _jwksUri, ...incomplete } = provider(freshCode());
    const answers = await Promise.all([create(incomplete as Schemas["SsoConfigurationCreate"]), patch(existing.id, {})]);
    expect(answers.map((r) => [r.response.status, r.error?.code])).toEqual(Array(2).fill([400, "VALIDATION_FAILED"]));
  });

  it("applies the webhook SSRF policy to the URLs the server fetches: private addresses refused, public ones and browser-only URLs allowed", async () => {
    const client = strict.v3(api.admin.token);
    const privateJwks = { ...provider(freshCode()), jwksUri: "https://10.0.0.7/keys" };
    const privateToken = { ...provider(freshCode()), tokenEndpoint: "https://127.0.0.1/token" };
    const refused = await Promise.all([create(privateJwks, client), create(privateToken, client)]);
    expect(refused.map((r) => [r.response.status, r.error?.code])).toEqual(Array(2).fill([400, "INVALID_SSO_URL"]));
    const publicOnes = { ...provider(freshCode()), jwksUri: "https://93.184.215.14/keys", tokenEndpoint: null, authorizationEndpoint: "https://192.168.1.10/authorize" };
    const created = await create(publicOnes, client);
    expect(created.response.status).toBe(201);
    const moved = await patch(created.data!.id, { jwksUri: "https://[::1]/keys" }, client);
    expect([moved.response.status, moved.error?.code]).toEqual([400, "INVALID_SSO_URL"]);
  });

  it("needs account:read to read and account:write to change (403 otherwise)", async () => {
    const existing = (await create(provider(freshCode()))).data!;
    const reader = api.server.v3((await api.client.POST("/v3/personal-access-tokens", { body: { name: "reader", scopes: ["account:read"] } })).data!.token);
    const stranger = api.server.v3((await api.server.account(["license:read", "license:write"])).token);
    expect((await get(existing.id, reader)).response.status).toBe(200);
    const refused = await Promise.all([
      create(provider(freshCode()), reader),
      patch(existing.id, { clientId: "mine" }, reader),
      remove(existing.id, reader),
      stranger.GET("/v3/sso-configurations", {}),
      get(existing.id, stranger),
    ]);
    expect(refused.map((r) => [r.response.status, r.error?.code])).toEqual(Array(5).fill([403, "FORBIDDEN"]));
    expect((await get(existing.id)).data).toEqual(existing);
  });

  it("answers 404 for an unknown id and for another account's configuration, which stays unchanged", async () => {
    const existing = (await create(provider(freshCode()))).data!;
    const other = api.server.v3((await api.server.account()).token);
    const answers = await Promise.all([
      get("no-such-configuration"), patch("no-such-configuration", { clientId: "x" }), remove("no-such-configuration"),
      get(existing.id, other), patch(existing.id, { clientId: "x" }, other), remove(existing.id, other),
    ]);
    expect(answers.map((r) => [r.response.status, r.error?.code])).toEqual(Array(6).fill([404, "SSO_CONFIGURATION_NOT_FOUND"]));
    expect((await get(existing.id)).data).toEqual(existing);
  });

  it("is what the admin CLI's configure-sso sets: it replaces the code's configuration in place, https only", async () => {
    const code = freshCode();
    const first = await configureSso(api.server.core, api.admin.accountId, provider(code));
    const { tokenEndpoint: _tokenEndpoint, ...withoutToken } = provider(code, "new-idp.example.com");
    const replaced = await configureSso(api.server.core, api.admin.accountId, withoutToken);
    expect(replaced.id).toBe(first.id);
    expect((await get(first.id)).data).toMatchObject({ ...withoutToken, tokenEndpoint: null });
    await expect(configureSso(api.server.core, api.admin.accountId, { ...provider(code), jwksUri: "http://idp.example.com/keys" })).rejects.toMatchObject({ code: "INVALID_SSO_URL" });
  });
});
