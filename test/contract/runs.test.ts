/**
 * `npm test` runs the contract suite the way QA does (`npm run contract`, a child process): against the real server
 * on SQLite and PostgreSQL, against both Prism mocks, and against a deliberately broken server, which it must fail
 * loudly with a readable report.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMock, type RunningMock } from "../../mocks/prism.js";
import type { Core } from "../../server/core/index.js";
import { describeEachDatabase } from "../support/database.js";
import { freePort } from "../support/ports.js";
import { runScript } from "../support/process.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { createDispatcher } from "../support/webhooks.js";
import { versions } from "../support/spec.js";
import { breakage, startBrokenProxy } from "./broken-proxy.js";
import { coverageTargets, type ContractReport } from "./report.js";

const runTimeoutMs = 15 * 60_000;

async function runContract(args: string[], token?: string) {
  const reports = mkdtempSync(join(tmpdir(), "contract-"));
  const result = await runScript("test/contract/run.ts", [...args, "--seed", "1", "--reports", reports], token ? { CONTRACT_TOKEN: token } : {}, runTimeoutMs);
  const spec = args[args.indexOf("--spec") + 1];
  const report = JSON.parse(readFileSync(join(reports, `contract-${spec}.json`), "utf8")) as ContractReport;
  return { ...result, report, html: readFileSync(join(reports, `contract-${spec}.html`), "utf8"), output: `${result.stdout}\n${result.stderr}` };
}

/** The real server as `npm start` runs it: the API with fault injection, and the webhook dispatcher. */
async function startDeployment(core: Core) {
  const server = await startTestServer(core, { faultInjection: true });
  const dispatcher = createDispatcher(core);
  dispatcher.start();
  return { server, stop: async () => Promise.all([dispatcher.stop(), server.stop()]) };
}

describeEachDatabase("the contract suite against the server", (getCore) => {
  let deployment: Awaited<ReturnType<typeof startDeployment>>;
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    deployment = await startDeployment(getCore());
    server = deployment.server;
    token = (await server.account()).token;
  });
  afterAll(async () => deployment?.stop());

  it.each(versions)("%s passes with every operation and at least 90 percent of the documented pairs covered", { timeout: runTimeoutMs }, async (spec) => {
    const run = await runContract(["--target", server.url, "--spec", spec], token);
    expect(run.report.reasons, run.output.slice(-5000)).toEqual([]);
    expect(run.status).toBe(0);
    expect(run.report.coverage.operations.percent).toBe(coverageTargets.operations);
    expect(run.report.coverage.pairs.percent).toBeGreaterThanOrEqual(coverageTargets.pairs);
  });
});

describe("the contract suite against the Prism mocks", () => {
  const mocks: RunningMock[] = [];
  afterAll(async () => Promise.all(mocks.map((mock) => mock.stop())));

  it.each(versions)("%s mock keeps every documented pair of its spec", { timeout: runTimeoutMs }, async (spec) => {
    const mock = await startMock({ version: spec, port: await freePort() });
    mocks.push(mock);
    const run = await runContract(["--target", mock.url, "--spec", spec, "--mock"]);
    expect(run.report.reasons, run.output.slice(-5000)).toEqual([]);
    expect(run.report.coverage.pairs.percent).toBe(100);
  });
});

describeEachDatabase("the contract suite against a broken server", (getCore) => {
  it("fails loudly, and its report names the wrong status and the extra field with their requests and responses", { timeout: runTimeoutMs }, async () => {
    const { server, stop } = await startDeployment(getCore());
    const proxy = await startBrokenProxy(server.url);
    try {
      const run = await runContract(["--target", proxy.url, "--spec", "v3"], (await server.account()).token);
      expect(run.status).toBe(1);
      expect(run.report.verdict).toBe("fail");
      expect(run.output).toMatch(/verdict: fail/);
      const wrong = run.report.failures.find((f) => f.operationId === "getProduct" && f.status === breakage.wrongStatus.status);
      expect(wrong?.violations.join("\n")).toMatch(/status 202 is not documented/);
      const extra = run.report.failures.find((f) => f.operationId === "listProducts" && f.response.body.includes(breakage.extraField.field));
      expect(extra?.violations.join("\n")).toMatch(/additional propert/i);
      expect(run.html).toContain("getProduct");
      expect(run.html).toContain(breakage.extraField.field);
      const others = run.report.failures.filter((f) => !["getProduct", "listProducts"].includes(f.operationId));
      expect(others.map((f) => `${f.operationId} ${f.status}`)).toEqual([]);
    } finally {
      await proxy.stop();
      await stop();
    }
  });
});
