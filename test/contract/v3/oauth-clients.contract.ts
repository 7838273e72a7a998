/** v3 OAuth clients (client-credentials access to the License API): every documented status of every client operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { expectRefusal, managementRefusals, unique, unknownId } from "./management.js";

const suite = contractSuite();
const { client, fixtures } = suite;
const refusals = managementRefusals(suite);

const clientBody = () => ({ name: `contract client ${unique()}` });
const revokeLater = (id: string) => fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/oauth-clients/${id}`, undefined, 204));
let oauthClientId: string;

beforeAll(async () => {
  oauthClientId = (await fixtures.v3("POST", "/v3/oauth-clients", clientBody())).id;
  revokeLater(oauthClientId);
});

describe("listOAuthClients", () => {
  it("200 with the pagination headers", () => client.call("listOAuthClients", { query: { revoked: false, sort: "-createdAt" } }, 200));
  it("400 VALIDATION_FAILED for a page of 0", () => expectRefusal(client, "listOAuthClients", { query: { page: 0 } }, 400, "VALIDATION_FAILED"));
  refusals("listOAuthClients");
});

describe("createOAuthClient", () => {
  it("201 with the client secret, shown only here", async () => revokeLater((await client.call("createOAuthClient", { body: clientBody() }, 201)).id));
  it.each([
    ["an empty name", { name: "" }],
    ["a read-only field", { clientSecret: "chosen-by-me" }],
  ])("400 VALIDATION_FAILED for %s", (_name, body) => expectRefusal(client, "createOAuthClient", { body }, 400, "VALIDATION_FAILED"));
  refusals("createOAuthClient", () => ({ body: clientBody() }));
});

describe("getOAuthClient", () => {
  it("200 without the client secret", () => client.call("getOAuthClient", { path: { id: oauthClientId } }, 200));
  it("404 OAUTH_CLIENT_NOT_FOUND for an unknown id", () => expectRefusal(client, "getOAuthClient", { path: { id: unknownId } }, 404, "OAUTH_CLIENT_NOT_FOUND"));
  refusals("getOAuthClient", () => ({ path: { id: oauthClientId } }));
});

describe("deleteOAuthClient", () => {
  it("204, revoking the client", async () => {
    const { id } = await fixtures.v3("POST", "/v3/oauth-clients", clientBody());
    await client.call("deleteOAuthClient", { path: { id } }, 204);
  });
  it("404 OAUTH_CLIENT_NOT_FOUND for an unknown id", () => expectRefusal(client, "deleteOAuthClient", { path: { id: unknownId } }, 404, "OAUTH_CLIENT_NOT_FOUND"));
  refusals("deleteOAuthClient", () => ({ path: { id: oauthClientId } }));
});
