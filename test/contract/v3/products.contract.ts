/** v3 products: every documented status of every product operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { deleteCases, refused, sharedCases, unique, unknownId } from "./common.js";

const suite = contractSuite();
const { client, fixtures } = suite;
/** Has a License API short code (`shortCode`) and a license, so it cannot be deleted. */
let productId: string;
let shortCode: string;
/** Another product, whose changes may clash with `productId`'s short code. */
let otherId: string;

beforeAll(async () => {
  shortCode = `CONTRACT-${unique()}`;
  productId = (await fixtures.product({ name: "contract products", licenseApi: { shortCode } })).id;
  await fixtures.license(productId);
  otherId = (await fixtures.product({ name: "contract products other" })).id;
});

/** Product bodies each refused for one documented reason (on create and on change). */
const refusals: Array<[string, Record<string, unknown>, string]> = [
  ["an empty name", { name: "" }, "VALIDATION_FAILED"],
  ["a bundle of an unknown product", { licenseApi: { bundleProductIds: [unknownId] } }, "INVALID_PRODUCT_ID"],
  ["two custom fields with one name", { licenseApi: { customFields: [{ name: "tier", defaultValue: "a" }, { name: "tier", defaultValue: "b" }] } }, "INVALID_LICENSE_API"],
];
/** A body that passes validation and saves nothing (its bundle names no product), for the shared cases. */
const harmless = { name: "contract never saved", licenseApi: { bundleProductIds: [unknownId] } };

describe("listProducts", () => {
  it("200 with the pagination headers", () => client.call("listProducts", { query: { limit: 5 } }, 200));
  sharedCases(suite, "listProducts");
});

describe("createProduct", () => {
  it("201 with the created product", async () => {
    const created = await client.call("createProduct", { body: { name: "contract created", trialPolicy: { trialLength: 7 } } }, 201);
    fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/products/${created.id}`, undefined, 204));
  });
  it("400 without the required name", () => refused(client, "createProduct", { body: {} }, 400, "VALIDATION_FAILED"));
  it.each(refusals)("400 for %s", (_name, change, code) => refused(client, "createProduct", { body: { name: "contract refused", ...change } }, 400, code));
  it("409 for a short code another product has", () => refused(client, "createProduct", { body: { name: "contract clash", licenseApi: { shortCode } } }, 409, "SHORT_CODE_ALREADY_EXISTS"));
  sharedCases(suite, "createProduct", () => ({ body: harmless }));
});

describe("getProduct", () => {
  it("200 for the fixture product", () => client.call("getProduct", { path: { id: productId } }, 200));
  sharedCases(suite, "getProduct", () => ({ path: { id: productId } }), { notFound: "PRODUCT_NOT_FOUND" });
});

describe("updateProduct", () => {
  it("200 with the changed product", () => client.call("updateProduct", { path: { id: otherId }, body: { displayName: "Contract Other", trialPolicy: null } }, 200));
  it.each(refusals)("400 for %s", (_name, change, code) => refused(client, "updateProduct", { path: { id: otherId }, body: change }, 400, code));
  it("409 for a short code another product has", () => refused(client, "updateProduct", { path: { id: otherId }, body: { licenseApi: { shortCode } } }, 409, "SHORT_CODE_ALREADY_EXISTS"));
  sharedCases(suite, "updateProduct", () => ({ path: { id: unknownId }, body: { displayName: "x" } }), { notFound: "PRODUCT_NOT_FOUND" });
});

describe("deleteProduct", () => {
  deleteCases(suite, "deleteProduct", {
    notFound: "PRODUCT_NOT_FOUND", readBy: "getProduct",
    create: () => fixtures.v3("POST", "/v3/products", { name: "contract deleted" }),
  });
  it("409 for a product that still has a license", () => refused(client, "deleteProduct", { path: { id: productId } }, 409, "PRODUCT_IN_USE"));
});
