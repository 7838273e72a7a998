/**
 * Mock/server parity (part of `npm test`): the probe set of parity.ts goes to Prism and to the real server on a
 * fresh SQLite database, per version. The test fails on real drift only; inherent differences are printed, grouped
 * by class with their reason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpecValidator } from "../../client/spec-validator.js";
import { licenseSpringAuthHeaders } from "../../client/v4-signing.js";
import { startMock, type RunningMock } from "../../mocks/prism.js";
import { createApiKey } from "../../server/core/index.js";
import { closeDatabase, openDatabase, type Database } from "../../server/db/index.js";
import { createSqliteDatabase, type TestDatabase } from "../support/database.js";
import { freePort } from "../support/ports.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { loadSpec, versions, type SpecVersion } from "../support/spec.js";
import { inherentReasons, judge, parityProbes, sendProbe, type InherentClass, type Probe, type Verdict } from "./parity.js";

const mocks = {} as Record<SpecVersion, RunningMock>;
const credentials = {} as Record<SpecVersion, () => Record<string, string>>;
let database: TestDatabase;
let db: Database;
let server: TestServer;

beforeAll(async () => {
  database = createSqliteDatabase();
  db = await openDatabase(database.url);
  server = await startTestServer({ db, now: () => new Date() });
  const { accountId, token } = await server.account();
  const key = await createApiKey(server.core, { accountId });
  credentials.v3 = () => ({ authorization: `Bearer ${token}` });
  credentials.v4 = () => licenseSpringAuthHeaders(key);
  for (const version of versions) mocks[version] = await startMock({ version, port: await freePort() });
});
afterAll(async () => {
  await Promise.all(Object.values(mocks).map((mock) => mock.stop()));
  await server?.stop();
  if (db) await closeDatabase(db);
  await database?.drop();
});

/** Sends every probe to both targets, a few at a time. */
async function judgeAll(version: SpecVersion, probes: Probe[]): Promise<Array<{ probe: Probe; verdict: Verdict }>> {
  const validator = new SpecValidator(loadSpec(version));
  const none = () => ({});
  const results: Array<{ probe: Probe; verdict: Verdict }> = [];
  for (let i = 0; i < probes.length; i += 8) {
    results.push(...(await Promise.all(probes.slice(i, i + 8).map(async (probe) => {
      const [mock, real] = await Promise.all([sendProbe(mocks[version].url, probe, none, validator), sendProbe(server.url, probe, credentials[version], validator)]);
      return { probe, verdict: judge(probe, mock, real) };
    }))));
  }
  return results;
}

function printInherent(version: SpecVersion, results: Array<{ probe: Probe; verdict: Verdict }>): void {
  const byClass = new Map<InherentClass, string[]>();
  for (const { probe, verdict } of results) if (verdict.kind === "inherent") byClass.set(verdict.class, [...(byClass.get(verdict.class) ?? []), `${probe.name} (${verdict.detail})`]);
  const agreed = results.filter((r) => r.verdict.kind === "agree").length;
  const lines = [`${version} parity: ${results.length} probes, ${agreed} agree`];
  for (const [inherent, probes] of byClass) lines.push(`inherent – ${inherent} (${probes.length}): ${inherentReasons[inherent]}`, ...probes.map((p) => `    ${p}`));
  console.log(lines.join("\n"));
}

describe.each(versions)("%s: Prism mock and server", (version) => {
  const probes = parityProbes(version, loadSpec(version));

  it("probes every operation with its example and boundary values", () => {
    const operations = new Set(probes.map((probe) => probe.op.operation.operationId));
    expect(operations.size).toBe(Object.values(loadSpec(version).paths ?? {}).flatMap((item) => Object.values(item as object)).filter((op) => op?.operationId).length);
    expect(probes.some((probe) => probe.expect === "invalid")).toBe(true);
  });

  it("answer each probe in the same status class with bodies valid against the same schema, up to inherent differences", { timeout: 120_000 }, async () => {
    const results = await judgeAll(version, probes);
    printInherent(version, results);
    const drift = results.flatMap(({ probe, verdict }) => (verdict.kind === "drift" ? [`${probe.name}: ${verdict.detail}`] : []));
    expect(drift).toEqual([]);
  });
});
