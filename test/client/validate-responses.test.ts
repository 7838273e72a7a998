import { describe, expect, it } from "vitest";
import { dereference, resolvePointer } from "../../client/spec-document.js";
import { ContractViolation, validateResponses } from "../../client/validate-responses.js";
import { createV3Client } from "../../client/v3.js";
import { loadSpec } from "../support/spec.js";

const document = loadSpec("v3");
const operation = resolvePointer(document, "/paths/~1v3~1activations~1{id}/get") as any;
const firstExample = Object.values(operation.responses["200"].content["application/json"].examples as Record<string, object>)[0];
const okExample = (dereference(document, firstExample) as { value: any }).value;
const rateLimitHeaders = { "x-rate-limit-limit": "50", "x-rate-limit-remaining": "49", "x-rate-limit-reset": "1767225600" };

/** A client whose fetch answers with a canned response, validated by the opt-in middleware. */
function clientAnswering(status: number, body: unknown, onViolation?: (v: ContractViolation) => void) {
  const fetch = async () =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...rateLimitHeaders } });
  return createV3Client({
    baseUrl: "http://licensing.test",
    token: "token",
    fetch: fetch as typeof globalThis.fetch,
    middleware: [validateResponses(document, onViolation ? { onViolation } : {})],
  });
}

const getActivation = (client: ReturnType<typeof createV3Client>) =>
  client.GET("/v3/activations/{id}", { params: { path: { id: "act-1" } } } as never);

describe("validateResponses middleware", () => {
  it("lets a response that keeps the contract through", async () => {
    const { data, response } = await getActivation(clientAnswering(200, okExample));
    expect(response.status).toBe(200);
    expect(data).toEqual(okExample);
  });

  it("throws ContractViolation when a required header is missing", async () => {
    const fetch = async () => new Response(JSON.stringify(okExample), { status: 200, headers: { "content-type": "application/json" } });
    const client = createV3Client({ baseUrl: "http://licensing.test", fetch: fetch as typeof globalThis.fetch, middleware: [validateResponses(document)] });
    const error = await getActivation(client).catch((e: unknown) => e);
    expect((error as ContractViolation).problems).toContain("required header X-Rate-Limit-Limit is missing");
  });

  it.each([
    ["an extra field", 200, { ...okExample, extra: true }, /must NOT have additional properties/],
    ["a wrong type", 200, { ...okExample, offline: "yes" }, /offline must be boolean/],
    ["an undocumented status", 418, { message: "teapot", code: "TEAPOT" }, /status 418 is not documented/],
  ])("throws ContractViolation on %s", async (_name, status, body, problem) => {
    const error = await getActivation(clientAnswering(status, body)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolation);
    expect((error as ContractViolation).problems.join("\n")).toMatch(problem);
  });

  it("reports to onViolation instead of throwing when asked", async () => {
    const seen: ContractViolation[] = [];
    const { response } = await getActivation(clientAnswering(200, { ...okExample, extra: 1 }, (v) => seen.push(v)));
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.request).toBe("GET /v3/activations/{id}");
  });
});
