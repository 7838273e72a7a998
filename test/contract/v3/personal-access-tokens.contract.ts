/** v3 personal access tokens: every documented status of every token operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { deleteCases, refused, refusedBySchema, sharedCases, unique, unknownId } from "./common.js";

const suite = contractSuite();
const { client, fixtures } = suite;

const tokenBody = () => ({ name: `contract token ${unique()}`, scopes: ["product:read"] });
const revokeLater = (id: string) => fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/personal-access-tokens/${id}`, undefined, 204));
let tokenId: string;

beforeAll(async () => {
  tokenId = (await fixtures.v3("POST", "/v3/personal-access-tokens", tokenBody())).id;
  revokeLater(tokenId);
});

describe("listPersonalAccessTokens", () => {
  it("200 with the pagination headers", () => client.call("listPersonalAccessTokens", { query: { revoked: false, sort: "-lastUsedAt" } }, 200));
  it("400 VALIDATION_FAILED for a revoked filter that is not a boolean", () =>
    refused(client, "listPersonalAccessTokens", { query: { revoked: "maybe" } }, 400, "VALIDATION_FAILED"));
  sharedCases(suite, "listPersonalAccessTokens");
});

describe("createPersonalAccessToken", () => {
  it("201 with the token, shown only here", async () => revokeLater((await client.call("createPersonalAccessToken", { body: tokenBody() }, 201)).id));
  refusedBySchema(client, "createPersonalAccessToken", (change) => ({ body: { ...tokenBody(), ...change } }), [
    ["a body without scopes", { scopes: undefined }],
    ["an unknown scope", { scopes: ["everything:write"] }],
    ["an expiry that is not a date-time", { expiresAt: "tomorrow" }],
  ]);
  const expired = () => ({ body: { ...tokenBody(), expiresAt: "2001-01-01T00:00:00Z" } });
  it("400 INVALID_EXPIRES_AT for an expiry in the past", () => refused(client, "createPersonalAccessToken", expired(), 400, "INVALID_EXPIRES_AT"));
  sharedCases(suite, "createPersonalAccessToken", expired);
});

describe("getPersonalAccessToken", () => {
  it("200 without the token", () => client.call("getPersonalAccessToken", { path: { id: tokenId } }, 200));
  sharedCases(suite, "getPersonalAccessToken", () => ({ path: { id: tokenId } }), { notFound: "PERSONAL_ACCESS_TOKEN_NOT_FOUND" });
});

describe("deletePersonalAccessToken", () => {
  deleteCases(suite, "deletePersonalAccessToken", {
    notFound: "PERSONAL_ACCESS_TOKEN_NOT_FOUND",
    create: () => fixtures.v3("POST", "/v3/personal-access-tokens", tokenBody()),
  });
});
