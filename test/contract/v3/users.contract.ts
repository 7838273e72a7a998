/** v3 license users (the people of user-based licensing): every documented status of every user operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { deleteCases, refused, refusedBySchema, sharedCases, unique, unknownId } from "./common.js";

const suite = contractSuite();
const { client, fixtures } = suite;

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
  it("400 VALIDATION_FAILED for an unknown sort", () => refused(client, "listUsers", { query: { sort: "password" } }, 400, "VALIDATION_FAILED"));
  sharedCases(suite, "listUsers");
});

describe("createUser", () => {
  it("201 with the generated initial password", async () => removeLater((await client.call("createUser", { body: { email: email(), firstName: "Ada" } }, 201)).id));
  refusedBySchema(client, "createUser", (body) => ({ body }), [
    ["a body without an email", {}],
    ["a password under 8 characters", { email: email(), password: "short" }],
    ["a read-only field", { email: email(), isInitialPassword: false }],
  ]);
  it("400 INVALID_CUSTOMER_ID for a customer the account does not have", () =>
    refused(client, "createUser", { body: { email: email(), customerId: unknownId } }, 400, "INVALID_CUSTOMER_ID"));
  const taken = () => ({ body: { email: user.email } });
  it("409 LICENSE_USER_ALREADY_EXISTS for a taken email", () => refused(client, "createUser", taken(), 409, "LICENSE_USER_ALREADY_EXISTS"));
  sharedCases(suite, "createUser", taken);
});

describe("getUser", () => {
  it("200 without the password", () => client.call("getUser", { path: { id: user.id } }, 200));
  sharedCases(suite, "getUser", () => ({ path: { id: user.id } }), { notFound: "LICENSE_USER_NOT_FOUND" });
});

describe("updateUser", () => {
  const change = () => ({ path: { id: user.id }, body: { lastName: "Lovelace" } });
  it("200 with the changed user", () => client.call("updateUser", change(), 200));
  refusedBySchema(client, "updateUser", (body) => ({ path: { id: user.id }, body }), [
    ["an empty body", {}],
    ["an email that is not one", { email: "not-an-email" }],
  ]);
  it("400 INVALID_CUSTOMER_ID for a customer the account does not have", () =>
    refused(client, "updateUser", { path: { id: user.id }, body: { customerId: unknownId } }, 400, "INVALID_CUSTOMER_ID"));
  it("409 LICENSE_USER_ALREADY_EXISTS for another user's email", () =>
    refused(client, "updateUser", { path: { id: user.id }, body: { email: other.email } }, 409, "LICENSE_USER_ALREADY_EXISTS"));
  sharedCases(suite, "updateUser", () => ({ ...change(), path: { id: unknownId } }), { notFound: "LICENSE_USER_NOT_FOUND" });
});

describe("deleteUser", () => {
  deleteCases(suite, "deleteUser", {
    notFound: "LICENSE_USER_NOT_FOUND", readBy: "getUser",
    create: () => fixtures.v3("POST", "/v3/users", { email: email() }),
  });
});
