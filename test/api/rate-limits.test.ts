/**
 * Rate limits over HTTP, per client IP and per verified credential, on both versions and with both counters (in
 * memory; in the database, as several processes share it). A frozen clock keeps each test inside one window.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { licenseSpringAuthHeaders } from "../../client/v4-signing.js";
import type { RateLimitConfig } from "../../server/config.js";
import { createApiKey, type Core } from "../../server/core/index.js";
import { describeEachDatabase } from "../support/database.js";
import { startTestServer, type TestServer } from "../support/server.js";

const windowStart = Date.parse("2026-01-01T00:00:00Z");
const roomy = { max: 1000, windowSeconds: 60 };
const limits = (rules: { v3ip?: number; v3credential?: number; v4ip?: number; v4credential?: number }, store: RateLimitConfig["store"]): RateLimitConfig => ({
  store,
  v3: { ip: rules.v3ip ? { max: rules.v3ip, windowSeconds: 5 } : roomy, credential: rules.v3credential ? { max: rules.v3credential, windowSeconds: 5 } : roomy },
  v4: { ip: rules.v4ip ? { max: rules.v4ip, windowSeconds: 10 } : roomy, credential: rules.v4credential ? { max: rules.v4credential, windowSeconds: 60 } : roomy },
});

/** A fresh client address per use, so tests do not share IP buckets (the server trusts X-Forwarded-For here). */
const newIp = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

describeEachDatabase("rate limits", (getCore) => {
  describe.each(["memory", "database"] as const)("counted in %s", (store) => {
    const servers: TestServer[] = [];
    afterAll(() => Promise.all(servers.map((server) => server.stop())));
    /** A server with its own frozen clock, one second into a window. */
    const serve = async (rules: Parameters<typeof limits>[0], trustProxy = true) => {
      const clock = { at: windowStart + 1000 };
      const core: Core = { ...getCore(), now: () => new Date(clock.at) };
      const server = await startTestServer(core, { rateLimits: limits(rules, store), trustProxy });
      servers.push(server);
      return { server, clock, core };
    };

    describe("v3", () => {
      const products = (server: TestServer, ip: string, token?: string) =>
        server.raw("GET", "/v3/products", "/v3/products", { headers: { "x-forwarded-for": ip, ...(token ? { authorization: `Bearer ${token}` } : {}) } });

      it("serves an IP its limit with X-Rate-Limit-* headers, then answers 429 with Retry-After until the window ends", async () => {
        const { server, clock } = await serve({ v3ip: 3 });
        const ip = newIp();
        const served = [];
        for (let i = 0; i < 3; i++) served.push(await products(server, ip));
        expect(served.map((a) => [a.status, a.headers.get("x-rate-limit-remaining")])).toEqual([[401, "2"], [401, "1"], [401, "0"]]);
        const refused = await products(server, ip);
        expect(refused.status).toBe(429);
        expect(refused.body.code).toBe("RATE_LIMIT_EXCEEDED");
        expect(refused.headers.get("retry-after")).toBe("4");
        expect(refused.headers.get("x-rate-limit-limit")).toBe("5s");
        expect(refused.headers.get("x-rate-limit-reset")).toBe("2026-01-01T00:00:05Z");
        expect((await products(server, newIp())).status).toBe(401);
        clock.at += 4000;
        expect((await products(server, ip)).status).toBe(401);
      });

      it("limits a token wherever it comes from, and not another token", async () => {
        const { server } = await serve({ v3credential: 2 });
        const { token } = await server.account();
        const { token: other } = await server.account();
        expect((await products(server, newIp(), token)).status).toBe(200);
        const second = await products(server, newIp(), token);
        expect(second.status).toBe(200);
        expect(second.headers.get("x-rate-limit-remaining")).toBe("0");
        const refused = await products(server, newIp(), token);
        expect([refused.status, refused.body.code]).toEqual([429, "RATE_LIMIT_EXCEEDED"]);
        expect((await products(server, newIp(), other)).status).toBe(200);
      });

      it("counts a token that fails verification against the IP only", async () => {
        const { server } = await serve({ v3credential: 1 });
        const answers = await Promise.all(Array.from({ length: 5 }, () => products(server, newIp(), "not-a-token")));
        expect(answers.map((a) => a.body.code)).toEqual(Array(5).fill("TOKEN_INVALID"));
      });

      it("lets exactly the limit through a burst of parallel requests, per IP and per token", async () => {
        const { server } = await serve({ v3ip: 20, v3credential: 15 });
        const ip = newIp();
        const byIp = await Promise.all(Array.from({ length: 60 }, () => products(server, ip)));
        expect(byIp.filter((a) => a.status === 401)).toHaveLength(20);
        expect(byIp.filter((a) => a.status === 429)).toHaveLength(40);
        const { token } = await server.account();
        const byToken = await Promise.all(Array.from({ length: 60 }, () => products(server, newIp(), token)));
        expect(byToken.filter((a) => a.status === 200)).toHaveLength(15);
        expect(byToken.filter((a) => a.status === 429)).toHaveLength(45);
      });

      it("ignores X-Forwarded-For unless TRUST_PROXY is set, so a client cannot pick its own bucket", async () => {
        const { server } = await serve({ v3ip: 1 }, false);
        expect((await products(server, newIp())).status).toBe(401);
        expect((await products(server, newIp())).status).toBe(429);
      });
    });

    describe("v4", () => {
      const productDetails = "/api/v4/product_details";
      const call = (server: TestServer, ip: string, headers: Record<string, string> = {}) =>
        server.raw("GET", productDetails, `${productDetails}?product=NO-SUCH-PRODUCT`, { headers: { "x-forwarded-for": ip, ...headers } });
      const vendor = async (rules: Parameters<typeof limits>[0]) => {
        const { server, clock, core } = await serve(rules);
        const { accountId } = await server.account();
        const apiKey = () => createApiKey(core, { accountId });
        const signed = (key: { apiKey: string; sharedKey: string }) => licenseSpringAuthHeaders(key, new Date(clock.at));
        return { server, apiKey, signed };
      };

      it("serves an IP its limit with RateLimit-* headers, then answers 429 too_many_requests", async () => {
        const { server } = await serve({ v4ip: 2 });
        const ip = newIp();
        const served = [await call(server, ip), await call(server, ip)];
        expect(served.map((a) => [a.body.code, a.headers.get("ratelimit-remaining")])).toEqual([["missing_headers", "1"], ["missing_headers", "0"]]);
        const refused = await call(server, ip);
        expect(refused.status).toBe(429);
        expect(refused.body).toMatchObject({ status: 429, code: "too_many_requests" });
        expect(refused.headers.get("retry-after")).toBe("9");
        expect([refused.headers.get("ratelimit-limit"), refused.headers.get("ratelimit-reset")]).toEqual(["2", "9"]);
        expect((await call(server, newIp())).body.code).toBe("missing_headers");
      });

      it("limits an API key wherever it comes from, and not another key", async () => {
        const { server, apiKey, signed } = await vendor({ v4credential: 2 });
        const key = await apiKey();
        const other = await apiKey();
        const served = [await call(server, newIp(), signed(key)), await call(server, newIp(), signed(key))];
        expect(served.map((a) => [a.body.code, a.headers.get("ratelimit-remaining")])).toEqual([["unknown_product", "1"], ["unknown_product", "0"]]);
        expect((await call(server, newIp(), signed(key))).body).toMatchObject({ status: 429, code: "too_many_requests" });
        expect((await call(server, newIp(), signed(other))).body.code).toBe("unknown_product");
      });

      it("counts a request whose signature fails against the IP only", async () => {
        const { server, apiKey, signed } = await vendor({ v4credential: 1 });
        const key = await apiKey();
        const forged = signed({ apiKey: key.apiKey, sharedKey: randomUUID() });
        const answers = await Promise.all(Array.from({ length: 4 }, () => call(server, newIp(), forged)));
        expect(answers.map((a) => a.body.code)).toEqual(Array(4).fill("signature_mismatch"));
        expect((await call(server, newIp(), signed(key))).body.code).toBe("unknown_product");
      });

      it("lets exactly the limit through a burst of parallel signed requests", async () => {
        const { server, apiKey, signed } = await vendor({ v4credential: 12 });
        const key = await apiKey();
        const answers = await Promise.all(Array.from({ length: 50 }, () => call(server, newIp(), signed(key))));
        expect(answers.filter((a) => a.body.code === "unknown_product")).toHaveLength(12);
        expect(answers.filter((a) => a.status === 429)).toHaveLength(38);
      });
    });

    it("counts each version apart: v3's IP limit leaves v4 served", async () => {
      const { server } = await serve({ v3ip: 1 });
      const headers = { "x-forwarded-for": newIp() };
      await server.raw("GET", "/v3/products", "/v3/products", { headers });
      expect((await server.raw("GET", "/v3/products", "/v3/products", { headers })).status).toBe(429);
      expect((await server.raw("GET", "/api/v4/product_details", "/api/v4/product_details?product=X", { headers })).body.code).toBe("missing_headers");
    });
  });
});
