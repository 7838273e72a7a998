/** v3 customers: every documented status of every customer operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { deleteCases, refused, refusedBySchema, sharedCases, unique, unknownId } from "./common.js";

const suite = contractSuite();
const { client, fixtures } = suite;

const email = () => `contract-${unique()}@example.com`;
let customer: { id: string; email: string };
let other: { id: string; email: string };

async function createCustomer(): Promise<{ id: string; email: string }> {
  const created = await fixtures.v3("POST", "/v3/customers", { email: email(), companyName: "Contract Corp" });
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/customers/${created.id}`, undefined, 204));
  return created as { id: string; email: string };
}

beforeAll(async () => {
  [customer, other] = [await createCustomer(), await createCustomer()];
});

describe("listCustomers", () => {
  it("200 with the pagination headers", () => client.call("listCustomers", { query: { email: customer.email, sort: "-email" } }, 200));
  it("400 VALIDATION_FAILED for an empty email filter", () => refused(client, "listCustomers", { query: { email: "" } }, 400, "VALIDATION_FAILED"));
  sharedCases(suite, "listCustomers");
});

describe("createCustomer", () => {
  it("201 with the created customer", async () => {
    const created = await client.call("createCustomer", { body: { email: email(), city: "Boston", metadata: { crm: "contract" } } }, 201);
    fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/customers/${created.id}`, undefined, 204));
  });
  refusedBySchema(client, "createCustomer", (body) => ({ body }), [
    ["a body without an email", {}],
    ["an email that is not one", { email: "not-an-email" }],
    ["a read-only field", { email: email(), id: unknownId }],
  ]);
  const taken = () => ({ body: { email: customer.email } });
  it("409 CUSTOMER_ALREADY_EXISTS for a taken email", () => refused(client, "createCustomer", taken(), 409, "CUSTOMER_ALREADY_EXISTS"));
  sharedCases(suite, "createCustomer", taken);
});

describe("getCustomer", () => {
  it("200 with the customer", () => client.call("getCustomer", { path: { id: customer.id } }, 200));
  sharedCases(suite, "getCustomer", () => ({ path: { id: customer.id } }), { notFound: "CUSTOMER_NOT_FOUND" });
});

describe("updateCustomer", () => {
  const change = () => ({ path: { id: customer.id }, body: { city: "Paris" } });
  it("200 with the changed customer", () => client.call("updateCustomer", change(), 200));
  refusedBySchema(client, "updateCustomer", (body) => ({ path: { id: customer.id }, body }), [
    ["an empty body", {}],
    ["an email that is not one", { email: "not-an-email" }],
  ]);
  it("409 CUSTOMER_ALREADY_EXISTS for another customer's email", () =>
    refused(client, "updateCustomer", { path: { id: customer.id }, body: { email: other.email } }, 409, "CUSTOMER_ALREADY_EXISTS"));
  sharedCases(suite, "updateCustomer", () => ({ ...change(), path: { id: unknownId } }), { notFound: "CUSTOMER_NOT_FOUND" });
});

describe("deleteCustomer", () => {
  deleteCases(suite, "deleteCustomer", {
    notFound: "CUSTOMER_NOT_FOUND", readBy: "getCustomer",
    create: () => fixtures.v3("POST", "/v3/customers", { email: email() }),
  });
  it("409 CUSTOMER_IN_USE while a license user points to the customer", async () => {
    const user = await fixtures.v3("POST", "/v3/users", { email: email(), customerId: other.id });
    fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/users/${user.id}`, undefined, 204));
    await refused(client, "deleteCustomer", { path: { id: other.id } }, 409, "CUSTOMER_IN_USE");
  });
});
