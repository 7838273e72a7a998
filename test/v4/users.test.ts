/** user_licenses, customer_license_users, change_password, sso_url and SSO logins through the official SDK. */
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CustomerEntity, LicenseEntity, SsoConfigurationEntity } from "../../server/db/index.js";
import { v4SchemaProblems } from "../support/sdk.js";
import { createLicenseUserFor, createV4License, createV4Product, describeV4, device, refusal } from "../support/v4-fixtures.js";


/** A minimal OpenID provider on loopback: its JWKS, and id_tokens signed with its key (or a foreign one). */
async function startIdentityProvider() {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const foreign = await generateKeyPair("RS256");
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" }] };
  const server: Server = createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(jwks)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sign = (claims: { email: string; aud?: string; iss?: string; expiresIn?: string }, key: CryptoKey = privateKey) =>
    new SignJWT({ email: claims.email }).setProtectedHeader({ alg: "RS256", kid: "k1" }).setIssuer(claims.iss ?? issuer)
      .setAudience(claims.aud ?? "licensing-client").setIssuedAt().setExpirationTime(claims.expiresIn ?? "5m").sign(key);
  return { issuer, sign, foreignKey: foreign.privateKey, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describeV4("v4 license users, customers and SSO", (v4) => {
  let product: { id: string; shortCode: string };

  let idp: Awaited<ReturnType<typeof startIdentityProvider>>;

  beforeAll(async () => {
    product = await createV4Product(v4.core, v4.vendor.accountId, { authorizationMethod: "user" });
    idp = await startIdentityProvider();
    await v4.core.db.transaction((tx) =>
      tx.insert(SsoConfigurationEntity, {
        id: randomUUID(), accountId: v4.vendor.accountId, customerAccountCode: "acme", issuer: idp.issuer, authorizationEndpoint: `${idp.issuer}/auth`,
        tokenEndpoint: null, jwksUri: `${idp.issuer}/jwks`, clientId: "licensing-client", createdAt: v4.clock.now(), updatedAt: v4.clock.now(),
      }),
    );
  });
  afterAll(() => idp?.stop());

  const licenseWithUser = async (email?: string) => {
    const license = await createV4License(v4.core, v4.vendor.accountId, product.id, { allowedActivations: 0 });
    const user = await createLicenseUserFor(v4.core, { ...license, accountId: v4.vendor.accountId, productId: product.id }, { email });
    return { license, user };
  };

  it("lists every license of the product assigned to the user, and refuses a wrong password", async () => {
    const { user } = await licenseWithUser();
    const second = await createV4License(v4.core, v4.vendor.accountId, product.id);
    await createLicenseUserFor(v4.core, { ...second, accountId: v4.vendor.accountId, productId: product.id }, { email: user.email });
    const listed = await v4.sdk.getUserLicenses({ product: product.shortCode, username: user.email, password: user.password });
    expect(v4SchemaProblems("UserLicenses", listed)).toEqual([]);
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({ license: { license_active: true, license_enabled: true }, user: { email: user.email } });
    expect(await refusal(v4.sdk.getUserLicenses({ product: product.shortCode, username: user.email, password: "wrong" }))).toBe("invalid_credentials");
    const keyProduct = await createV4Product(v4.core, v4.vendor.accountId);
    expect(await refusal(v4.sdk.getUserLicenses({ product: keyProduct.shortCode, username: user.email, password: user.password }))).toBe("invalid_product_auth_method");
  });

  it("pins one of the user's licenses with license_id", async () => {
    const { user } = await licenseWithUser();
    const second = await createV4License(v4.core, v4.vendor.accountId, product.id);
    await createLicenseUserFor(v4.core, { ...second, accountId: v4.vendor.accountId, productId: product.id }, { email: user.email });
    const listed = await v4.sdk.getUserLicenses({ product: product.shortCode, username: user.email, password: user.password });
    const pinned = await v4.sdk.activateLicense({ product: product.shortCode, username: user.email, password: user.password, hardware_id: device(), license_id: listed[1].license.id });
    expect(pinned.id).toBe(listed[1].license.id);
  });

  it("changes a password: the old one stops working, the new one works", async () => {
    const { user } = await licenseWithUser();
    expect(await v4.sdk.changePassword({ username: user.email, password: user.password, new_password: "brand-new-pass" })).toBe(true);
    expect(await refusal(v4.sdk.getUserLicenses({ product: product.shortCode, username: user.email, password: user.password }))).toBe("invalid_credentials");
    const listed = await v4.sdk.getUserLicenses({ product: product.shortCode, username: user.email, password: "brand-new-pass" });
    expect(listed[0].user.is_initial_password).toBe(false);
    expect(await refusal(v4.sdk.changePassword({ username: user.email, password: "wrong", new_password: "x-y-z-123" }))).toBe("invalid_credentials");
  });

  it("lists a customer's license users, and refuses unknown customers and key-based products", async () => {
    const { license, user } = await licenseWithUser();
    const customerId = randomUUID();
    await v4.core.db.transaction(async (tx) => {
      await tx.insert(CustomerEntity, {
        id: customerId, accountId: v4.vendor.accountId, email: "buyer@acme.example", firstName: "Grace", lastName: "Hopper", companyName: "Acme",
        phone: null, reference: null, address: null, city: null, postcode: null, state: null, country: null, customerAccount: null, metadata: {},
        createdAt: v4.clock.now(), updatedAt: v4.clock.now(),
      });
      await tx.update(LicenseEntity, { id: license.id }, { customerId });
    });
    const found = await v4.sdk.getCustomerLicenseUsers({ product: product.shortCode, customer: "buyer@acme.example" });
    expect(v4SchemaProblems("CustomerLicenseUsers", found)).toEqual([]);
    expect(found).toMatchObject({ customer: { email: "buyer@acme.example", company_name: "Acme" }, users: [{ email: user.email, is_initial_password: true }] });
    expect(await refusal(v4.sdk.getCustomerLicenseUsers({ product: product.shortCode, customer: "nobody@acme.example" }))).toBe("customer_not_found");
    const keyProduct = await createV4Product(v4.core, v4.vendor.accountId);
    expect(await refusal(v4.sdk.getCustomerLicenseUsers({ product: keyProduct.shortCode, customer: "buyer@acme.example" }))).toBe("invalid_product_auth_method");
  });

  it("builds the SSO login URL of a customer account, and refuses an unknown one", async () => {
    const link = await v4.sdk.getSSOUrl({ product: product.shortCode, customer_account_code: "acme", response_type: "token" });
    expect(v4SchemaProblems("SsoUrl", link)).toEqual([]);
    const url = new URL(link.url);
    expect([url.origin + url.pathname, url.searchParams.get("client_id"), url.searchParams.get("response_type")]).toEqual([`${idp.issuer}/auth`, "licensing-client", "token"]);
    expect(await refusal(v4.sdk.getSSOUrl({ product: product.shortCode, customer_account_code: "nope" }))).toBe("customer_account_not_found");
  });

  it("activates with an SSO id_token the provider signed, and refuses forged, foreign or expired ones", async () => {
    const { user } = await licenseWithUser();
    const sso = async (idToken: string) =>
      refusal(v4.sdk.activateLicense({ product: product.shortCode, id_token: idToken, customer_account_code: "acme", hardware_id: device() }));
    expect(await sso(await idp.sign({ email: user.email.toUpperCase() }))).toBe("accepted");
    expect(await sso(await idp.sign({ email: user.email }, idp.foreignKey))).toBe("invalid_credentials");
    expect(await sso(await idp.sign({ email: user.email, aud: "someone-else" }))).toBe("invalid_credentials");
    expect(await sso(await idp.sign({ email: user.email, iss: "https://evil.example" }))).toBe("invalid_credentials");
    expect(await sso(await idp.sign({ email: user.email, expiresIn: "-1m" }))).toBe("invalid_credentials");
    expect(await sso(await idp.sign({ email: "stranger@example.com" }))).toBe("license_not_found");
  });
});
