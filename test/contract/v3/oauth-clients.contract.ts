/** v3 OAuth clients (client-credentials access to the License API): every documented status of every client operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { deleteCases, refused, refusedBySchema, sharedCases, unique, unknownId } from "./common.js";

const suite = contractSuite();
const { client, fixtures } = suite;

const clientBody = () => ({ name: `contract client ${unique()}` });
const revokeLater = (id: string) => fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/oauth-clients/${id}`, undefined, 204));
let oauthClientId: string;

/**
 * No valid body makes createOAuthClient refuse, so a target without fault injection creates the fault cases'
 * clients: they carry this name and are revoked after the file.
 */
const servedFaultName = `contract fault ${unique()}`;

beforeAll(async () => {
  oauthClientId = (await fixtures.v3("POST", "/v3/oauth-clients", clientBody())).id;
  revokeLater(oauthClientId);
  fixtures.onCleanup(async () => {
    const newest = (await fixtures.v3("GET", "/v3/oauth-clients?revoked=false&sort=-createdAt&limit=100")) as unknown as Array<{ id: string; name: string }>;
    for (const { id } of newest.filter(({ name }) => name === servedFaultName)) await fixtures.v3("DELETE", `/v3/oauth-clients/${id}`, undefined, 204);
  });
});

describe("listOAuthClients", () => {
  it("200 with the pagination headers", () => client.call("listOAuthClients", { query: { revoked: false, sort: "-createdAt" } }, 200));
  it("400 VALIDATION_FAILED for a page of 0", () => refused(client, "listOAuthClients", { query: { page: 0 } }, 400, "VALIDATION_FAILED"));
  sharedCases(suite, "listOAuthClients");
});

describe("createOAuthClient", () => {
  it("201 with the client secret, shown only here", async () => revokeLater((await client.call("createOAuthClient", { body: clientBody() }, 201)).id));
  refusedBySchema(client, "createOAuthClient", (body) => ({ body }), [
    ["an empty name", { name: "" }],
    ["a read-only field", { clientSecret: "chosen-by-me" }],
  ]);
  sharedCases(suite, "createOAuthClient", () => ({ body: { name: servedFaultName } }));
});

describe("getOAuthClient", () => {
  it("200 without the client secret", () => client.call("getOAuthClient", { path: { id: oauthClientId } }, 200));
  sharedCases(suite, "getOAuthClient", () => ({ path: { id: oauthClientId } }), { notFound: "OAUTH_CLIENT_NOT_FOUND" });
});

describe("deleteOAuthClient", () => {
  deleteCases(suite, "deleteOAuthClient", {
    notFound: "OAUTH_CLIENT_NOT_FOUND",
    create: () => fixtures.v3("POST", "/v3/oauth-clients", clientBody()),
  });
});
