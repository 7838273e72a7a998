/** v3 webhooks: every documented status of every webhook operation. */
import { beforeAll, describe, expect, it } from "vitest";
import { contractSuite } from "../suite.js";
import { deleteCases, refused, refusedBySchema, sharedCases, unique, unknownId } from "./common.js";

const suite = contractSuite();
const { client, fixtures } = suite;

/** Public and https, so any deployment's URL policy accepts it; that deliveries to it fail is fine here. */
const publicUrl = "https://hooks.example.com/contract";
/** A URL by the schema whose host no URL parser accepts: every deployment refuses it. */
const unparseableUrl = "https://%00/contract";
/** Refused where the operator keeps the default policy (https only, no private addresses), accepted where allowed. */
const privateHttpUrl = "http://127.0.0.1:9/contract";

// Switched off, so the fixture does not receive the events other files cause.
const webhookBody = () => ({ name: `contract webhook ${unique()}`, url: publicUrl, events: ["license.created"], active: false });
let webhookId: string;

const removeLater = (id: string) => fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/webhooks/${id}`, undefined, 204));

beforeAll(async () => {
  webhookId = (await fixtures.v3("POST", "/v3/webhooks", webhookBody())).id;
  removeLater(webhookId);
});

describe("listWebhooks", () => {
  it("200 with the pagination headers", () => client.call("listWebhooks", { query: { limit: 5, sort: "-name" } }, 200));
  it("400 VALIDATION_FAILED for an unknown sort", () => refused(client, "listWebhooks", { query: { sort: "url" } }, 400, "VALIDATION_FAILED"));
  sharedCases(suite, "listWebhooks");
});

describe("createWebhook", () => {
  it("201 with the token, shown only here", async () => removeLater((await client.call("createWebhook", { body: webhookBody() }, 201)).id));
  refusedBySchema(client, "createWebhook", (change) => ({ body: { ...webhookBody(), ...change } }), [
    ["a body without events", { events: undefined }],
    ["an unknown event type", { events: ["license.exploded"] }],
    ["a URL that is not http(s)", { url: "ftp://hooks.example.com/contract" }],
    ["a read-only field", { status: "healthy" }],
  ]);
  const unparseable = () => ({ body: { ...webhookBody(), url: unparseableUrl } });
  it("400 INVALID_WEBHOOK_URL for a URL whose host cannot be parsed", () => refused(client, "createWebhook", unparseable(), 400, "INVALID_WEBHOOK_URL"));
  it("201 or 400 INVALID_WEBHOOK_URL for a private http URL, as the deployment's policy says", async () => {
    const answer = await client.call("createWebhook", { body: { ...webhookBody(), url: privateHttpUrl } }, [201, 400]);
    if (answer.id) removeLater(answer.id);
    else expect(answer.code).toBe("INVALID_WEBHOOK_URL");
  });
  sharedCases(suite, "createWebhook", unparseable);
});

describe("getWebhook", () => {
  it("200 without the token", () => client.call("getWebhook", { path: { id: webhookId } }, 200));
  sharedCases(suite, "getWebhook", () => ({ path: { id: webhookId } }), { notFound: "WEBHOOK_NOT_FOUND" });
});

describe("updateWebhook", () => {
  const rename = () => ({ path: { id: webhookId }, body: { name: `contract renamed ${unique()}` } });
  it("200 with the changed webhook", () => client.call("updateWebhook", rename(), 200));
  refusedBySchema(client, "updateWebhook", (body) => ({ path: { id: webhookId }, body }), [
    ["an empty body", {}],
    ["no events", { events: [] }],
    ["a token shorter than 16 characters", { token: "short" }],
  ]);
  it("400 INVALID_WEBHOOK_URL for a URL whose host cannot be parsed", () =>
    refused(client, "updateWebhook", { path: { id: webhookId }, body: { url: unparseableUrl } }, 400, "INVALID_WEBHOOK_URL"));
  sharedCases(suite, "updateWebhook", () => ({ ...rename(), path: { id: unknownId } }), { notFound: "WEBHOOK_NOT_FOUND" });
});

describe("deleteWebhook", () => {
  deleteCases(suite, "deleteWebhook", {
    notFound: "WEBHOOK_NOT_FOUND", readBy: "getWebhook",
    create: () => fixtures.v3("POST", "/v3/webhooks", webhookBody()),
  });
});
