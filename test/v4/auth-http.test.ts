/** v4 authentication over HTTP: HMAC API keys, OAuth client credentials and bearer tokens, and v4's error format. */
import { createRequire } from "node:module";
import { afterAll, beforeAll, expect, it } from "vitest";
import { licenseSpringAuthHeaders, signRequestDate } from "../../client/v4-signing.js";
import { createAccount, createApiKey, revokeApiKey, type Core } from "../../server/core/index.js";
import { createOAuthClient, revokeOAuthClient } from "../../server/core/oauth-clients.js";
import { TestClock } from "../support/api.js";
import { describeEachDatabase } from "../support/database.js";
import { startTestServer, type TestServer } from "../support/server.js";

const { LicenseAPI } = createRequire(import.meta.url)("@licensespring/node-sdk") as {
  LicenseAPI: new (config: Record<string, unknown>) => { getProductDetails(payload: { product: string }): Promise<unknown> };
};

const minute = 60_000;
/** A signed GET that passes authentication reaches the product lookup: an unknown code proves the caller got in. */
const productDetails = "/api/v4/product_details?product=NO-SUCH-PRODUCT";
const authPassed = { status: 400, code: "unknown_product" };

describeEachDatabase("v4 authentication over HTTP", (getCore) => {
  const clock = new TestClock();
  let server: TestServer;
  let key: { apiKey: string; sharedKey: string };
  let readOnly: { apiKey: string; sharedKey: string };
  let revoked: { apiKey: string; sharedKey: string };
  let client: { clientId: string; clientSecret: string };
  let revokedClient: { clientId: string; clientSecret: string };
  let accountId: string;

  beforeAll(async () => {
    const core: Core = { ...getCore(), now: clock.now };
    server = await startTestServer(core);
    accountId = (await createAccount(core, { name: "v4 vendor" })).id;
    key = await createApiKey(core, { accountId });
    readOnly = await createApiKey(core, { accountId, readOnly: true });
    revoked = await createApiKey(core, { accountId });
    await revokeApiKey(core, accountId, { apiKey: revoked.apiKey });
    client = await createOAuthClient(core, accountId);
    revokedClient = await createOAuthClient(core, accountId);
  });
  afterAll(() => server?.stop());

  async function call(path: string, init: RequestInit = {}) {
    const response = await fetch(`${server.url}${path}`, init);
    const text = await response.text();
    return { status: response.status, type: response.headers.get("content-type"), body: text ? JSON.parse(text) : undefined };
  }
  const signed = (credentials: { apiKey: string; sharedKey: string }, offsetMs = 0) => licenseSpringAuthHeaders(credentials, new Date(clock.now().getTime() + offsetMs));
  const errorOf = (result: { status: number; body: { code: string } }) => ({ status: result.status, code: result.body.code });
  const tokenRequest = (fields: Record<string, string>) =>
    call("/api/v4/oauth/token", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
  const tokenOf = async (credentials: { clientId: string; clientSecret: string }) =>
    (await tokenRequest({ grant_type: "client_credentials", client_id: credentials.clientId, client_secret: credentials.clientSecret })).body.access_token as string;

  it.each([
    ["the node SDK's header", () => signed(key)],
    ["a Date 14 minutes old", () => signed(key, -14 * minute)],
    ["a Date 14 minutes ahead", () => signed(key, 14 * minute)],
    ["a read-only key on a GET", () => signed(readOnly)],
  ])("accepts %s", async (_name, headers) => {
    expect(errorOf(await call(productDetails, { headers: headers() }))).toEqual(authPassed);
  });

  it.each([
    ["no headers", () => ({}), "missing_headers"],
    ["a Date 16 minutes old", () => signed(key, -16 * minute), "date_header_diff"],
    ["a Date 16 minutes ahead", () => signed(key, 16 * minute), "date_header_diff"],
    ["the wrong shared key", () => signed({ ...key, sharedKey: "not-the-key" }), "signature_mismatch"],
    ["an unknown API key", () => signed({ ...key, apiKey: "00000000-0000-4000-8000-000000000000" }), "invalid_api_key"],
    ["a revoked API key", () => signed(revoked), "revoked_api_key"],
    ["a garbled header", () => ({ Date: clock.now().toUTCString(), Authorization: "hmac please" }), "authorization_invalid_headers"],
    ["another algorithm", () => ({ ...signed(key), Authorization: signed(key).Authorization.replace("hmac-sha256", "hmac-sha1") }), "hmac_required"],
    [
      "a signature over another Date",
      () => ({ Date: clock.now().toUTCString(), Authorization: signed(key).Authorization.replace(/signature="[^"]+"/, `signature="${signRequestDate("Mon, 01 Jan 2024 00:00:00 GMT", key.sharedKey)}"`) }),
      "signature_mismatch",
    ],
  ])("refuses %s", async (_name, headers, code) => {
    expect(errorOf(await call(productDetails, { headers: headers() }))).toEqual({ status: 400, code });
  });

  it("refuses a read-only key on a POST with read_only_api_key", async () => {
    const result = await call("/api/v4/add_consumption", {
      method: "POST",
      headers: { ...signed(readOnly), "content-type": "application/json" },
      body: JSON.stringify({ hardware_id: "hw", product: "NO-SUCH-PRODUCT", license_key: "K", consumptions: 1 }),
    });
    expect(errorOf(result)).toEqual({ status: 400, code: "read_only_api_key" });
  });

  it("points oauth_url at its own token endpoint, without authentication", async () => {
    const result = await call("/api/v4/oauth_url?login_type=client_credentials");
    expect(result).toMatchObject({ status: 200, body: { url: `${server.url}/api/v4/oauth/token`, login_type: "client_credentials" } });
  });

  it("issues a bearer token for valid client credentials, and the token authenticates", async () => {
    const result = await tokenRequest({ grant_type: "client_credentials", client_id: client.clientId, client_secret: client.clientSecret });
    expect(result).toMatchObject({ status: 200, body: { token_type: "Bearer", expires_in: 480, refresh_expires_in: 0 } });
    const headers = { Date: clock.now().toUTCString(), Authorization: `Bearer ${result.body.access_token}` };
    expect(errorOf(await call(productDetails, { headers }))).toEqual(authPassed);
  });

  it.each([
    ["a wrong secret", () => ({ grant_type: "client_credentials", client_id: client.clientId, client_secret: "wrong" }), 401, "invalid_client"],
    ["an unknown client", () => ({ grant_type: "client_credentials", client_id: "client-nobody", client_secret: "x" }), 401, "invalid_client"],
    ["another grant", () => ({ grant_type: "password", client_id: client.clientId, client_secret: client.clientSecret }), 400, "unsupported_grant_type"],
    ["a missing secret", () => ({ grant_type: "client_credentials", client_id: client.clientId }), 400, "invalid_request"],
  ])("refuses a token request with %s, in OAuth's error format", async (_name, fields, status, error) => {
    const result = await tokenRequest(fields());
    expect({ status: result.status, error: result.body.error }).toEqual({ status, error });
  });

  it.each([
    ["a body over the size limit", {}, `client_secret=${"x".repeat(2 * 1024 * 1024)}`],
    ["a body that says it is gzip-encoded and is not", { "content-encoding": "gzip" }, "grant_type=client_credentials"],
  ])("refuses a token request with %s, in OAuth's error format", async (_name, headers, body) => {
    const result = await call("/api/v4/oauth/token", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body });
    expect({ status: result.status, error: result.body.error }).toEqual({ status: 400, error: "invalid_request" });
  });

  it("refuses an expired token with oauth_token_expired, and a garbled or revoked client's one with oauth_token_malformed", async () => {
    const token = await tokenOf(client);
    const revokedToken = await tokenOf(revokedClient);
    await revokeOAuthClient(server.core, accountId, { clientId: revokedClient.clientId });
    const bearer = (value: string) => ({ headers: { Date: clock.now().toUTCString(), Authorization: `Bearer ${value}` } });
    expect(errorOf(await call(productDetails, bearer("not.a.token")))).toEqual({ status: 401, code: "oauth_token_malformed" });
    expect(errorOf(await call(productDetails, bearer(revokedToken)))).toEqual({ status: 401, code: "oauth_token_malformed" });
    expect(errorOf(await call(productDetails, bearer(token)))).toEqual(authPassed);
    clock.advance(481_000);
    expect(errorOf(await call(productDetails, bearer(token)))).toEqual({ status: 401, code: "oauth_token_expired" });
  });

  it("answers unknown v4 paths in v4's format and unknown v3 paths in v3's", async () => {
    expect(await call("/api/v4/no_such_thing")).toMatchObject({ status: 404, body: { status: 404, code: "not_found" } });
    expect(await call("/v3/no-such-thing")).toMatchObject({ status: 404, body: { code: expect.stringMatching(/^[A-Z_]+$/) } });
  });

  it("hands the official SDK our error codes", async () => {
    const sdk = new LicenseAPI({ apiPath: `${server.url}/api/v4/`, apiKey: key.apiKey, sharedKey: "not-the-key", publicKey: "unused", logLevel: "off" });
    await expect(sdk.getProductDetails({ product: "NO-SUCH-PRODUCT" })).rejects.toMatchObject({ status: 400, code: "signature_mismatch" });
    const good = new LicenseAPI({ apiPath: `${server.url}/api/v4/`, ...key, publicKey: "unused", logLevel: "off" });
    await expect(good.getProductDetails({ product: "NO-SUCH-PRODUCT" })).rejects.toMatchObject({ status: 400, code: "unknown_product" });
  });

});
