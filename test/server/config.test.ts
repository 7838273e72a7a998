import { describe, expect, it } from "vitest";
import { loadConfig, rateLimitRule } from "../../server/config.js";

describe("rate-limit settings", () => {
  it.each([
    ["50/5s", { max: 50, windowSeconds: 5 }],
    [" 1800 / 60s ", { max: 1800, windowSeconds: 60 }],
    ["10/2m", { max: 10, windowSeconds: 120 }],
    ["1/24h", { max: 1, windowSeconds: 86_400 }],
  ])("reads %j", (value, rule) => {
    expect(rateLimitRule(value)).toEqual(rule);
  });

  it.each(["", "50", "50/5", "0/5s", "50/0s", "50/25h", "50/500ms", "-1/5s", "50 per 5s", "3000000000/5s"])("refuses %j", (value) => {
    expect(() => rateLimitRule(value)).toThrow(/expected a rate limit like "50\/5s"/);
  });

  it.each([
    [{}, "memory"],
    [{ DATABASE_URL: "postgres://postgres@127.0.0.1/test" }, "database"],
    [{ DATABASE_URL: "postgres://postgres@127.0.0.1/test", RATE_LIMIT_STORE: "memory" }, "memory"],
    [{ RATE_LIMIT_STORE: "database" }, "database"],
  ])("counts %j in %s", (env, store) => {
    expect(loadConfig(env).rateLimits.store).toBe(store);
  });

  it("refuses an unknown store, and applies each version's limits", () => {
    expect(() => loadConfig({ RATE_LIMIT_STORE: "redis" })).toThrow(/RATE_LIMIT_STORE/);
    const { v3, v4 } = loadConfig({ RATE_LIMIT_V3_CREDENTIAL: "7/1m", RATE_LIMIT_V4_IP: "9/9s" }).rateLimits;
    expect({ v3, v4 }).toEqual({
      v3: { ip: { max: 50, windowSeconds: 5 }, credential: { max: 7, windowSeconds: 60 } },
      v4: { ip: { max: 9, windowSeconds: 9 }, credential: { max: 1800, windowSeconds: 60 } },
    });
  });
});
