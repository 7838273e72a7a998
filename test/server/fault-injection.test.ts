/** `Prefer: code=429|500` answers that failure in the version's own format, but only where fault injection is on. */
import { afterAll, beforeAll, expect, it } from "vitest";
import { checkResponse } from "../../client/check-response.js";
import { SpecValidator } from "../../client/spec-validator.js";
import { licenseSpringAuthHeaders } from "../../client/v4-signing.js";
import { describeEachDatabase } from "../support/database.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { loadSpec } from "../support/spec.js";

const validators = { v3: new SpecValidator(loadSpec("v3")), v4: new SpecValidator(loadSpec("v4")) };
const requests = {
  v3: { method: "GET", pathTemplate: "/v3/products", headers: { authorization: "Bearer not-checked-before-the-fault" } },
  v4: { method: "GET", pathTemplate: "/api/v4/product_details", query: "?product=DEMO", headers: licenseSpringAuthHeaders({ apiKey: "k", sharedKey: "s" }) },
} as const;

describeEachDatabase("fault injection", (getCore) => {
  let on: TestServer;
  let off: TestServer;
  beforeAll(async () => {
    on = await startTestServer(getCore(), { faultInjection: true });
    off = await startTestServer(getCore());
  });
  afterAll(async () => Promise.all([on?.stop(), off?.stop()]));

  const ask = (server: TestServer, version: "v3" | "v4", prefer: string) => {
    const { method, pathTemplate, headers } = requests[version];
    const query = "query" in requests[version] ? requests[version].query : "";
    return fetch(`${server.url}${pathTemplate}${query}`, { method, headers: { ...headers, prefer } });
  };

  it.each([
    ["v3", "code=500", 500, "INTERNAL_ERROR"],
    ["v3", "code=429", 429, "RATE_LIMIT_EXCEEDED"],
    ["v4", "code=500", 500, "internal_server_error"],
    ["v4", "code=429, example=x", 429, "too_many_requests"],
  ] as const)("%s %s answers %i in the version's documented format when it is on", async (version, prefer, status, code) => {
    const response = await ask(on, version, prefer);
    const body = await response.text();
    expect(response.status).toBe(status);
    expect(JSON.parse(body).code).toBe(code);
    const { method, pathTemplate } = requests[version];
    expect(checkResponse(validators[version], { method, pathTemplate, status, headers: response.headers, body })).toEqual([]);
    if (status === 429) expect(response.headers.get("retry-after")).toBe("1");
  });

  it.each([
    ["v3", "code=500", 401],
    ["v4", "code=500", 400],
    ["v3", "code=200", 401],
  ] as const)("%s %s is an ordinary request when it is off (or names no fault): %i", async (version, prefer, status) => {
    expect((await ask(off, version, prefer)).status).toBe(status);
  });

  it("leaves requests without the header alone when it is on", async () => {
    expect((await ask(on, "v3", "")).status).toBe(401);
  });
});
