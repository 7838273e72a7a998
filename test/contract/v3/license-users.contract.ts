/** v3 license user assignments (users on the licenses of user-based products): every documented status of each operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { expectRefusal, managementRefusals, unique, unknownId } from "./management.js";

const suite = contractSuite();
const { client, fixtures } = suite;
const refusals = managementRefusals(suite);

/** A license of a user-based product with no limit on its users, one limited to a single user, one of a key-based product. */
let licenseId: string;
let fullLicenseId: string;
let keyLicenseId: string;
/** Assigned to both user-based licenses; `unassigned` is on none. */
let assigned: string;
let unassigned: string;

async function createUser(): Promise<string> {
  const user = await fixtures.v3("POST", "/v3/users", { email: `contract-${unique()}@example.com` });
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/users/${user.id}`, undefined, 204));
  return user.id;
}

const assign = (license: string, userId: string) => fixtures.v3("POST", `/v3/licenses/${license}/users`, { userId });
/** Why an assignment is missing, and the 404 code that says so (assigning can only meet the first two). */
const missingAssignments: Array<[string, string, () => { id: string; userId: string }]> = [
  ["LICENSE_NOT_FOUND", "an unknown license", () => ({ id: unknownId, userId: assigned })],
  ["LICENSE_USER_NOT_FOUND", "an unknown user", () => ({ id: licenseId, userId: unknownId })],
  ["LICENSE_USER_NOT_ASSIGNED", "a user not on the license", () => ({ id: licenseId, userId: unassigned })],
];

beforeAll(async () => {
  const userProduct = await fixtures.product({ name: `contract license users ${unique()}`, licenseApi: { shortCode: `CU-${unique()}`, authorizationMethod: "user" } });
  licenseId = (await fixtures.license(userProduct.id)).id;
  fullLicenseId = (await fixtures.license(userProduct.id, { licenseApi: { maxLicenseUsers: 1 } })).id;
  keyLicenseId = (await fixtures.license((await fixtures.product({ name: `contract key-based ${unique()}` })).id)).id;
  [assigned, unassigned] = [await createUser(), await createUser()];
  await assign(licenseId, assigned);
  await assign(fullLicenseId, assigned);
});

describe("listLicenseUserAssignments", () => {
  it("200 with the pagination headers", () => client.call("listLicenseUserAssignments", { path: { id: licenseId }, query: { sort: "-createdAt" } }, 200));
  it("404 LICENSE_NOT_FOUND for an unknown license", () =>
    expectRefusal(client, "listLicenseUserAssignments", { path: { id: unknownId } }, 404, "LICENSE_NOT_FOUND"));
  refusals("listLicenseUserAssignments", () => ({ path: { id: licenseId } }));
});

describe("assignLicenseUser", () => {
  it("201 with the assignment", async () => {
    await client.call("assignLicenseUser", { path: { id: licenseId }, body: { userId: await createUser(), allowedActivations: 2 } }, 201);
  });
  it.each([
    ["without a userId", { userId: undefined }],
    ["with an allowance of 0", { allowedActivations: 0 }],
  ])("400 VALIDATION_FAILED %s", (_name, change) =>
    expectRefusal(client, "assignLicenseUser", { path: { id: licenseId }, body: { userId: unassigned, ...change } }, 400, "VALIDATION_FAILED"));
  it("400 INVALID_AUTHORIZATION_METHOD on a license of a key-based product", () =>
    expectRefusal(client, "assignLicenseUser", { path: { id: keyLicenseId }, body: { userId: unassigned } }, 400, "INVALID_AUTHORIZATION_METHOD"));
  it.each(missingAssignments.slice(0, 2))("404 %s for %s", (code, _name, target) => {
    const { id, userId } = target();
    return expectRefusal(client, "assignLicenseUser", { path: { id }, body: { userId } }, 404, code);
  });
  it("409 LICENSE_USER_ALREADY_ASSIGNED for a user already on the license", () =>
    expectRefusal(client, "assignLicenseUser", { path: { id: licenseId }, body: { userId: assigned } }, 409, "LICENSE_USER_ALREADY_ASSIGNED"));
  it("409 LICENSE_USER_LIMIT_REACHED when maxLicenseUsers is used up", () =>
    expectRefusal(client, "assignLicenseUser", { path: { id: fullLicenseId }, body: { userId: unassigned } }, 409, "LICENSE_USER_LIMIT_REACHED"));
  refusals("assignLicenseUser", () => ({ path: { id: licenseId }, body: { userId: unassigned } }));
});

describe("updateLicenseUserAssignment", () => {
  const raise = () => ({ path: { id: licenseId, userId: assigned }, body: { allowedActivations: 3 } });
  it("200 with the changed allowance", () => client.call("updateLicenseUserAssignment", raise(), 200));
  it.each([
    ["an empty body", {}],
    ["an allowance of 0", { allowedActivations: 0 }],
  ])("400 VALIDATION_FAILED for %s", (_name, body) =>
    expectRefusal(client, "updateLicenseUserAssignment", { ...raise(), body }, 400, "VALIDATION_FAILED"));
  it.each(missingAssignments)("404 %s for %s", (code, _name, path) =>
    expectRefusal(client, "updateLicenseUserAssignment", { ...raise(), path: path() }, 404, code));
  refusals("updateLicenseUserAssignment", raise);
});

describe("unassignLicenseUser", () => {
  it("204, and the user is off the license", async () => {
    const userId = await createUser();
    await assign(licenseId, userId);
    await client.call("unassignLicenseUser", { path: { id: licenseId, userId } }, 204);
    await expectRefusal(client, "unassignLicenseUser", { path: { id: licenseId, userId } }, 404, "LICENSE_USER_NOT_ASSIGNED");
  });
  it.each(missingAssignments)("404 %s for %s", (code, _name, path) => expectRefusal(client, "unassignLicenseUser", { path: path() }, 404, code));
  refusals("unassignLicenseUser", () => ({ path: { id: licenseId, userId: assigned } }));
});
