/** v3 releases: every documented status of every release operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { deleteCases, refused, refusedBySchema, sharedCases, unique, unknownId } from "./common.js";

const suite = contractSuite();
const { client, fixtures } = suite;

let productId: string;
/** Two releases of the product on one platform and channel: 1.0.0 and 1.0.1. */
let release: { id: string; version: string };
let next: { id: string; version: string };
let versions = 0;

/** A valid release body; by default with a version no other case uses (the product is the file's own). */
const releaseBody = (version = `2.${++versions}.0`) =>
  ({ productId, version, platform: "windows", fullLink: `https://downloads.example.com/contract-${version}.exe`, filename: `contract-${version}.exe` });

async function createRelease(version?: string): Promise<{ id: string; version: string }> {
  const created = await fixtures.v3("POST", "/v3/releases", releaseBody(version));
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/releases/${created.id}`, undefined, 204));
  return created as { id: string; version: string };
}

beforeAll(async () => {
  productId = (await fixtures.product({ name: `contract releases ${unique()}` })).id;
  [release, next] = [await createRelease("1.0.0"), await createRelease("1.0.1")];
});

describe("listReleases", () => {
  it("200 with the pagination headers", () => client.call("listReleases", { query: { productId, platform: "windows", channel: "stable", sort: "-createdAt" } }, 200));
  it("400 VALIDATION_FAILED for an unknown sort", () => refused(client, "listReleases", { query: { sort: "version" } }, 400, "VALIDATION_FAILED"));
  sharedCases(suite, "listReleases");
});

describe("createRelease", () => {
  it("201 with the created release", async () => {
    const created = await client.call("createRelease", { body: { ...releaseBody(), channel: "beta", notes: "Contract release." } }, 201);
    fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/releases/${created.id}`, undefined, 204));
  });
  refusedBySchema(client, "createRelease", (change) => ({ body: { ...releaseBody(), ...change } }), [
    ["a body without a filename", { filename: undefined }],
    ["a download link that is not a URL", { fullLink: "not a url" }],
    ["a malformed MD5 hash", { hashMd5: "abc" }],
  ]);
  it("400 INVALID_PRODUCT_ID for a product the account does not have", () =>
    refused(client, "createRelease", { body: { ...releaseBody(), productId: unknownId } }, 400, "INVALID_PRODUCT_ID"));
  it.each(["3", "v1.2", "1.2.0-beta"])("400 INVALID_RELEASE_VERSION for version %s", (version) =>
    refused(client, "createRelease", { body: releaseBody(version) }, 400, "INVALID_RELEASE_VERSION"));
  const taken = () => ({ body: releaseBody(release.version) });
  it("409 RELEASE_ALREADY_EXISTS for a version the product has on that platform and channel", () => refused(client, "createRelease", taken(), 409, "RELEASE_ALREADY_EXISTS"));
  sharedCases(suite, "createRelease", taken);
});

describe("getRelease", () => {
  it("200 with the release", () => client.call("getRelease", { path: { id: release.id } }, 200));
  sharedCases(suite, "getRelease", () => ({ path: { id: release.id } }), { notFound: "RELEASE_NOT_FOUND" });
});

describe("updateRelease", () => {
  const change = () => ({ path: { id: release.id }, body: { notes: `Changed ${unique()}.`, published: false } });
  it("200 with the changed release", () => client.call("updateRelease", change(), 200));
  refusedBySchema(client, "updateRelease", (body) => ({ path: { id: release.id }, body }), [
    ["an empty body", {}],
    ["a product change (read-only after creation)", { productId }],
  ]);
  it("400 INVALID_RELEASE_VERSION for a malformed version", () =>
    refused(client, "updateRelease", { path: { id: release.id }, body: { version: "1.x" } }, 400, "INVALID_RELEASE_VERSION"));
  it("409 RELEASE_ALREADY_EXISTS for the version of another release", () =>
    refused(client, "updateRelease", { path: { id: next.id }, body: { version: release.version } }, 409, "RELEASE_ALREADY_EXISTS"));
  sharedCases(suite, "updateRelease", () => ({ ...change(), path: { id: unknownId } }), { notFound: "RELEASE_NOT_FOUND" });
});

describe("deleteRelease", () => {
  deleteCases(suite, "deleteRelease", {
    notFound: "RELEASE_NOT_FOUND", readBy: "getRelease",
    create: () => fixtures.v3("POST", "/v3/releases", releaseBody()),
  });
});
