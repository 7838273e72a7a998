/** v4 oauth_url and oauth/token (client credentials), and the bearer token they issue: every documented status. */
import { beforeAll, describe, expect, it } from "vitest";
import { contractSuite } from "../suite.js";
import { V4Contract, type V4Product } from "./v4-contract.js";

const v4 = new V4Contract(contractSuite());
const { client, fixtures } = v4;
let oauthClient: { clientId: string; clientSecret: string };
let product: V4Product;

beforeAll(async () => {
  product = await v4.product();
  const created = await fixtures.v3("POST", "/v3/oauth-clients", { name: "contract v4" });
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/oauth-clients/${created.id}`, undefined, 204));
  oauthClient = { clientId: created.clientId, clientSecret: created.clientSecret };
});

const tokenRequest = (fields: Record<string, string>) => ({ rawBody: new URLSearchParams(fields).toString(), contentType: "application/x-www-form-urlencoded" });
const grant = (changes: Record<string, string> = {}) =>
  tokenRequest({ grant_type: "client_credentials", client_id: oauthClient.clientId, client_secret: oauthClient.clientSecret, ...changes });

describe("getOAuthUrl", () => {
  it("200 with the token endpoint", async () => {
    expect(await client.call("getOAuthUrl", { query: { login_type: "client_credentials" } }, 200)).toMatchObject({ login_type: "client_credentials" });
  });
  it.each([
    ["missing_parameters", {}],
    ["validation_error", { login_type: "password" }],
  ])("400 %s", (code, query) => v4.refuses("getOAuthUrl", { query }, code));
  it("429 and 500 where the target injects faults", async () => {
    await client.fault("getOAuthUrl", { query: { login_type: "client_credentials" } }, 429);
    await client.fault("getOAuthUrl", { query: { login_type: "client_credentials" } }, 500);
  });
});

describe("createOAuthToken", () => {
  it("200 with a bearer token that signs License API calls, verified", async () => {
    const token = await client.call("createOAuthToken", grant(), 200);
    expect(token).toMatchObject({ token_type: "Bearer" });
    const bearer = { Date: new Date().toUTCString(), Authorization: `Bearer ${token.access_token}` };
    expect(await v4.callVerified("getProductDetails", { query: { product: product.shortCode }, auth: bearer })).toMatchObject({ short_code: product.shortCode });
  });

  it.each([
    ["invalid_request", () => tokenRequest({ grant_type: "client_credentials", client_id: oauthClient.clientId })],
    ["unsupported_grant_type", () => grant({ grant_type: "password" })],
  ])("400 %s", async (error, request) => {
    expect((await client.call("createOAuthToken", request(), 400)).error).toBe(error);
  });

  it.each([
    ["a wrong secret", () => grant({ client_secret: "not-the-secret" })],
    ["an unknown client", () => grant({ client_id: "client-nobody" })],
  ])("401 invalid_client for %s", async (_what, request) => {
    expect((await client.call("createOAuthToken", request(), 401)).error).toBe("invalid_client");
  });

  it("429 and 500 where the target injects faults", async () => {
    await client.fault("createOAuthToken", grant(), 429);
    await client.fault("createOAuthToken", grant(), 500);
  });
});
