/**
 * `npm run bench`: throughput, latency and peak memory of the licensing server on SQLite and PostgreSQL, each figure
 * next to the same run's baselines (bare Koa, Prism on the same operation), then the performance targets of issue 7.
 * Not a test: it asserts nothing, it reports. Bounded: every phase lasts `phaseSeconds`.
 */
import type { Engine } from "../server/db/index.js";
import { prepareBenchData, type BenchData } from "./bench-data.js";
import { exceedRateLimit, overfillActivationLimits } from "./limits.js";
import { runLoad } from "./load.js";
import { readCpuMs } from "./cpu-time.js";
import { describeMachine } from "./machine.js";
import { checkLicense, measuredOperations, oauthUrl, type Operation } from "./operations.js";
import { readPeakRss, resetPeakRss } from "./peak-rss.js";
import { startBareKoa, startLicensingServer, startPrism, type Target } from "./processes.js";
import { formatTable, formatVerdicts, type Row, type Verdict } from "./report.js";
import { measureRsaSigning, rsaKeyBits, type SigningFigures } from "./rsa-ceiling.js";
import { phaseSeconds, rateLimitUnderTest, throttledAt } from "./settings.js";

/** Signatures in a `check_license` answer: `license_signature` and the `LicenseSignature` header over the body. */
const signaturesPerCheck = 2;

interface EngineRun {
  engine: Engine;
  data: BenchData;
  rows: Row[];
  activationLimits: Verdict;
}

/** One operation for one phase: the load's figures, the process's CPU time per answer and its peak RSS. */
async function measure(target: Target, operation: Operation, data: BenchData, servedBy: string): Promise<Row> {
  resetPeakRss(target.pid);
  const cpuBefore = readCpuMs(target.pid);
  const figures = await runLoad(target.url, operation.requests(data));
  const cpuMsPerRequest = (readCpuMs(target.pid) - cpuBefore) / figures.answered;
  return { operation: operation.name, servedBy, figures, cpuMsPerRequest, peakRssMb: readPeakRss(target.pid) };
}

/** Every measured operation, the no-database route and the activation-limit phase on a fresh server of `engine`. */
async function benchEngine(engine: Engine): Promise<EngineRun> {
  const server = await startLicensingServer(engine);
  try {
    const data = await prepareBenchData(server.url, server.demoFile);
    const rows: Row[] = [];
    for (const operation of [oauthUrl, ...measuredOperations]) rows.push(await measure(server, operation, data, `server, ${engine}`));
    const limits = await overfillActivationLimits(server.url, data, phaseSeconds);
    return { engine, data, rows, activationLimits: { target: `(d) activation limits under load, ${engine}`, ...limits } };
  } finally {
    await server.stop();
  }
}

async function benchBaseline(start: () => Promise<Target>, operations: Operation[], data: BenchData, servedBy: string): Promise<Row[]> {
  const target = await start();
  try {
    const rows: Row[] = [];
    for (const operation of operations) rows.push(await measure(target, operation, data, servedBy));
    return rows;
  } finally {
    await target.stop();
  }
}

async function benchRateLimit(): Promise<Verdict> {
  const server = await startLicensingServer("sqlite", throttledAt(rateLimitUnderTest));
  try {
    const verdict = await exceedRateLimit(server.url, await prepareBenchData(server.url, server.demoFile), 3);
    return { target: "(d) rate limit under load, sqlite", ...verdict };
  } finally {
    await server.stop();
  }
}

function targets(runs: EngineRun[], koa: Row, rsa: SigningFigures, rsaBits: number): Verdict[] {
  const server = runs.flatMap((run) => run.rows);
  const noDatabase = server.find((row) => row.operation === oauthUrl.name && row.servedBy.endsWith("sqlite"))!;
  const checks = server.filter((row) => row.operation === checkLicense.name);
  const vsPrism = server.filter((row) => row.prism).map((row) => ({ row, times: row.figures.requestsPerSecond / row.prism!.figures.requestsPerSecond }));
  const slowest = vsPrism.reduce((a, b) => (b.times < a.times ? b : a));
  const checkCeiling = rsa.perSecond / signaturesPerCheck;
  const signingCpuMs = signaturesPerCheck * rsa.cpuMsPerSignature;
  const worstCheck = Math.min(...checks.map((row) => row.figures.requestsPerSecond)) / checkCeiling;
  return [
    {
      target: "(a) validated route without database work ≥ 85 % of bare Koa",
      held: noDatabase.figures.requestsPerSecond >= 0.85 * koa.figures.requestsPerSecond,
      figure: `${oauthUrl.name}: ${pct(noDatabase.figures.requestsPerSecond / koa.figures.requestsPerSecond)} of bare Koa's req/s; `
        + `CPU per answer ${(noDatabase.cpuMsPerRequest / koa.cpuMsPerRequest).toFixed(1)}× bare Koa's`,
    },
    {
      target: "(b) signed v4 answers bound only by RSA signing on all cores (≥ 80 % of the signing ceiling)",
      held: worstCheck >= 0.8,
      figure: `RSA-${rsaBits} on all cores: ${rsa.perSecond.toFixed(0)} signatures/s (${rsa.cpuMsPerSignature.toFixed(2)} CPU ms each), `
        + `${signaturesPerCheck} per check_license → ceiling ${checkCeiling.toFixed(0)}/s; `
        + checks.map((row) => `${row.servedBy}: ${row.figures.requestsPerSecond.toFixed(0)}/s = ${pct(row.figures.requestsPerSecond / checkCeiling)}, `
          + `signing ${pct(signingCpuMs / row.cpuMsPerRequest)} of its CPU`).join("; "),
    },
    {
      target: "(c) ≥ 10× Prism's throughput on the same operation",
      held: slowest.times >= 10,
      figure: `lowest: ${slowest.row.operation} on ${slowest.row.servedBy} at ${slowest.times.toFixed(1)}×`,
    },
    ...runs.map((run) => run.activationLimits),
  ];
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(0)} %`;
}

console.log(await describeMachine());
const runs = [await benchEngine("sqlite"), await benchEngine("postgres")];
const data = runs[0]!.data;
const [koa] = await benchBaseline(startBareKoa, [oauthUrl], data, "bare Koa");
const v4Ops = [oauthUrl, ...measuredOperations.filter((op) => op.version === "v4")];
const prism = [
  ...(await benchBaseline(() => startPrism("v4"), v4Ops, data, "Prism 5.14.2")),
  ...(await benchBaseline(() => startPrism("v3"), measuredOperations.filter((op) => op.version === "v3"), data, "Prism 5.14.2")),
];
const rsaBits = rsaKeyBits(data.demo.v4.publicKeyPem);
const rsa = await measureRsaSigning(rsaBits, 3000);
const rateLimit = await benchRateLimit();
for (const row of runs.flatMap((run) => run.rows)) Object.assign(row, { koa, prism: prism.find((p) => p.operation === row.operation) });
for (const row of prism) row.koa = koa;

console.log(`\n${formatTable([koa!, ...prism, ...runs.flatMap((run) => run.rows)])}\n`);
console.log(formatVerdicts([...targets(runs, koa!, rsa, rsaBits), rateLimit]));
