import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase } from "../support/database.js";
import { startTestServer, type TestServer } from "../support/server.js";

describeEachDatabase("v3 rate limit", (getCore) => {
  let server: TestServer;
  beforeAll(async () => {
    // A frozen clock keeps all four requests in one window.
    const frozen = new Date("2026-01-01T00:00:01Z");
    server = await startTestServer({ ...getCore(), now: () => frozen }, { rateLimitMax: 3 });
  });
  afterAll(async () => server.stop());

  it("serves the limit with X-Rate-Limit-* headers, then answers 429 with Retry-After", async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await server.raw("GET", "/v3/products", "/v3/products"));
    expect(answers.slice(0, 3).map((a) => a.status)).toEqual([401, 401, 401]);
    expect(answers.slice(0, 3).map((a) => a.headers.get("x-rate-limit-remaining"))).toEqual(["2", "1", "0"]);
    const refused = answers[3]!;
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe("RATE_LIMIT_EXCEEDED");
    expect(refused.headers.get("retry-after")).toBe("4");
    expect(refused.headers.get("x-rate-limit-reset")).toBe("2026-01-01T00:00:05Z");
    expect(refused.headers.get("x-rate-limit-limit")).toBe("5s");
  });
});
