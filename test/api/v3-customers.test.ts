/** Customers managed through v3 (`/v3/customers`), and what the official LicenseSpring SDK then sees in v4. */
import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { licensingCommands } from "../../server/admin-licensing.js";
import { createApiKey, getAccount } from "../../server/core/index.js";
import { describeApi } from "../support/api.js";
import { licenseApi, type LicenseApi } from "../support/sdk.js";
import { refusal } from "../support/v4-fixtures.js";

const email = () => `buyer-${randomUUID().slice(0, 8)}@example.com`;

describeApi("v3 customers", (api) => {
  let sdk: LicenseApi;

  beforeAll(async () => {
    const key = await createApiKey(api.server.core, { accountId: api.admin.accountId });
    const { publicKeyPem } = await getAccount(api.server.core, api.admin.accountId);
    sdk = licenseApi(api.server.url, { ...key, publicKeyPem });
  });

  const createCustomer = async (body: Record<string, unknown> = {}) => {
    const { data, error } = await api.client.POST("/v3/customers", { body: { email: email(), ...body } });
    if (!data) throw new Error(`createCustomer: ${JSON.stringify(error)}`);
    return data;
  };
  const byId = (id: string) => ({ params: { path: { id } } });

  it("creates, reads, changes part of and deletes a customer", async () => {
    const created = await createCustomer({ email: "Purchasing@Acme.example", companyName: "Acme", city: "Boston", metadata: { crmId: "0016g", tier: 2 } });
    expect(created).toMatchObject({
      email: "purchasing@acme.example", companyName: "Acme", city: "Boston", firstName: null, country: null, metadata: { crmId: "0016g", tier: 2 },
    });
    expect((await api.client.GET("/v3/customers/{id}", byId(created.id))).data).toEqual(created);

    api.clock.advance(1000);
    const changed = await api.client.PATCH("/v3/customers/{id}", { ...byId(created.id), body: { city: null, country: "US", metadata: { tier: 3 } } });
    expect(changed.data).toEqual({ ...created, city: null, country: "US", metadata: { tier: 3 }, updatedAt: changed.data!.updatedAt });
    expect(Date.parse(changed.data!.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));

    expect((await api.client.DELETE("/v3/customers/{id}", byId(created.id))).response.status).toBe(204);
    const gone = await api.client.GET("/v3/customers/{id}", byId(created.id));
    expect([gone.response.status, gone.error?.code]).toEqual([404, "CUSTOMER_NOT_FOUND"]);
  });

  it("filters by email (ignoring case), and pages and sorts the list", async () => {
    const tag = randomUUID().slice(0, 6);
    const created = [];
    for (const letter of ["b", "c", "a"]) created.push(await createCustomer({ email: `${letter}-${tag}@example.com`, reference: tag }));
    const byEmail = await api.client.GET("/v3/customers", { params: { query: { email: `C-${tag}@EXAMPLE.COM` } } });
    expect(byEmail.data!.map((customer) => customer.id)).toEqual([created[1]!.id]);

    const all = await api.client.GET("/v3/customers", { params: { query: { limit: 100, sort: "email" } } });
    const mine = all.data!.filter((customer) => customer.reference === tag).map((customer) => customer.email);
    expect(mine).toEqual([`a-${tag}@example.com`, `b-${tag}@example.com`, `c-${tag}@example.com`]);
    const count = Number(all.response.headers.get("Pagination-Count"));
    const last = await api.client.GET("/v3/customers", { params: { query: { limit: 2, page: Math.ceil(count / 2) } } });
    expect(last.data).toHaveLength(count % 2 === 0 ? 2 : 1);
    const past = await api.client.GET("/v3/customers", { params: { query: { limit: 2, page: Math.ceil(count / 2) + 1 } } });
    expect(past.data).toEqual([]);
  });

  it.each([
    ["a malformed email", { email: "nope" }],
    ["a read-only field", { email: "ro@example.com", id: randomUUID() }],
    ["an unknown field", { email: "x@example.com", customerAccount: { code: "acme" } }],
    ["a phone over 64 characters", { email: "p@example.com", phone: "1".repeat(65) }],
    ["no email", { companyName: "Nameless" }],
  ])("refuses to create a customer with %s (400 VALIDATION_FAILED)", async (_case, body) => {
    const result = await api.server.raw("POST", "/v3/customers", "/v3/customers", {
      headers: { authorization: `Bearer ${api.admin.token}`, "content-type": "application/json" }, body: JSON.stringify(body),
    });
    expect([result.status, result.body.code]).toEqual([400, "VALIDATION_FAILED"]);
  });

  it("refuses an empty change (400)", async () => {
    const customer = await createCustomer();
    const empty = await api.client.PATCH("/v3/customers/{id}", { ...byId(customer.id), body: {} });
    expect([empty.response.status, empty.error?.code]).toEqual([400, "VALIDATION_FAILED"]);
  });

  it("refuses a second customer with the same email, ignoring case (409 CUSTOMER_ALREADY_EXISTS), also by renaming", async () => {
    const first = await createCustomer();
    const clash = await api.client.POST("/v3/customers", { body: { email: first.email.toUpperCase() } });
    expect([clash.response.status, clash.error?.code]).toEqual([409, "CUSTOMER_ALREADY_EXISTS"]);
    const second = await createCustomer();
    const renamed = await api.client.PATCH("/v3/customers/{id}", { ...byId(second.id), body: { email: first.email } });
    expect([renamed.response.status, renamed.error?.code]).toEqual([409, "CUSTOMER_ALREADY_EXISTS"]);
    const elsewhere = await api.server.account();
    expect((await api.server.v3(elsewhere.token).POST("/v3/customers", { body: { email: first.email } })).response.status).toBe(201);
  });

  it("needs user:read to read customers and user:write to change them (403 FORBIDDEN)", async () => {
    const customer = await createCustomer();
    const reader = api.server.v3((await api.server.account(["user:read"])).token);
    const licenseOnly = api.server.v3((await api.server.account(["license:read", "license:write"])).token);
    expect((await reader.GET("/v3/customers")).response.status).toBe(200);
    for (const refused of [
      await reader.POST("/v3/customers", { body: { email: email() } }),
      await reader.PATCH("/v3/customers/{id}", { ...byId(customer.id), body: { city: "Paris" } }),
      await reader.DELETE("/v3/customers/{id}", byId(customer.id)),
      await licenseOnly.GET("/v3/customers"),
      await licenseOnly.GET("/v3/customers/{id}", byId(customer.id)),
    ]) {
      expect([refused.response.status, refused.error?.code]).toEqual([403, "FORBIDDEN"]);
    }
  });

  it("answers 404 for unknown customers and for another account's, and changes nothing of theirs", async () => {
    const mine = await createCustomer({ city: "Boston" });
    const other = api.server.v3((await api.server.account()).token);
    for (const id of [randomUUID(), mine.id]) {
      for (const result of [
        await other.GET("/v3/customers/{id}", byId(id)),
        await other.PATCH("/v3/customers/{id}", { ...byId(id), body: { city: "Paris" } }),
        await other.DELETE("/v3/customers/{id}", byId(id)),
      ]) {
        expect([result.response.status, result.error?.code]).toEqual([404, "CUSTOMER_NOT_FOUND"]);
      }
    }
    expect((await api.client.GET("/v3/customers/{id}", byId(mine.id))).data!.city).toBe("Boston");
  });

  it("refuses to delete a customer while a license or a license user points to it (409 CUSTOMER_IN_USE), then deletes it", async () => {
    const customer = await createCustomer();
    const product = await api.createProduct();
    const license = await api.createLicense(product.id);
    await api.client.PATCH("/v3/licenses/{id}", { params: { path: { id: license.id } }, body: { licenseApi: { customerId: customer.id } } });
    const { data: user } = await api.client.POST("/v3/users", { body: { email: email(), customerId: customer.id } });

    const attempt = () => api.client.DELETE("/v3/customers/{id}", byId(customer.id));
    const refused = await attempt();
    expect([refused.response.status, refused.error?.code]).toEqual([409, "CUSTOMER_IN_USE"]);
    await api.client.PATCH("/v3/licenses/{id}", { params: { path: { id: license.id } }, body: { licenseApi: { customerId: null } } });
    expect((await attempt()).error?.code).toBe("CUSTOMER_IN_USE");
    await api.client.PATCH("/v3/users/{id}", { params: { path: { id: user!.id } }, body: { customerId: null } });
    expect((await attempt()).response.status).toBe(204);
  });

  it("decides a deletion racing links to the customer by the lock: either the links win (409) or the deletion (400), never a 500", async () => {
    const outcomes = await Promise.all(Array.from({ length: 16 }, async () => {
      const customer = await createCustomer();
      const license = await api.createLicense((await api.createProduct()).id);
      const [removed, user, linked] = await Promise.all([
        api.client.DELETE("/v3/customers/{id}", byId(customer.id)),
        api.client.POST("/v3/users", { body: { email: email(), customerId: customer.id } }),
        api.client.PATCH("/v3/licenses/{id}", { ...byId(license.id), body: { licenseApi: { customerId: customer.id } } }),
      ]);
      const links = [user, linked].map((answer) => `${answer.response.status} ${answer.error?.code ?? ""}`.trim());
      const left = await api.client.GET("/v3/customers/{id}", byId(customer.id));
      return { removed: removed.response.status, links, left: left.response.status };
    }));
    for (const outcome of outcomes) {
      if (outcome.removed === 204) {
        expect(outcome).toEqual({ removed: 204, links: ["400 INVALID_CUSTOMER_ID", "400 INVALID_CUSTOMER_ID"], left: 404 });
      } else {
        expect(outcome).toEqual({ removed: 409, links: ["201", "200"], left: 200 });
      }
    }
  });

  it("shows a customer created through v3, with the users assigned through v3, in v4 customer_license_users", async () => {
    const shortCode = `CUST-${randomUUID().slice(0, 6)}`;
    const product = await api.createProduct({ name: "Studio", licenseApi: { shortCode, authorizationMethod: "user" } });
    const customer = await createCustomer({ companyName: "Acme", firstName: "Grace" });
    const license = await api.createLicense(product.id, { allowedActivations: 0 });
    await api.client.PATCH("/v3/licenses/{id}", { params: { path: { id: license.id } }, body: { licenseApi: { customerId: customer.id } } });
    const { data: user } = await api.client.POST("/v3/users", { body: { email: email(), firstName: "Ada", customerId: customer.id } });
    await api.client.POST("/v3/licenses/{id}/users", { params: { path: { id: license.id } }, body: { userId: user!.id, allowedActivations: 2 } });

    const found = await sdk.getCustomerLicenseUsers({ product: shortCode, customer: customer.email.toUpperCase() });
    expect(found).toMatchObject({
      customer: { email: customer.email, company_name: "Acme", first_name: "Grace" },
      users: [{ email: user!.email, first_name: "Ada", is_active: true, is_initial_password: true, initial_password: user!.password, max_activations: 2, total_activations: 0 }],
    });

    await api.client.PATCH("/v3/customers/{id}", { ...byId(customer.id), body: { companyName: "Acme Corp" } });
    await api.client.PATCH("/v3/users/{id}", { params: { path: { id: user!.id } }, body: { isActive: false } });
    const changed = await sdk.getCustomerLicenseUsers({ product: shortCode, customer: customer.email });
    expect(changed).toMatchObject({ customer: { company_name: "Acme Corp" }, users: [{ email: user!.email, is_active: false }] });

    const renamed = await api.client.PATCH("/v3/customers/{id}", { ...byId(customer.id), body: { email: email() } });
    expect(await refusal(sdk.getCustomerLicenseUsers({ product: shortCode, customer: customer.email }))).toBe("customer_not_found");
    expect((await sdk.getCustomerLicenseUsers({ product: shortCode, customer: renamed.data!.email })).users).toHaveLength(1);
  });

  it("shows a customer the admin CLI created, on the same core", async () => {
    const address = email();
    const id = await licensingCommands["create-customer"]!(api.server.core, { account: api.admin.accountId, email: address, json: JSON.stringify({ companyName: "Globex" }) });
    expect((await api.client.GET("/v3/customers/{id}", byId(id))).data).toMatchObject({ id, email: address, companyName: "Globex" });
    await expect(licensingCommands["create-customer"]!(api.server.core, { account: api.admin.accountId, email: address })).rejects.toMatchObject({ code: "CUSTOMER_ALREADY_EXISTS" });
  });
});
