/** v4 user_licenses, customer_license_users, change_password and sso_url: every documented status and code. */
import { beforeAll, describe, expect, it } from "vitest";
import { contractSuite } from "../suite.js";
import { uniqueCode, V4Contract, type V4Product, type V4User } from "./v4-contract.js";

const v4 = new V4Contract(contractSuite());
const { client, fixtures } = v4;
let product: V4Product;
let keyProduct: V4Product;
let user: V4User;
let customerEmail: string;
let accountCode: string;

beforeAll(async () => {
  product = await v4.product({ authorizationMethod: "user" });
  keyProduct = await v4.product();
  customerEmail = `contract-buyer-${Date.now()}@example.com`;
  const customer = await fixtures.v3("POST", "/v3/customers", { email: customerEmail, companyName: "Acme" });
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/customers/${customer.id}`, undefined, 204));
  const license = await v4.license(product.id, { licenseApi: { customerId: customer.id } });
  user = await v4.assignedUser(license.id);
  accountCode = uniqueCode("acme").toLowerCase();
  const sso = await fixtures.v3("POST", "/v3/sso-configurations", {
    customerAccountCode: accountCode, issuer: "https://idp.example.com", authorizationEndpoint: "https://idp.example.com/authorize",
    jwksUri: "https://idp.example.com/jwks", clientId: "contract-client",
  });
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/sso-configurations/${sso.id}`, undefined, 204));
});

describe("getUserLicenses", () => {
  const login = (password = user.password, code = product.shortCode) => ({ query: { product: code, username: user.email, password } });

  it("200 with the user's license, verified", async () => {
    expect(await v4.callVerified("getUserLicenses", login())).toEqual([expect.objectContaining({ user: expect.objectContaining({ email: user.email }) })]);
  });

  it.each([
    ["invalid_credentials", async () => login("not-the-password")],
    ["license_not_found", async () => {
      const unassigned = await v4.user();
      return { query: { product: product.shortCode, username: unassigned.email, password: unassigned.password } };
    }],
    ["invalid_product_auth_method", async () => login(user.password, keyProduct.shortCode)],
    ["customer_account_not_found", async () => ({ query: { product: product.shortCode, id_token: "a.b.c", customer_account_code: "no-such-account" } })],
    ["unknown_product", async () => login(user.password, "NO-SUCH-PRODUCT")],
    ["missing_parameters", async () => ({ query: { username: user.email, password: user.password } })],
    ["validation_error", async () => ({ query: { ...login().query, username: "x".repeat(300) } })],
  ])("400 %s", async (code, request) => v4.refuses("getUserLicenses", await request(), code));

  v4.credentialCases("getUserLicenses", () => login());
});

describe("getCustomerLicenseUsers", () => {
  const of = (customer = customerEmail, code = product.shortCode) => ({ query: { product: code, customer } });

  it("200 with the customer's license users, verified", async () => {
    const answer = await v4.callVerified("getCustomerLicenseUsers", of());
    expect(answer).toMatchObject({ customer: { email: customerEmail }, users: [{ email: user.email }] });
  });

  it.each([
    ["customer_not_found", () => of("nobody@example.com")],
    ["invalid_product_auth_method", () => of(customerEmail, keyProduct.shortCode)],
    ["unknown_product", () => of(customerEmail, "NO-SUCH-PRODUCT")],
    ["missing_parameters", () => ({ query: { product: product.shortCode } })],
    ["validation_error", () => of("x".repeat(1000))],
  ])("400 %s", (code, request) => v4.refuses("getCustomerLicenseUsers", request(), code));

  v4.credentialCases("getCustomerLicenseUsers", () => of());
});

describe("changePassword", () => {
  it("200 password_changed", async () => {
    const changing = await v4.user();
    expect(await client.call("changePassword", { body: { username: changing.email, password: changing.password, new_password: "An0ther-S3cure-Passw0rd" } }, 200)).toBe("password_changed");
  });

  it.each([
    ["invalid_credentials", () => ({ username: user.email, password: "not-the-password", new_password: "An0ther-S3cure-Passw0rd" })],
    ["change_password_not_allowed", () => ({ username: user.email, password: user.password, new_password: user.password })],
    ["missing_parameters", () => ({ username: user.email, password: user.password })],
    ["validation_error", () => ({ username: user.email, password: user.password, new_password: 12345678 })],
  ])("400 %s", (code, body) => v4.refuses("changePassword", { body: body() }, code));
  it("400 invalid_json", () => v4.refuses("changePassword", { rawBody: "{" }, "invalid_json"));

  // The body names no product, so a key limited to other products has nothing to be refused for.
  v4.credentialCases("changePassword", () => ({ body: { username: user.email, password: "not-the-password", new_password: "An0ther-S3cure-Passw0rd" } }), { productScoped: false });
});

describe("getSSOUrl", () => {
  const sso = (code = accountCode, productCode = product.shortCode) => ({ query: { product: productCode, customer_account_code: code } });

  it("200 with the provider's login URL, verified", async () => {
    const answer = await v4.callVerified("getSSOUrl", sso());
    expect(new URL(answer.url).origin).toBe("https://idp.example.com");
  });

  it.each([
    ["customer_account_not_found", () => sso("no-such-account")],
    ["invalid_product_auth_method", () => sso(accountCode, keyProduct.shortCode)],
    ["unknown_product", () => sso(accountCode, "NO-SUCH-PRODUCT")],
    ["missing_parameters", () => ({ query: { product: product.shortCode } })],
    ["validation_error", () => ({ query: { ...sso().query, response_type: "id_token token code" } })],
  ])("400 %s", (code, request) => v4.refuses("getSSOUrl", request(), code));

  v4.credentialCases("getSSOUrl", () => sso());
});
