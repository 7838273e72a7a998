import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkResponse } from "../../client/check-response.js";
import { SpecValidator } from "../../client/spec-validator.js";
import { licenseSpringAuthHeaders } from "../../client/v4-signing.js";
import { startMock, type RunningMock } from "../../mocks/prism.js";
import { documentedErrorExamples, exampleRequest } from "../support/example-requests.js";
import { freePort } from "../support/ports.js";
import { listOperations, loadSpec, repoRoot, versions, type SpecVersion } from "../support/spec.js";

const seeds = JSON.parse(readFileSync(`${repoRoot}/test/fixtures/seeds.json`, "utf8"));
const mocks = {} as Record<SpecVersion, RunningMock>;
const validators = Object.fromEntries(versions.map((v) => [v, new SpecValidator(loadSpec(v))])) as Record<SpecVersion, SpecValidator>;

beforeAll(async () => {
  for (const version of versions) mocks[version] = await startMock({ version, port: await freePort() });
});
afterAll(async () => {
  await Promise.all(Object.values(mocks).map((mock) => mock.stop()));
});

/** Sends a request to a mock and checks the answer against the spec as well. */
async function call(version: SpecVersion, method: string, pathTemplate: string, path: string, init: RequestInit = {}) {
  const response = await fetch(`${mocks[version].url}${path}`, { method, ...init });
  const body = await response.text();
  const problems = checkResponse(validators[version], { method, pathTemplate, status: response.status, headers: response.headers, body });
  return { response, body, problems };
}

describe("the mocks answer the seeds' requests", () => {
  it("PATCH /v3/activations/{id} with seed 002's body → 200 {activationToken}", async () => {
    const { response, body, problems } = await call("v3", "PATCH", "/v3/activations/{id}", "/v3/activations/string", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify(seeds.updateActivationRequest),
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(body)).toHaveProperty("activationToken");
    expect(problems).toEqual([]);
    expect(response.headers.get("sl-violations")).toBeNull();
  });

  it("POST /v3/activations/offline-activate with seed 000's body → 200 {offlineResponse}", async () => {
    const { response, body, problems } = await call("v3", "POST", "/v3/activations/offline-activate", "/v3/activations/offline-activate", {
      headers: { "content-type": "application/json", authorization: "Bearer mock-token" },
      body: JSON.stringify(seeds.offlineActivateRequest),
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(body)).toHaveProperty("offlineResponse");
    expect(problems).toEqual([]);
  });

  it("POST /api/v4/activate_offline with seed 001's payload → 200 with the signed license", async () => {
    const payload = Buffer.from(JSON.stringify(seeds.v4ActivateOfflinePayload)).toString("base64");
    const { response, body, problems } = await call("v4", "POST", "/api/v4/activate_offline", "/api/v4/activate_offline", {
      headers: { "content-type": "text/plain", ...licenseSpringAuthHeaders({ apiKey: seeds.v4ActivateOfflinePayload.api_key, sharedKey: "k" }) },
      body: payload,
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(body)).toHaveProperty("license_signature_v2");
    expect(problems).toEqual([]);
  });

  it("refuses a seed body that breaks the contract (fingerprint under 64 characters)", async () => {
    const { response } = await call("v3", "PATCH", "/v3/activations/{id}", "/v3/activations/string", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...seeds.updateActivationRequest, fingerprint: "short" }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

describe.each(versions)("%s mock: every operation's examples", (version) => {
  const document = loadSpec(version);
  const operations = listOperations(document);

  it.each(operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
    "%s answers its example request with a documented success",
    async (_name, op) => {
      const { url, init } = exampleRequest(version, document, mocks[version].url, op);
      const response = await fetch(url, init);
      const body = await response.text();
      expect(response.status, body).toBeLessThan(300);
      const problems = checkResponse(validators[version], { method: op.method, pathTemplate: op.path, status: response.status, headers: response.headers, body });
      expect(problems).toEqual([]);
    },
  );

  const errorCases = operations.flatMap((op) => documentedErrorExamples(document, op).map((example) => ({ op, ...example })));
  it.each(errorCases.map((c) => [`${c.op.method.toUpperCase()} ${c.op.path} ${c.status} ${c.name}`, c] as const))(
    "%s is returned for Prefer: code, example",
    async (_name, { op, status, name, value }) => {
      const { url, init } = exampleRequest(version, document, mocks[version].url, op);
      init.headers.prefer = `code=${status}, example=${name}`;
      const response = await fetch(url, init);
      expect(response.status).toBe(status);
      expect(await response.json()).toEqual(value);
    },
  );
});
