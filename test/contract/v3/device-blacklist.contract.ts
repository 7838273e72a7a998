/** v3 device blacklist: every documented status of every blacklist operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { deleteCases, refused, refusedBySchema, sharedCases, unique, unknownId } from "./common.js";

const suite = contractSuite();
const { client, fixtures } = suite;

/** A hardware ID no real device (and no other run) has. */
const hardwareId = () => `contract-device-${unique()}`;
const removeLater = (id: string) => fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/device-blacklist/${id}`, undefined, 204));
let productId: string;
let entry: { id: string; hardwareId: string };

beforeAll(async () => {
  productId = (await fixtures.product({ name: `contract blacklist ${unique()}` })).id;
  entry = (await fixtures.v3("POST", "/v3/device-blacklist", { hardwareId: hardwareId(), productId })) as { id: string; hardwareId: string };
  removeLater(entry.id);
});

describe("listBlacklistEntries", () => {
  it("200 with the pagination headers", () => client.call("listBlacklistEntries", { query: { productId, hardwareId: entry.hardwareId, sort: "-createdAt" } }, 200));
  it("400 VALIDATION_FAILED for an unknown sort", () => refused(client, "listBlacklistEntries", { query: { sort: "hardwareId" } }, 400, "VALIDATION_FAILED"));
  sharedCases(suite, "listBlacklistEntries");
});

describe("createBlacklistEntry", () => {
  it.each([
    ["for one product", () => ({ hardwareId: hardwareId(), productId })],
    ["for every product", () => ({ hardwareId: hardwareId() })],
  ])("201 %s", async (_name, body) => removeLater((await client.call("createBlacklistEntry", { body: body() }, 201)).id));
  refusedBySchema(client, "createBlacklistEntry", (body) => ({ body }), [
    ["a body without a hardware ID", {}],
    ["a product id that is not a UUID", { hardwareId: hardwareId(), productId: "product-1" }],
  ]);
  const unknownProduct = () => ({ body: { hardwareId: hardwareId(), productId: unknownId } });
  it("400 INVALID_PRODUCT_ID for a product the account does not have", () => refused(client, "createBlacklistEntry", unknownProduct(), 400, "INVALID_PRODUCT_ID"));
  it("409 DEVICE_ALREADY_BLACKLISTED for a device already blacklisted for the product", () =>
    refused(client, "createBlacklistEntry", { body: { hardwareId: entry.hardwareId, productId } }, 409, "DEVICE_ALREADY_BLACKLISTED"));
  sharedCases(suite, "createBlacklistEntry", unknownProduct);
});

describe("getBlacklistEntry", () => {
  it("200 with the entry", () => client.call("getBlacklistEntry", { path: { id: entry.id } }, 200));
  sharedCases(suite, "getBlacklistEntry", () => ({ path: { id: entry.id } }), { notFound: "BLACKLIST_ENTRY_NOT_FOUND" });
});

describe("deleteBlacklistEntry", () => {
  deleteCases(suite, "deleteBlacklistEntry", {
    notFound: "BLACKLIST_ENTRY_NOT_FOUND", readBy: "getBlacklistEntry",
    create: () => fixtures.v3("POST", "/v3/device-blacklist", { hardwareId: hardwareId() }),
  });
});
