/** v3 license-user assignments (`/v3/licenses/{id}/users...`): every documented status of every operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { malformedId, refused, scopedToken, sharedCases, unique, unknownId } from "./common.js";

const { client, fixtures } = contractSuite();
/** A license of a user-based product, `assigned` to it. */
let licenseId: string;
let assigned: string;
/** A license of a user-based product that takes one user, who it has. */
let fullLicenseId: string;
/** A license of a key-based product. */
let keyLicenseId: string;
let lackingScope: Record<string, string>;

/** A new license user (removed after the file, which also removes its assignments). */
async function newUser(): Promise<string> {
  const { id } = await fixtures.v3("POST", "/v3/users", { email: `contract-${unique()}@example.com` });
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/users/${id}`, undefined, 204));
  return id;
}

async function assign(license: string, userId: string): Promise<void> {
  await fixtures.v3("POST", `/v3/licenses/${license}/users`, { userId });
}

beforeAll(async () => {
  const userProduct = await fixtures.product({ name: "contract license users", licenseApi: { shortCode: `CONTRACT-${unique()}`, authorizationMethod: "user" } });
  licenseId = (await fixtures.license(userProduct.id, { allowedActivations: 0 })).id;
  fullLicenseId = (await fixtures.license(userProduct.id, { allowedActivations: 0, licenseApi: { maxLicenseUsers: 1 } })).id;
  keyLicenseId = (await fixtures.license((await fixtures.product({ name: "contract key licenses" })).id)).id;
  assigned = await newUser();
  await assign(licenseId, assigned);
  await assign(fullLicenseId, await newUser());
  lackingScope = await scopedToken(fixtures, ["user:read"]);
});

/** Paths each naming an assignment that does not exist, for one documented reason. */
const missingAssignments: Array<[string, () => Promise<{ id: string; userId: string }>, string]> = [
  ["an unknown license", async () => ({ id: unknownId, userId: assigned }), "LICENSE_NOT_FOUND"],
  ["an unknown user", async () => ({ id: licenseId, userId: unknownId }), "LICENSE_USER_NOT_FOUND"],
  ["a user not on the license", async () => ({ id: licenseId, userId: await newUser() }), "LICENSE_USER_NOT_ASSIGNED"],
];

describe("listLicenseUserAssignments", () => {
  it("200 with the license's users", () => client.call("listLicenseUserAssignments", { path: { id: licenseId } }, 200));
  it("400 for a limit over 100", () => refused(client, "listLicenseUserAssignments", { path: { id: licenseId }, query: { limit: 101 } }, 400, "VALIDATION_FAILED"));
  it("404 for an unknown license", () => refused(client, "listLicenseUserAssignments", { path: { id: unknownId } }, 404, "LICENSE_NOT_FOUND"));
  sharedCases(client, "listLicenseUserAssignments", () => ({ path: { id: licenseId } }), () => lackingScope);
});

describe("assignLicenseUser", () => {
  it("201 with the new assignment", async () => client.call("assignLicenseUser", { path: { id: licenseId }, body: { userId: await newUser(), allowedActivations: 2 } }, 201));
  it("400 for an allowance of 0", () => refused(client, "assignLicenseUser", { path: { id: licenseId }, body: { userId: assigned, allowedActivations: 0 } }, 400, "VALIDATION_FAILED"));
  it("400 for a body that is not JSON", () => refused(client, "assignLicenseUser", { path: { id: licenseId }, rawBody: "{" }, 400, "INVALID_JSON"));
  it("400 for a license of a key-based product", async () => {
    await refused(client, "assignLicenseUser", { path: { id: keyLicenseId }, body: { userId: await newUser() } }, 400, "INVALID_AUTHORIZATION_METHOD");
  });
  it.each<[string, () => { id: string; userId: string }, string]>([
    ["an unknown license", () => ({ id: unknownId, userId: assigned }), "LICENSE_NOT_FOUND"],
    ["an unknown user", () => ({ id: licenseId, userId: unknownId }), "LICENSE_USER_NOT_FOUND"],
  ])("404 for %s", (_name, target, code) => {
    const { id, userId } = target();
    return refused(client, "assignLicenseUser", { path: { id }, body: { userId } }, 404, code);
  });
  it("409 for a user already on the license", () => refused(client, "assignLicenseUser", { path: { id: licenseId }, body: { userId: assigned } }, 409, "LICENSE_USER_ALREADY_ASSIGNED"));
  it("409 when the license's maxLicenseUsers is used up", async () => {
    await refused(client, "assignLicenseUser", { path: { id: fullLicenseId }, body: { userId: await newUser() } }, 409, "LICENSE_USER_LIMIT_REACHED");
  });
  sharedCases(client, "assignLicenseUser", () => ({ path: { id: unknownId }, body: { userId: assigned } }), () => lackingScope);
});

describe("updateLicenseUserAssignment", () => {
  it("200 with the changed allowance", () => client.call("updateLicenseUserAssignment", { path: { id: licenseId, userId: assigned }, body: { allowedActivations: 3 } }, 200));
  it("400 for an empty change", () => refused(client, "updateLicenseUserAssignment", { path: { id: licenseId, userId: assigned }, body: {} }, 400, "VALIDATION_FAILED"));
  it("400 for a body that is not JSON", () => refused(client, "updateLicenseUserAssignment", { path: { id: licenseId, userId: assigned }, rawBody: "{" }, 400, "INVALID_JSON"));
  it.each(missingAssignments)("404 for %s", async (_name, path, code) => {
    await refused(client, "updateLicenseUserAssignment", { path: await path(), body: { allowedActivations: 2 } }, 404, code);
  });
  sharedCases(client, "updateLicenseUserAssignment", () => ({ path: { id: unknownId, userId: assigned }, body: { allowedActivations: 2 } }), () => lackingScope);
});

describe("unassignLicenseUser", () => {
  it("204 for an assigned user", async () => {
    const userId = await newUser();
    await assign(licenseId, userId);
    await client.call("unassignLicenseUser", { path: { id: licenseId, userId } }, 204);
  });
  it("400 for a malformed user id", () => refused(client, "unassignLicenseUser", { path: { id: licenseId, userId: malformedId } }, 400, "VALIDATION_FAILED"));
  it.each(missingAssignments)("404 for %s", async (_name, path, code) => refused(client, "unassignLicenseUser", { path: await path() }, 404, code));
  sharedCases(client, "unassignLicenseUser", () => ({ path: { id: unknownId, userId: assigned } }), () => lackingScope);
});
