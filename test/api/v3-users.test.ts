/**
 * License users and their assignments to licenses, managed through v3 (`/v3/users`, `/v3/licenses/{id}/users`),
 * and what the official LicenseSpring SDK then sees in the License API (v4).
 */
import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { licensingCommands } from "../../server/admin-licensing.js";
import { createApiKey, getAccount } from "../../server/core/index.js";
import { describeApi } from "../support/api.js";
import { licenseApi, type LicenseApi } from "../support/sdk.js";
import { device, refusal } from "../support/v4-fixtures.js";

const email = () => `user-${randomUUID().slice(0, 8)}@example.com`;

describeApi("v3 license users and their licenses", (api) => {
  let sdk: LicenseApi;
  let product: { id: string; shortCode: string };

  beforeAll(async () => {
    const shortCode = `USERS-${randomUUID().slice(0, 6)}`;
    product = { id: (await api.createProduct({ name: "Studio", licenseApi: { shortCode, authorizationMethod: "user" } })).id, shortCode };
    const key = await createApiKey(api.server.core, { accountId: api.admin.accountId });
    const { publicKeyPem } = await getAccount(api.server.core, api.admin.accountId);
    sdk = licenseApi(api.server.url, { ...key, publicKeyPem });
  });

  const createUser = async (body: Record<string, unknown> = {}) => {
    const { data, error } = await api.client.POST("/v3/users", { body: { email: email(), ...body } });
    if (!data) throw new Error(`createUser: ${JSON.stringify(error)}`);
    return data;
  };
  const seatLicense = () => api.createLicense(product.id, { allowedActivations: 0 });
  const assign = (licenseId: string, body: { userId: string; allowedActivations?: number; allowUnlimitedActivations?: boolean }) =>
    api.client.POST("/v3/licenses/{id}/users", { params: { path: { id: licenseId } }, body });
  const assignment = (licenseId: string, userId: string) => ({ params: { path: { id: licenseId, userId } } });
  const login = (user: { email: string }, password: string) => ({ product: product.shortCode, username: user.email, password });
  const activate = (user: { email: string }, password: string) => refusal(sdk.activateLicense({ ...login(user, password), hardware_id: device() }));
  const totalActivations = async (licenseId: string) => (await api.client.GET("/v3/licenses/{id}", { params: { path: { id: licenseId } } })).data!.totalActivations;

  it("creates a user with a generated first password shown once, reads, changes part of it and deletes it", async () => {
    const created = await createUser({ email: "Ada.Lovelace@Example.com", firstName: "Ada", lastName: "Lovelace" });
    expect(created).toMatchObject({ email: "ada.lovelace@example.com", name: "Ada Lovelace", isActive: true, isInitialPassword: true, customerId: null });
    expect(created.password).toMatch(/^[A-Za-z0-9_-]{16}$/);

    const read = await api.client.GET("/v3/users/{id}", { params: { path: { id: created.id } } });
    expect(read.data).not.toHaveProperty("password");
    const { password: _password, ...withoutPassword } = created;
    expect(read.data).toEqual(withoutPassword);

    api.clock.advance(1000);
    const changed = await api.client.PATCH("/v3/users/{id}", { params: { path: { id: created.id } }, body: { phoneNumber: "+44 20 7946 0000", lastName: null } });
    expect(changed.data).toEqual({ ...withoutPassword, phoneNumber: "+44 20 7946 0000", lastName: null, name: "Ada", updatedAt: changed.data!.updatedAt });
    expect(Date.parse(changed.data!.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
    expect(JSON.stringify((await api.client.GET("/v3/users", { params: { query: { email: created.email } } })).data)).not.toContain(created.password);

    expect((await api.client.DELETE("/v3/users/{id}", { params: { path: { id: created.id } } })).response.status).toBe(204);
    const gone = await api.client.GET("/v3/users/{id}", { params: { path: { id: created.id } } });
    expect([gone.response.status, gone.error?.code]).toEqual([404, "LICENSE_USER_NOT_FOUND"]);
  });

  it("keeps a password the vendor chose, and returns it only in the create answer", async () => {
    const created = await createUser({ password: "correct-horse-battery" });
    expect(created.password).toBe("correct-horse-battery");
    const listed = await api.client.GET("/v3/users", { params: { query: { email: created.email } } });
    expect(listed.data).toHaveLength(1);
    expect(listed.data![0]).not.toHaveProperty("password");
  });

  it("filters by email (ignoring case) and customer, and pages and sorts the list", async () => {
    const { data: customer } = await api.client.POST("/v3/customers", { body: { email: `${randomUUID()}@buyer.example` } });
    const tag = randomUUID().slice(0, 6);
    const emails = ["c", "a", "b"].map((letter) => `${letter}-${tag}@example.com`);
    const users = [];
    for (const address of emails) users.push(await createUser({ email: address, customerId: customer!.id }));

    const byEmail = await api.client.GET("/v3/users", { params: { query: { email: emails[1]!.toUpperCase() } } });
    expect(byEmail.data!.map((user) => user.id)).toEqual([users[1]!.id]);

    const page = await api.client.GET("/v3/users", { params: { query: { customerId: customer!.id, sort: "-email", limit: 2, page: 1 } } });
    expect(page.data!.map((user) => user.email)).toEqual([emails[0], emails[2]]);
    expect(page.response.headers.get("Pagination-Count")).toBe("3");
    const next = await api.client.GET("/v3/users", { params: { query: { customerId: customer!.id, sort: "-email", limit: 2, page: 2 } } });
    expect(next.data!.map((user) => user.email)).toEqual([emails[1]]);
    const none = await api.client.GET("/v3/users", { params: { query: { customerId: randomUUID() } } });
    expect([none.data, none.response.headers.get("Pagination-Count")]).toEqual([[], "0"]);
  });

  it.each([
    ["a malformed email", { email: "not-an-email" }],
    ["a password under 8 characters", { email: "short@example.com", password: "1234567" }],
    ["a read-only field", { email: "ro@example.com", isInitialPassword: false }],
    ["no email", { firstName: "Nobody" }],
  ])("refuses to create a user with %s (400 VALIDATION_FAILED)", async (_case, body) => {
    const result = await api.server.raw("POST", "/v3/users", "/v3/users", {
      headers: { authorization: `Bearer ${api.admin.token}`, "content-type": "application/json" }, body: JSON.stringify(body),
    });
    expect([result.status, result.body.code]).toEqual([400, "VALIDATION_FAILED"]);
  });

  it("refuses an unknown customer, or another account's, with 400 INVALID_CUSTOMER_ID, on create and on change", async () => {
    const other = await api.server.account();
    const { data: theirs } = await api.server.v3(other.token).POST("/v3/customers", { body: { email: "theirs@buyer.example" } });
    for (const customerId of [randomUUID(), theirs!.id]) {
      const created = await api.client.POST("/v3/users", { body: { email: email(), customerId } });
      expect([created.response.status, created.error?.code]).toEqual([400, "INVALID_CUSTOMER_ID"]);
    }
    const user = await createUser();
    const changed = await api.client.PATCH("/v3/users/{id}", { params: { path: { id: user.id } }, body: { customerId: theirs!.id } });
    expect([changed.response.status, changed.error?.code]).toEqual([400, "INVALID_CUSTOMER_ID"]);
    expect((await api.client.GET("/v3/users/{id}", { params: { path: { id: user.id } } })).data!.customerId).toBeNull();
    const empty = await api.client.PATCH("/v3/users/{id}", { params: { path: { id: user.id } }, body: {} });
    expect([empty.response.status, empty.error?.code]).toEqual([400, "VALIDATION_FAILED"]);
  });

  it("refuses a second user with the same email, ignoring case (409 LICENSE_USER_ALREADY_EXISTS), also by renaming", async () => {
    const first = await createUser();
    const clash = await api.client.POST("/v3/users", { body: { email: first.email.toUpperCase() } });
    expect([clash.response.status, clash.error?.code]).toEqual([409, "LICENSE_USER_ALREADY_EXISTS"]);
    const second = await createUser();
    const renamed = await api.client.PATCH("/v3/users/{id}", { params: { path: { id: second.id } }, body: { email: first.email } });
    expect([renamed.response.status, renamed.error?.code]).toEqual([409, "LICENSE_USER_ALREADY_EXISTS"]);
    const elsewhere = await api.server.account();
    expect((await api.server.v3(elsewhere.token).POST("/v3/users", { body: { email: first.email } })).response.status).toBe(201);
  });

  it("needs user:read to read users and user:write to change them (403 FORBIDDEN)", async () => {
    const user = await createUser();
    const reader = api.server.v3((await api.server.account(["user:read"])).token);
    const licenseOnly = api.server.v3((await api.server.account(["license:read", "license:write"])).token);
    expect((await reader.GET("/v3/users")).response.status).toBe(200);
    for (const refused of [
      await reader.POST("/v3/users", { body: { email: email() } }),
      await reader.PATCH("/v3/users/{id}", { params: { path: { id: user.id } }, body: { isActive: false } }),
      await reader.DELETE("/v3/users/{id}", { params: { path: { id: user.id } } }),
      await licenseOnly.GET("/v3/users"),
      await licenseOnly.GET("/v3/users/{id}", { params: { path: { id: user.id } } }),
    ]) {
      expect([refused.response.status, refused.error?.code]).toEqual([403, "FORBIDDEN"]);
    }
  });

  it("answers 404 for unknown users and for another account's, and changes nothing of theirs", async () => {
    const mine = await createUser({ firstName: "Mine" });
    const other = api.server.v3((await api.server.account()).token);
    for (const id of [randomUUID(), mine.id]) {
      const path = { params: { path: { id } } };
      for (const result of [await other.GET("/v3/users/{id}", path), await other.PATCH("/v3/users/{id}", { ...path, body: { firstName: "Theirs" } }), await other.DELETE("/v3/users/{id}", path)]) {
        expect([result.response.status, result.error?.code]).toEqual([404, "LICENSE_USER_NOT_FOUND"]);
      }
    }
    expect((await api.client.GET("/v3/users/{id}", { params: { path: { id: mine.id } } })).data!.firstName).toBe("Mine");
  });

  it("lets a user created and assigned only through v3 activate with email and password, and lists the license in user_licenses", async () => {
    const license = await seatLicense();
    const user = await createUser();
    const assigned = await assign(license.id, { userId: user.id, allowedActivations: 2 });
    expect(assigned.response.status).toBe(201);
    expect(assigned.data).toMatchObject({ licenseId: license.id, userId: user.id, allowedActivations: 2, allowUnlimitedActivations: false, totalActivations: 0, user: { email: user.email } });

    const activated = await sdk.activateLicense({ ...login(user, user.password), hardware_id: device() });
    expect(activated).toMatchObject({ username: user.email, user: { email: user.email, max_activations: 2, is_initial_password: true } });
    const listed = await sdk.getUserLicenses(login(user, user.password));
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ license: { id: activated.id }, user: { email: user.email } });

    const users = await api.client.GET("/v3/licenses/{id}/users", { params: { path: { id: license.id } } });
    expect(users.data!.map((item) => [item.userId, item.totalActivations])).toEqual([[user.id, 1]]);
    expect(users.response.headers.get("Pagination-Count")).toBe("1");
  });

  it("replaces the password through PATCH: v4 accepts the new one and refuses the old one; the answer carries no password", async () => {
    const license = await seatLicense();
    const user = await createUser();
    await assign(license.id, { userId: user.id, allowUnlimitedActivations: true });
    const changed = await api.client.PATCH("/v3/users/{id}", { params: { path: { id: user.id } }, body: { password: "new-horse-battery-staple" } });
    expect(changed.data).not.toHaveProperty("password");
    expect(changed.data!.isInitialPassword).toBe(true);
    expect(await activate(user, user.password)).toBe("invalid_credentials");
    expect(await activate(user, "new-horse-battery-staple")).toBe("accepted");
    // Once the user picks its own password in v4, v3 shows it is no longer the vendor's.
    expect(await sdk.changePassword({ username: user.email, password: "new-horse-battery-staple", new_password: "my-own-secret-1" })).toBe(true);
    expect((await api.client.GET("/v3/users/{id}", { params: { path: { id: user.id } } })).data!.isInitialPassword).toBe(false);
  });

  it("refuses a deactivated user in v4 until it is reactivated, keeping its assignment", async () => {
    const license = await seatLicense();
    const user = await createUser();
    await assign(license.id, { userId: user.id, allowUnlimitedActivations: true });
    const path = { params: { path: { id: user.id } } };
    expect((await api.client.PATCH("/v3/users/{id}", { ...path, body: { isActive: false } })).data!.isActive).toBe(false);
    expect(await activate(user, user.password)).toBe("invalid_credentials");
    expect(await refusal(sdk.getUserLicenses(login(user, user.password)))).toBe("invalid_credentials");
    expect(await refusal(sdk.changePassword({ username: user.email, password: user.password, new_password: "another-pass-1" }))).toBe("invalid_credentials");
    await api.client.PATCH("/v3/users/{id}", { ...path, body: { isActive: true } });
    expect(await activate(user, user.password)).toBe("accepted");
  });

  it("unassigning refuses the user in v4 and removes the devices it activated on the license", async () => {
    const license = await seatLicense();
    const user = await createUser();
    await assign(license.id, { userId: user.id, allowedActivations: 3 });
    expect(await activate(user, user.password)).toBe("accepted");
    expect(await activate(user, user.password)).toBe("accepted");
    expect(await totalActivations(license.id)).toBe(2);

    expect((await api.client.DELETE("/v3/licenses/{id}/users/{userId}", assignment(license.id, user.id))).response.status).toBe(204);
    expect(await totalActivations(license.id)).toBe(0);
    expect(await activate(user, user.password)).toBe("license_not_found");
    expect((await api.client.GET("/v3/licenses/{id}/users", { params: { path: { id: license.id } } })).data).toEqual([]);
    expect((await api.client.GET("/v3/users/{id}", { params: { path: { id: user.id } } })).response.status).toBe(200);
    const again = await api.client.DELETE("/v3/licenses/{id}/users/{userId}", assignment(license.id, user.id));
    expect([again.response.status, again.error?.code]).toEqual([404, "LICENSE_USER_NOT_ASSIGNED"]);
  });

  it("deleting a user removes its assignments and devices, and v4 refuses it", async () => {
    const [first, second] = [await seatLicense(), await seatLicense()];
    const user = await createUser();
    const stays = await createUser();
    for (const license of [first, second]) await assign(license.id, { userId: user.id, allowUnlimitedActivations: true });
    await assign(first.id, { userId: stays.id });
    expect(await activate(user, user.password)).toBe("accepted");
    expect(await activate(stays, stays.password)).toBe("accepted");

    await api.client.DELETE("/v3/users/{id}", { params: { path: { id: user.id } } });
    expect(await activate(user, user.password)).toBe("invalid_credentials");
    expect(await totalActivations(first.id)).toBe(1);
    expect((await api.client.GET("/v3/licenses/{id}/users", { params: { path: { id: first.id } } })).data!.map((item) => item.userId)).toEqual([stays.id]);
    expect((await api.client.GET("/v3/licenses/{id}/users", { params: { path: { id: second.id } } })).data).toEqual([]);
  });

  it("holds the per-user allowance under parallel activations, and a raised allowance lets one more in", async () => {
    const license = await seatLicense();
    const user = await createUser();
    await assign(license.id, { userId: user.id, allowedActivations: 3 });
    const results = await Promise.all(Array.from({ length: 12 }, () => activate(user, user.password)));
    expect(results.filter((result) => result === "accepted")).toHaveLength(3);
    expect(new Set(results.filter((result) => result !== "accepted"))).toEqual(new Set(["license_user_activated_max_times"]));

    const raised = await api.client.PATCH("/v3/licenses/{id}/users/{userId}", { ...assignment(license.id, user.id), body: { allowedActivations: 4 } });
    expect(raised.data).toMatchObject({ allowedActivations: 4, allowUnlimitedActivations: false, totalActivations: 3 });
    expect(await activate(user, user.password)).toBe("accepted");
    expect(await activate(user, user.password)).toBe("license_user_activated_max_times");
    const lowered = await api.client.PATCH("/v3/licenses/{id}/users/{userId}", { ...assignment(license.id, user.id), body: { allowedActivations: 1 } });
    expect(lowered.data!.totalActivations).toBe(4);
    const unlimited = await api.client.PATCH("/v3/licenses/{id}/users/{userId}", { ...assignment(license.id, user.id), body: { allowUnlimitedActivations: true } });
    expect(unlimited.data).toMatchObject({ allowedActivations: 1, allowUnlimitedActivations: true });
    expect(await activate(user, user.password)).toBe("accepted");
  });

  it("holds the license's maxLicenseUsers under parallel assignments (409 LICENSE_USER_LIMIT_REACHED); 0 is unlimited", async () => {
    const license = await seatLicense();
    await api.client.PATCH("/v3/licenses/{id}", { params: { path: { id: license.id } }, body: { licenseApi: { maxLicenseUsers: 2 } } });
    const users = await Promise.all(Array.from({ length: 6 }, () => createUser()));
    const results = await Promise.all(users.map((user) => assign(license.id, { userId: user.id })));
    expect(results.filter((result) => result.response.status === 201)).toHaveLength(2);
    expect(new Set(results.filter((result) => !result.data).map((result) => `${result.response.status} ${result.error?.code}`))).toEqual(new Set(["409 LICENSE_USER_LIMIT_REACHED"]));

    const unlimited = await seatLicense();
    for (const user of users) expect((await assign(unlimited.id, { userId: user.id })).response.status).toBe(201);
  });

  it("refuses assigning the same user twice, even in parallel (409 LICENSE_USER_ALREADY_ASSIGNED)", async () => {
    const license = await seatLicense();
    const user = await createUser();
    const results = await Promise.all(Array.from({ length: 4 }, () => assign(license.id, { userId: user.id })));
    expect(results.map((result) => result.response.status).sort()).toEqual([201, 409, 409, 409]);
    expect(results.find((result) => result.error)?.error?.code).toBe("LICENSE_USER_ALREADY_ASSIGNED");
  });

  it("refuses assignments to licenses of key-based products (400 INVALID_AUTHORIZATION_METHOD) and a bad allowance (400)", async () => {
    const keyProduct = await api.createProduct({ name: "Keys" });
    const keyLicense = await api.createLicense(keyProduct.id);
    const user = await createUser();
    const refused = await assign(keyLicense.id, { userId: user.id });
    expect([refused.response.status, refused.error?.code]).toEqual([400, "INVALID_AUTHORIZATION_METHOD"]);
    const license = await seatLicense();
    for (const allowedActivations of [0, -1]) {
      const invalid = await assign(license.id, { userId: user.id, allowedActivations });
      expect([invalid.response.status, invalid.error?.code]).toEqual([400, "VALIDATION_FAILED"]);
    }
    await assign(license.id, { userId: user.id });
    const empty = await api.client.PATCH("/v3/licenses/{id}/users/{userId}", { ...assignment(license.id, user.id), body: {} });
    expect([empty.response.status, empty.error?.code]).toEqual([400, "VALIDATION_FAILED"]);
  });

  it("answers 404 for another account's or unknown licenses and users, and for a user not on the license", async () => {
    const license = await seatLicense();
    const user = await createUser();
    const other = await api.server.account();
    const otherClient = api.server.v3(other.token);
    const { data: theirUser } = await otherClient.POST("/v3/users", { body: { email: email() } });

    const cases: Array<[string, Promise<{ response: Response; error?: { code: string } }>, string]> = [
      ["their user on my license", assign(license.id, { userId: theirUser!.id }), "LICENSE_USER_NOT_FOUND"],
      ["an unknown user", assign(license.id, { userId: randomUUID() }), "LICENSE_USER_NOT_FOUND"],
      ["an unknown license", assign(randomUUID(), { userId: user.id }), "LICENSE_NOT_FOUND"],
      ["my license through their token", otherClient.POST("/v3/licenses/{id}/users", { params: { path: { id: license.id } }, body: { userId: theirUser!.id } }), "LICENSE_NOT_FOUND"],
      ["listing my license through their token", otherClient.GET("/v3/licenses/{id}/users", { params: { path: { id: license.id } } }), "LICENSE_NOT_FOUND"],
      ["a user not on the license", api.client.PATCH("/v3/licenses/{id}/users/{userId}", { ...assignment(license.id, user.id), body: { allowedActivations: 2 } }), "LICENSE_USER_NOT_ASSIGNED"],
      ["an unknown user on the license", api.client.DELETE("/v3/licenses/{id}/users/{userId}", assignment(license.id, randomUUID())), "LICENSE_USER_NOT_FOUND"],
    ];
    for (const [name, request, code] of cases) {
      const result = await request;
      expect([name, result.response.status, result.error?.code]).toEqual([name, 404, code]);
    }
    await assign(license.id, { userId: user.id });
    const theirs = await otherClient.DELETE("/v3/licenses/{id}/users/{userId}", assignment(license.id, user.id));
    expect(theirs.response.status).toBe(404);
    expect((await api.client.GET("/v3/licenses/{id}/users", { params: { path: { id: license.id } } })).data!.map((item) => item.userId)).toEqual([user.id]);
  });

  it("needs license:read to list a license's users and license:write to assign them (403 FORBIDDEN)", async () => {
    const license = await seatLicense();
    const user = await createUser();
    const usersOnly = api.server.v3((await api.server.account(["user:read", "user:write"])).token);
    const reader = api.server.v3((await api.server.account(["license:read"])).token);
    for (const refused of [
      await usersOnly.GET("/v3/licenses/{id}/users", { params: { path: { id: license.id } } }),
      await reader.POST("/v3/licenses/{id}/users", { params: { path: { id: license.id } }, body: { userId: user.id } }),
      await reader.PATCH("/v3/licenses/{id}/users/{userId}", { ...assignment(license.id, user.id), body: { allowedActivations: 2 } }),
      await reader.DELETE("/v3/licenses/{id}/users/{userId}", assignment(license.id, user.id)),
    ]) {
      expect([refused.response.status, refused.error?.code]).toEqual([403, "FORBIDDEN"]);
    }
  });

  it("shows users the admin CLI created and assigned, on the same core", async () => {
    const license = await seatLicense();
    const address = email();
    const printed = JSON.parse(await licensingCommands["create-license-user"]!(api.server.core, { account: api.admin.accountId, email: address }));
    await licensingCommands["assign-license-user"]!(api.server.core, { account: api.admin.accountId, license: license.id, email: address, "max-activations": "2" });
    const listed = await api.client.GET("/v3/licenses/{id}/users", { params: { path: { id: license.id } } });
    expect(listed.data!.map((item) => [item.userId, item.user.email, item.allowedActivations])).toEqual([[printed.id, address, 2]]);
    expect(await activate({ email: address }, printed.password)).toBe("accepted");
  });
});
