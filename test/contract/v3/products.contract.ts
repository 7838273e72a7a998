/** v3 products: every documented status of every product operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite, oversizedBody } from "../suite.js";

const { client, fixtures } = contractSuite();
const unknownId = "00000000-0000-4000-8000-000000000000";
let productId: string;
let readOnlyToken: Record<string, string>;

beforeAll(async () => {
  productId = (await fixtures.product({ name: "contract products" })).id;
  const token = await fixtures.v3("POST", "/v3/personal-access-tokens", { name: "contract read-only", scopes: ["activation:read"] });
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/personal-access-tokens/${token.id}`, undefined, 204));
  readOnlyToken = { authorization: `Bearer ${token.token}` };
});

describe("listProducts", () => {
  it("200 with the pagination headers", () => client.call("listProducts", { query: { limit: 5 } }, 200));
  it("400 for a limit over 100", () => client.call("listProducts", { query: { limit: 101 } }, 400));
  it("401 without a token", () => client.call("listProducts", { auth: "none" }, 401));
  it("403 without product:read", () => client.call("listProducts", { auth: readOnlyToken }, 403));
  it("429 and 500 where the target injects faults", async () => {
    await client.fault("listProducts", {}, 429);
    await client.fault("listProducts", {}, 500);
  });
});

describe("createProduct", () => {
  it("201 with the created product", async () => {
    const created = await client.call("createProduct", { body: { name: "contract created" } }, 201);
    fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/products/${created.id}`, undefined, 204));
  });
  it("400 without the required name", () => client.call("createProduct", { body: {} }, 400));
  it("401 without a token", () => client.call("createProduct", { auth: "none", body: { name: "x" } }, 401));
  it("403 without product:write", () => client.call("createProduct", { auth: readOnlyToken, body: { name: "x" } }, 403));
  it("413 for a body over 1 MiB", () => client.call("createProduct", { rawBody: oversizedBody }, 413));
});

describe("getProduct", () => {
  it("200 for the fixture product", () => client.call("getProduct", { path: { id: productId } }, 200));
  it("404 for an unknown id", () => client.call("getProduct", { path: { id: unknownId } }, 404));
});
