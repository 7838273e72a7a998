/**
 * Forged and stale bearer tokens (RFC 8725 attacks): v3 personal access tokens and v4 OAuth tokens are HS256 JWTs
 * under server secrets. Each forgery below must get 401 with the version's documented code; the genuine token passes.
 */
import { generateKeyPairSync } from "node:crypto";
import { SignJWT } from "jose";
import { beforeAll, expect, it } from "vitest";
import { tokenIssuer, tokenSecretKey } from "../../server/core/create-access-token.js";
import { createOAuthClient, oauthTokenSecretKey, revokeOAuthClient } from "../../server/core/oauth-clients.js";
import { getServerSecret } from "../../server/core/server-secret.js";
import { describeApi } from "../support/api.js";
import { claimsOf, unsigned, withClaims, type Claims } from "../support/forged-jwt.js";

/** HS256 under any key; under the real secret, only the claim checks (issuer, audience, account, expiry) stand between. */
const hs256 = (claims: Claims, key: Uint8Array | string) =>
  new SignJWT(claims).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(typeof key === "string" ? new TextEncoder().encode(key) : key);
const rs256 = (claims: Claims) => new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT" }).sign(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey);

describeApi("attack: forged v3 personal access tokens", (api) => {
  let narrow: { accountId: string; token: string };
  let signingKeyPem: string;
  let productKeyPem: string;
  let secret: Uint8Array;

  beforeAll(async () => {
    narrow = await api.server.account(["product:read"]);
    signingKeyPem = (await api.client.GET("/v3/account/signing-key")).data!.publicKey;
    productKeyPem = (await api.createProduct()).publicKey;
    secret = await getServerSecret(api.server.core, tokenSecretKey);
  });

  const listProducts = (token: string) => api.server.raw("GET", "/v3/products", "/v3/products", { headers: { authorization: `Bearer ${token}` } });
  const createProduct = (token: string) =>
    api.server.raw("POST", "/v3/products", "/v3/products", {
      method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ name: "forged" }),
    });
  const outcome = (result: { status: number; body: { code?: string } }) => (result.status < 300 ? result.status : `${result.status} ${result.body.code}`);

  it("accepts the genuine token, and its scopes only", async () => {
    expect(outcome(await listProducts(narrow.token))).toBe(200);
    expect(outcome(await createProduct(narrow.token))).toBe("403 FORBIDDEN");
  });

  it.each<[string, () => Promise<string> | string]>([
    ["alg none", () => unsigned(claimsOf(narrow.token), { trailingDot: false })],
    ["alg none with a trailing dot", () => unsigned(claimsOf(narrow.token))],
    ["alg NoNe in mixed case", () => unsigned(claimsOf(narrow.token), { alg: "NoNe" })],
    ["HS256 keyed with the account's public signing key (GET /v3/account/signing-key)", () => hs256(claimsOf(narrow.token), signingKeyPem)],
    ["HS256 keyed with a product's public key", () => hs256(claimsOf(narrow.token), productKeyPem)],
    ["RS256 signed with the forger's own key", () => rs256(claimsOf(narrow.token))],
    ["its scopes widened, signature kept", () => withClaims(narrow.token, (claims) => ({ ...claims, scopes: ["product:read", "product:write"] }))],
    ["its account id changed, signature kept", () => withClaims(narrow.token, (claims) => ({ ...claims, aid: api.admin.accountId }))],
    ["the right secret but another issuer", () => hs256({ ...claimsOf(narrow.token), iss: "someone-else" }, secret)],
    ["the right secret but another account than its record", () => hs256({ ...claimsOf(narrow.token), aid: api.admin.accountId }, secret)],
    ["the right secret but no record behind it", () => hs256({ ...claimsOf(narrow.token), sub: "00000000-0000-4000-8000-000000000000" }, secret)],
  ])("refuses a token forged with %s: 401 TOKEN_INVALID", async (_name, forge) => {
    const forged = await forge();
    expect(outcome(await listProducts(forged))).toBe("401 TOKEN_INVALID");
    expect(outcome(await createProduct(forged))).toBe("401 TOKEN_INVALID");
  });

  it("refuses an expired token with 401 TOKEN_EXPIRED, whether it expired by its record or by its exp claim", async () => {
    const { data } = await api.client.POST("/v3/personal-access-tokens", {
      body: { name: "short", scopes: ["product:read"], expiresAt: new Date(api.clock.now().getTime() + 60_000).toISOString() },
    });
    const pastExp = await hs256({ ...claimsOf(narrow.token), iss: tokenIssuer, exp: Math.floor(api.clock.now().getTime() / 1000) - 1 }, secret);
    expect(outcome(await listProducts(data!.token))).toBe(200);
    expect(outcome(await listProducts(pastExp))).toBe("401 TOKEN_EXPIRED");
    api.clock.advance(61_000);
    expect(outcome(await listProducts(data!.token))).toBe("401 TOKEN_EXPIRED");
  });

  it("refuses a revoked token with 401 TOKEN_REVOKED", async () => {
    const { data } = await api.client.POST("/v3/personal-access-tokens", { body: { name: "soon revoked", scopes: ["product:read"] } });
    expect(outcome(await listProducts(data!.token))).toBe(200);
    await api.client.DELETE("/v3/personal-access-tokens/{id}", { params: { path: { id: data!.id } } });
    expect(outcome(await listProducts(data!.token))).toBe("401 TOKEN_REVOKED");
  });
});

describeApi("attack: forged v4 OAuth bearer tokens", (api) => {
  let client: { clientId: string; clientSecret: string };
  let token: string;
  let signingKeyPem: string;
  let oauthSecret: Uint8Array;

  beforeAll(async () => {
    client = await createOAuthClient(api.server.core, api.admin.accountId);
    token = await tokenOf(client);
    signingKeyPem = (await api.client.GET("/v3/account/signing-key")).data!.publicKey;
    oauthSecret = await getServerSecret(api.server.core, oauthTokenSecretKey);
  });

  async function tokenOf(credentials: { clientId: string; clientSecret: string }): Promise<string> {
    const body = new URLSearchParams({ grant_type: "client_credentials", client_id: credentials.clientId, client_secret: credentials.clientSecret });
    const answer = await api.server.raw("POST", "/api/v4/oauth/token", "/api/v4/oauth/token", {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body,
    });
    return answer.body.access_token;
  }
  /** Authentication passed when the lookup behind it runs: an unknown product code then answers unknown_product. */
  const productDetails = async (bearer: string) => {
    const path = "/api/v4/product_details?product=NO-SUCH-PRODUCT";
    const result = await api.server.raw("GET", "/api/v4/product_details", path, { headers: { date: api.clock.now().toUTCString(), authorization: `Bearer ${bearer}` } });
    return `${result.status} ${result.body.code}`;
  };

  it("accepts the genuine token", async () => {
    expect(await productDetails(token)).toBe("400 unknown_product");
  });

  it.each<[string, () => Promise<string> | string]>([
    ["alg none", () => unsigned(claimsOf(token))],
    ["HS256 keyed with the account's public signing key", () => hs256(claimsOf(token), signingKeyPem)],
    ["RS256 signed with the forger's own key", () => rs256(claimsOf(token))],
    ["its client changed, signature kept", () => withClaims(token, (claims) => ({ ...claims, sub: "client-0000000000000000" }))],
    ["the right secret but another issuer", () => hs256({ ...claimsOf(token), iss: "someone-else" }, oauthSecret)],
    ["the right secret but another audience", () => hs256({ ...claimsOf(token), aud: "licensing-api" }, oauthSecret)],
    ["a v3 personal access token instead (token confusion)", () => api.admin.token],
  ])("refuses a token forged with %s: 401 oauth_token_malformed", async (_name, forge) => {
    expect(await productDetails(await forge())).toBe("401 oauth_token_malformed");
  });

  it("refuses a v4 OAuth token on v3 (token confusion): 401 TOKEN_INVALID", async () => {
    const result = await api.server.raw("GET", "/v3/products", "/v3/products", { headers: { authorization: `Bearer ${token}` } });
    expect(`${result.status} ${result.body.code}`).toBe("401 TOKEN_INVALID");
  });

  it("refuses an expired token with 401 oauth_token_expired", async () => {
    const expiring = await tokenOf(client);
    expect(await productDetails(expiring)).toBe("400 unknown_product");
    api.clock.advance(481_000);
    expect(await productDetails(expiring)).toBe("401 oauth_token_expired");
  });

  it("refuses a revoked client's token with 401 oauth_token_malformed", async () => {
    const revoked = await createOAuthClient(api.server.core, api.admin.accountId);
    const revokedToken = await tokenOf(revoked);
    expect(await productDetails(revokedToken)).toBe("400 unknown_product");
    await revokeOAuthClient(api.server.core, api.admin.accountId, { clientId: revoked.clientId });
    expect(await productDetails(revokedToken)).toBe("401 oauth_token_malformed");
  });
});
