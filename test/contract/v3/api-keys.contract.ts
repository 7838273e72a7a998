/** v3 API keys (the License API's credentials): every documented status of every API key operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { expectRefusal, managementRefusals, unique, unknownId } from "./management.js";

const suite = contractSuite();
const { client, fixtures } = suite;
const refusals = managementRefusals(suite);

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
  it("400 VALIDATION_FAILED for an unknown sort", () => expectRefusal(client, "listApiKeys", { query: { sort: "apiKey" } }, 400, "VALIDATION_FAILED"));
  refusals("listApiKeys");
});

describe("createApiKey", () => {
  it("201 with the shared key, shown only here", async () =>
    revokeLater((await client.call("createApiKey", { body: { ...keyBody(), productIds: [productId] } }, 201)).id));
  it.each([
    ["an empty product list", { productIds: [] }],
    ["a product id that is not a UUID", { productIds: ["product-1"] }],
    ["a read-only field", { revoked: false }],
  ])("400 VALIDATION_FAILED for %s", (_name, change) => expectRefusal(client, "createApiKey", { body: { ...keyBody(), ...change } }, 400, "VALIDATION_FAILED"));
  it("400 INVALID_PRODUCT_ID for a product the account does not have", () =>
    expectRefusal(client, "createApiKey", { body: { ...keyBody(), productIds: [unknownId] } }, 400, "INVALID_PRODUCT_ID"));
  refusals("createApiKey", () => ({ body: keyBody() }));
});

describe("getApiKey", () => {
  it("200 without the shared key", () => client.call("getApiKey", { path: { id: keyId } }, 200));
  it("404 API_KEY_NOT_FOUND for an unknown id", () => expectRefusal(client, "getApiKey", { path: { id: unknownId } }, 404, "API_KEY_NOT_FOUND"));
  refusals("getApiKey", () => ({ path: { id: keyId } }));
});

describe("deleteApiKey", () => {
  it("204, revoking the key", async () => {
    const { id } = await fixtures.v3("POST", "/v3/api-keys", keyBody());
    await client.call("deleteApiKey", { path: { id } }, 204);
  });
  it("404 API_KEY_NOT_FOUND for an unknown id", () => expectRefusal(client, "deleteApiKey", { path: { id: unknownId } }, 404, "API_KEY_NOT_FOUND"));
  refusals("deleteApiKey", () => ({ path: { id: keyId } }));
});
