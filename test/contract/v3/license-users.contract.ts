/** v3 license user assignments (users on the licenses of user-based products): every documented status of each operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { refused, refusedBySchema, sharedCases, unique, unknownId } from "./common.js";

const suite = contractSuite();
const { client, fixtures } = suite;

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
/** Users `licenseId` has no assignment for, and the 404 code that says so (assigning can only meet the first). */
const missingUsers: Array<[string, string, () => string]> = [
  ["LICENSE_USER_NOT_FOUND", "an unknown user", () => unknownId],
  ["LICENSE_USER_NOT_ASSIGNED", "a user not on the license", () => unassigned],
];
/** The assignment of `unassigned` to `licenseId`: missing, so changing or removing it is refused (404) and harmless. */
const missingAssignment = () => ({ id: licenseId, userId: unassigned });

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
  sharedCases(suite, "listLicenseUserAssignments", () => ({ path: { id: licenseId } }), { notFound: "LICENSE_NOT_FOUND" });
});

describe("assignLicenseUser", () => {
  it("201 with the assignment", async () => {
    await client.call("assignLicenseUser", { path: { id: licenseId }, body: { userId: await createUser(), allowedActivations: 2 } }, 201);
  });
  refusedBySchema(client, "assignLicenseUser", (change) => ({ path: { id: licenseId }, body: { userId: unassigned, ...change } }), [
    ["a body without a userId", { userId: undefined }],
    ["an allowance of 0", { allowedActivations: 0 }],
  ]);
  it("400 INVALID_AUTHORIZATION_METHOD on a license of a key-based product", () =>
    refused(client, "assignLicenseUser", { path: { id: keyLicenseId }, body: { userId: unassigned } }, 400, "INVALID_AUTHORIZATION_METHOD"));
  it.each(missingUsers.slice(0, 1))("404 %s for %s", (code, _name, userId) =>
    refused(client, "assignLicenseUser", { path: { id: licenseId }, body: { userId: userId() } }, 404, code));
  const again = () => ({ path: { id: licenseId }, body: { userId: assigned } });
  it("409 LICENSE_USER_ALREADY_ASSIGNED for a user already on the license", () => refused(client, "assignLicenseUser", again(), 409, "LICENSE_USER_ALREADY_ASSIGNED"));
  it("409 LICENSE_USER_LIMIT_REACHED when maxLicenseUsers is used up", () =>
    refused(client, "assignLicenseUser", { path: { id: fullLicenseId }, body: { userId: unassigned } }, 409, "LICENSE_USER_LIMIT_REACHED"));
  sharedCases(suite, "assignLicenseUser", again, { notFound: "LICENSE_NOT_FOUND" });
});

describe("updateLicenseUserAssignment", () => {
  const raise = () => ({ path: { id: licenseId, userId: assigned }, body: { allowedActivations: 3 } });
  it("200 with the changed allowance", () => client.call("updateLicenseUserAssignment", raise(), 200));
  refusedBySchema(client, "updateLicenseUserAssignment", (body) => ({ ...raise(), body }), [
    ["an empty body", {}],
    ["an allowance of 0", { allowedActivations: 0 }],
  ]);
  it.each(missingUsers)("404 %s for %s", (code, _name, userId) =>
    refused(client, "updateLicenseUserAssignment", { ...raise(), path: { id: licenseId, userId: userId() } }, 404, code));
  sharedCases(suite, "updateLicenseUserAssignment", () => ({ ...raise(), path: missingAssignment() }), { notFound: "LICENSE_NOT_FOUND" });
});

describe("unassignLicenseUser", () => {
  it("204, and the user is off the license", async () => {
    const userId = await createUser();
    await assign(licenseId, userId);
    await client.call("unassignLicenseUser", { path: { id: licenseId, userId } }, 204);
    await refused(client, "unassignLicenseUser", { path: { id: licenseId, userId } }, 404, "LICENSE_USER_NOT_ASSIGNED");
  });
  it.each(missingUsers)("404 %s for %s", (code, _name, userId) => refused(client, "unassignLicenseUser", { path: { id: licenseId, userId: userId() } }, 404, code));
  sharedCases(suite, "unassignLicenseUser", () => ({ path: missingAssignment() }), { notFound: "LICENSE_NOT_FOUND" });
});
