/** v3 licenses: every documented status of every license operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { deleteCases, refused, sharedCases, unknownId } from "./common.js";

const suite = contractSuite();
const { client, fixtures } = suite;
let productId: string;
let license: { id: string; key: string };

beforeAll(async () => {
  productId = (await fixtures.product({ name: "contract licenses" })).id;
  license = (await fixtures.license(productId, { allowedActivations: 2 })) as { id: string; key: string };
});

/** License API terms each refused for one documented reason (on create and on change). */
const licenseApiRefusals: Array<[string, Record<string, unknown>, string]> = [
  ["a repeated feature code", { features: [{ code: "export" }, { code: "export", name: "again" }] }, "DUPLICATE_FEATURE_CODE"],
  ["a consumption license without consumption settings", { licenseType: "consumption" }, "INVALID_LICENSE_API"],
  ["an unknown customer", { customerId: unknownId }, "INVALID_CUSTOMER_ID"],
  ["an unknown bundle license", { bundleLicenseId: unknownId }, "INVALID_BUNDLE_LICENSE_ID"],
];

describe("listLicenses", () => {
  it("200 with the product's licenses", () => client.call("listLicenses", { query: { productId } }, 200));
  it("400 for an unknown license type", () => refused(client, "listLicenses", { query: { type: "per-moon" } }, 400, "VALIDATION_FAILED"));
  sharedCases(suite, "listLicenses", () => ({ query: { productId } }));
});

describe("createLicense", () => {
  it("201 with the created license", async () => {
    const created = await client.call("createLicense", { body: { productId, allowedActivations: 3, meterAttributes: [{ name: "exports", allowedUses: 10 }] } }, 201);
    fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/licenses/${created.id}`, undefined, 204));
  });
  it("400 without the required productId", () => refused(client, "createLicense", { body: {} }, 400, "VALIDATION_FAILED"));
  it("400 for an unknown product", () => refused(client, "createLicense", { body: { productId: unknownId } }, 400, "INVALID_PRODUCT_ID"));
  it.each(licenseApiRefusals)("400 for %s", (_name, licenseApi, code) => refused(client, "createLicense", { body: { productId, licenseApi } }, 400, code));
  it("409 for a key another license of the product has", () => refused(client, "createLicense", { body: { productId, key: license.key } }, 409, "LICENSE_KEY_ALREADY_EXISTS"));
  sharedCases(suite, "createLicense", () => ({ body: { productId: unknownId } }));
});

describe("getLicense", () => {
  it("200 for the fixture license", () => client.call("getLicense", { path: { id: license.id } }, 200));
  sharedCases(suite, "getLicense", () => ({ path: { id: license.id } }), { notFound: "LICENSE_NOT_FOUND" });
});

describe("updateLicense", () => {
  it("200 with the changed license", () => client.call("updateLicense", { path: { id: license.id }, body: { suspended: true, notes: "contract suite" } }, 200));
  it("400 for a read-only counter", () => refused(client, "updateLicense", { path: { id: license.id }, body: { totalActivations: 0 } }, 400, "VALIDATION_FAILED"));
  it.each(licenseApiRefusals)("400 for %s", (_name, licenseApi, code) => refused(client, "updateLicense", { path: { id: license.id }, body: { licenseApi } }, 400, code));
  sharedCases(suite, "updateLicense", () => ({ path: { id: unknownId }, body: { notes: "x" } }), { notFound: "LICENSE_NOT_FOUND" });
});

describe("deleteLicense", () => {
  deleteCases(suite, "deleteLicense", {
    notFound: "LICENSE_NOT_FOUND", readBy: "getLicense",
    create: () => fixtures.v3("POST", "/v3/licenses", { productId }),
  });
});
