/** v3 license users (the people of user-based licensing): every documented status of every user operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { expectRefusal, managementRefusals, unique, unknownId } from "./management.js";

const suite = contractSuite();
const { client, fixtures } = suite;
const refusals = managementRefusals(suite);

const email = () => `contract-${unique()}@example.com`;
const removeLater = (id: string) => fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/users/${id}`, undefined, 204));
let user: { id: string; email: string };
let other: { id: string; email: string };

async function createUser(): Promise<{ id: string; email: string }> {
  const created = await fixtures.v3("POST", "/v3/users", { email: email() });
  removeLater(created.id);
  return created as { id: string; email: string };
}

beforeAll(async () => {
  [user, other] = [await createUser(), await createUser()];
});

describe("listUsers", () => {
  it("200 with the pagination headers", () => client.call("listUsers", { query: { email: user.email, sort: "email" } }, 200));
  it("400 VALIDATION_FAILED for an unknown sort", () => expectRefusal(client, "listUsers", { query: { sort: "password" } }, 400, "VALIDATION_FAILED"));
  refusals("listUsers");
});

describe("createUser", () => {
  it("201 with the generated initial password", async () => removeLater((await client.call("createUser", { body: { email: email(), firstName: "Ada" } }, 201)).id));
  it.each([
    ["without an email", {}],
    ["with a password under 8 characters", { email: email(), password: "short" }],
    ["with a read-only field", { email: email(), isInitialPassword: false }],
  ])("400 VALIDATION_FAILED %s", (_name, body) => expectRefusal(client, "createUser", { body }, 400, "VALIDATION_FAILED"));
  it("400 INVALID_CUSTOMER_ID for a customer the account does not have", () =>
    expectRefusal(client, "createUser", { body: { email: email(), customerId: unknownId } }, 400, "INVALID_CUSTOMER_ID"));
  it("409 LICENSE_USER_ALREADY_EXISTS for a taken email", () =>
    expectRefusal(client, "createUser", { body: { email: user.email } }, 409, "LICENSE_USER_ALREADY_EXISTS"));
  refusals("createUser", () => ({ body: { email: email() } }));
});

describe("getUser", () => {
  it("200 without the password", () => client.call("getUser", { path: { id: user.id } }, 200));
  it("404 LICENSE_USER_NOT_FOUND for an unknown id", () => expectRefusal(client, "getUser", { path: { id: unknownId } }, 404, "LICENSE_USER_NOT_FOUND"));
  refusals("getUser", () => ({ path: { id: user.id } }));
});

describe("updateUser", () => {
  const change = () => ({ path: { id: user.id }, body: { lastName: "Lovelace" } });
  it("200 with the changed user", () => client.call("updateUser", change(), 200));
  it.each([
    ["an empty body", {}],
    ["an email that is not one", { email: "not-an-email" }],
  ])("400 VALIDATION_FAILED for %s", (_name, body) => expectRefusal(client, "updateUser", { path: { id: user.id }, body }, 400, "VALIDATION_FAILED"));
  it("400 INVALID_CUSTOMER_ID for a customer the account does not have", () =>
    expectRefusal(client, "updateUser", { path: { id: user.id }, body: { customerId: unknownId } }, 400, "INVALID_CUSTOMER_ID"));
  it("404 LICENSE_USER_NOT_FOUND for an unknown id", () => expectRefusal(client, "updateUser", { ...change(), path: { id: unknownId } }, 404, "LICENSE_USER_NOT_FOUND"));
  it("409 LICENSE_USER_ALREADY_EXISTS for another user's email", () =>
    expectRefusal(client, "updateUser", { path: { id: user.id }, body: { email: other.email } }, 409, "LICENSE_USER_ALREADY_EXISTS"));
  refusals("updateUser", change);
});

describe("deleteUser", () => {
  it("204, and 404 LICENSE_USER_NOT_FOUND once it is gone", async () => {
    const { id } = await fixtures.v3("POST", "/v3/users", { email: email() });
    await client.call("deleteUser", { path: { id } }, 204);
    await expectRefusal(client, "getUser", { path: { id } }, 404, "LICENSE_USER_NOT_FOUND");
  });
  it("404 LICENSE_USER_NOT_FOUND for an unknown id", () => expectRefusal(client, "deleteUser", { path: { id: unknownId } }, 404, "LICENSE_USER_NOT_FOUND"));
  refusals("deleteUser", () => ({ path: { id: user.id } }));
});
