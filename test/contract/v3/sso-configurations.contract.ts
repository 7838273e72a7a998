/** v3 SSO configurations (one OpenID Connect provider per customer account): every documented status of each operation. */
import { beforeAll, describe, it } from "vitest";
import { contractSuite } from "../suite.js";
import { deleteCases, refused, refusedBySchema, sharedCases, unique, unknownId } from "./common.js";

const suite = contractSuite();
const { client, fixtures } = suite;

/** A configuration for a customer account code no other run uses, at a public https provider. */
const ssoBody = (customerAccountCode = `contract-${unique()}`) => ({
  customerAccountCode,
  issuer: "https://idp.example.com",
  authorizationEndpoint: "https://idp.example.com/authorize",
  tokenEndpoint: "https://idp.example.com/token",
  jwksUri: "https://idp.example.com/keys",
  clientId: "contract-client",
});
/** A URL by the schema whose host no URL parser accepts: every deployment refuses to fetch it. */
const unparseableUrl = "https://%00/keys";
const removeLater = (id: string) => fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/sso-configurations/${id}`, undefined, 204));
let configuration: { id: string; customerAccountCode: string };
let other: { id: string; customerAccountCode: string };

async function configure(): Promise<{ id: string; customerAccountCode: string }> {
  const created = await fixtures.v3("POST", "/v3/sso-configurations", ssoBody());
  removeLater(created.id);
  return created as { id: string; customerAccountCode: string };
}

beforeAll(async () => {
  [configuration, other] = [await configure(), await configure()];
});

describe("listSsoConfigurations", () => {
  it("200 with the pagination headers", () =>
    client.call("listSsoConfigurations", { query: { customerAccountCode: configuration.customerAccountCode, sort: "customerAccountCode" } }, 200));
  it("400 VALIDATION_FAILED for a malformed customer account code", () =>
    refused(client, "listSsoConfigurations", { query: { customerAccountCode: "-no spaces-" } }, 400, "VALIDATION_FAILED"));
  sharedCases(suite, "listSsoConfigurations");
});

describe("createSsoConfiguration", () => {
  it("201 with the created configuration", async () => removeLater((await client.call("createSsoConfiguration", { body: ssoBody() }, 201)).id));
  refusedBySchema(client, "createSsoConfiguration", (change) => ({ body: { ...ssoBody(), ...change } }), [
    ["a body without a JWKS URI", { jwksUri: undefined }],
    ["an http issuer", { issuer: "http://idp.example.com" }],
    ["a malformed customer account code", { customerAccountCode: "-no spaces-" }],
  ]);
  it("400 INVALID_SSO_URL for a JWKS URI whose host cannot be parsed", () =>
    refused(client, "createSsoConfiguration", { body: { ...ssoBody(), jwksUri: unparseableUrl } }, 400, "INVALID_SSO_URL"));
  const taken = () => ({ body: ssoBody(configuration.customerAccountCode) });
  it("409 SSO_CONFIGURATION_ALREADY_EXISTS for a customer account that has one", () =>
    refused(client, "createSsoConfiguration", taken(), 409, "SSO_CONFIGURATION_ALREADY_EXISTS"));
  sharedCases(suite, "createSsoConfiguration", taken);
});

describe("getSsoConfiguration", () => {
  it("200 with the configuration", () => client.call("getSsoConfiguration", { path: { id: configuration.id } }, 200));
  sharedCases(suite, "getSsoConfiguration", () => ({ path: { id: configuration.id } }), { notFound: "SSO_CONFIGURATION_NOT_FOUND" });
});

describe("updateSsoConfiguration", () => {
  const change = () => ({ path: { id: configuration.id }, body: { clientId: `contract-client-${unique()}`, tokenEndpoint: null } });
  it("200 with the changed configuration", () => client.call("updateSsoConfiguration", change(), 200));
  refusedBySchema(client, "updateSsoConfiguration", (body) => ({ path: { id: configuration.id }, body }), [
    ["an empty body", {}],
    ["a non-URL authorization endpoint", { authorizationEndpoint: "idp.example.com/authorize" }],
  ]);
  it("400 INVALID_SSO_URL for a token endpoint whose host cannot be parsed", () =>
    refused(client, "updateSsoConfiguration", { path: { id: configuration.id }, body: { tokenEndpoint: unparseableUrl } }, 400, "INVALID_SSO_URL"));
  it("409 SSO_CONFIGURATION_ALREADY_EXISTS for another configuration's customer account code", () =>
    refused(client, "updateSsoConfiguration", { path: { id: configuration.id }, body: { customerAccountCode: other.customerAccountCode } }, 409, "SSO_CONFIGURATION_ALREADY_EXISTS"));
  sharedCases(suite, "updateSsoConfiguration", () => ({ ...change(), path: { id: unknownId } }), { notFound: "SSO_CONFIGURATION_NOT_FOUND" });
});

describe("deleteSsoConfiguration", () => {
  deleteCases(suite, "deleteSsoConfiguration", {
    notFound: "SSO_CONFIGURATION_NOT_FOUND", readBy: "getSsoConfiguration",
    create: () => fixtures.v3("POST", "/v3/sso-configurations", ssoBody()),
  });
});
