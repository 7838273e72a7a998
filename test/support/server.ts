import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { checkResponse } from "../../client/check-response.js";
import { SpecValidator } from "../../client/spec-validator.js";
import { validateResponses } from "../../client/validate-responses.js";
import { createV3Client } from "../../client/v3.js";
import { buildApp } from "../../server/app.js";
import type { RateLimitConfig } from "../../server/config.js";
import { allScopes } from "../../server/core/scopes.js";
import { createAccessToken, createAccount, type Core } from "../../server/core/index.js";
import type { UrlPolicy } from "../../server/webhooks/url-policy.js";
import { loadSpec } from "./spec.js";

const v3Spec = loadSpec("v3");

/** Limits no functional test reaches; the rate-limit tests pass their own. */
const unlimited = { max: 1_000_000, windowSeconds: 5 };
const generousRateLimits: RateLimitConfig = { store: "memory", v3: { ip: unlimited, credential: unlimited }, v4: { ip: unlimited, credential: unlimited } };
const validators = { v3: new SpecValidator(v3Spec), v4: new SpecValidator(loadSpec("v4")) };

export interface RawResponse {
  status: number;
  body: any;
  headers: Headers;
}

export interface TestServer {
  url: string;
  core: Core;
  /** A typed v3 client whose every response is checked against the spec (a mismatch throws). */
  v3(token?: string): ReturnType<typeof createV3Client>;
  /** A raw request whose response is also checked against its version's spec; for inputs the typed clients can't send. */
  raw(method: string, pathTemplate: string, path: string, init?: RequestInit): Promise<RawResponse>;
  /** A fresh account with a token holding `scopes` (all by default). */
  account(scopes?: string[]): Promise<{ accountId: string; token: string }>;
  stop(): Promise<void>;
}

/** The real server (buildApp) on an ephemeral port over a real database. */
export async function startTestServer(
  core: Core,
  options: { rateLimits?: RateLimitConfig; trustProxy?: boolean; webhooks?: UrlPolicy; faultInjection?: boolean } = {},
): Promise<TestServer> {
  const app = buildApp({
    core,
    config: {
      rateLimits: options.rateLimits ?? generousRateLimits,
      trustProxy: options.trustProxy ?? false,
      bodyLimitBytes: 1024 * 1024,
      // Tests receive webhooks on loopback over http; the SSRF tests pass the production policy.
      webhooks: options.webhooks ?? { allowPrivateUrls: true, allowHttp: true },
      faultInjection: options.faultInjection ?? false,
    },
    logger: pino({ level: "silent" }),
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    core,
    v3: (token) => createV3Client({ baseUrl: url, ...(token ? { token } : {}), middleware: [validateResponses(v3Spec)] }),
    raw: (method, pathTemplate, path, init) =>
      checkedFetch(pathTemplate.startsWith("/api/v4/") ? validators.v4 : validators.v3, url, method, pathTemplate, path, init),
    account: async (scopes = [...allScopes]) => {
      const account = await createAccount(core, { name: `account ${Math.random().toString(36).slice(2, 8)}` });
      const { token } = await createAccessToken(core, { accountId: account.id, name: "test", scopes });
      return { accountId: account.id, token };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A request whose response must keep the spec (status, headers, body); a mismatch throws with the exchange. */
async function checkedFetch(validator: SpecValidator, url: string, method: string, pathTemplate: string, path: string, init: RequestInit = {}): Promise<RawResponse> {
  const response = await fetch(`${url}${path}`, { method, ...init });
  const text = await response.text();
  const problems = checkResponse(validator, { method, pathTemplate, status: response.status, headers: response.headers, body: text });
  if (problems.length) throw new Error(`${method} ${path} → ${response.status} breaks the contract:\n${problems.join("\n")}\n${text}`);
  const json = response.headers.get("content-type")?.includes("json");
  return { status: response.status, body: text && json ? JSON.parse(text) : text || undefined, headers: response.headers };
}
