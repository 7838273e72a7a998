/** v3 API keys (the License API's credentials): every documented status of every API key operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { deleteCases, refused, refusedBySchema, sharedCases, unique, unknownId } from "./common.js";

const suite = contractSuite();
const { client, fixtures } = suite;

const keyBody = () => ({ name: `contract key ${unique()}`, readOnly: true });
const revokeLater = (id: string) => fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/api-keys/${id}`, undefined, 204));
let keyId: string;
let productId: string;

beforeAll(async () => {
  productId = (await fixtures.product({ name: `contract api keys ${unique()}` })).id;
  keyId = (await fixtures.v3("POST", "/v3/api-keys", keyBody())).id;
  revokeLater(keyId);
});

describe("listApiKeys", () => {
  it("200 with the pagination headers", () => client.call("listApiKeys", { query: { revoked: false, sort: "name" } }, 200));
  it("400 VALIDATION_FAILED for an unknown sort", () => refused(client, "listApiKeys", { query: { sort: "apiKey" } }, 400, "VALIDATION_FAILED"));
  sharedCases(suite, "listApiKeys");
});

describe("createApiKey", () => {
  it("201 with the shared key, shown only here", async () =>
    revokeLater((await client.call("createApiKey", { body: { ...keyBody(), productIds: [productId] } }, 201)).id));
  refusedBySchema(client, "createApiKey", (change) => ({ body: { ...keyBody(), ...change } }), [
    ["an empty product list", { productIds: [] }],
    ["a product id that is not a UUID", { productIds: ["product-1"] }],
    ["a read-only field", { revoked: false }],
  ]);
  const unknownProduct = () => ({ body: { ...keyBody(), productIds: [unknownId] } });
  it("400 INVALID_PRODUCT_ID for a product the account does not have", () => refused(client, "createApiKey", unknownProduct(), 400, "INVALID_PRODUCT_ID"));
  sharedCases(suite, "createApiKey", unknownProduct);
});

describe("getApiKey", () => {
  it("200 without the shared key", () => client.call("getApiKey", { path: { id: keyId } }, 200));
  sharedCases(suite, "getApiKey", () => ({ path: { id: keyId } }), { notFound: "API_KEY_NOT_FOUND" });
});

describe("deleteApiKey", () => {
  deleteCases(suite, "deleteApiKey", { notFound: "API_KEY_NOT_FOUND", create: () => fixtures.v3("POST", "/v3/api-keys", keyBody()) });
});
