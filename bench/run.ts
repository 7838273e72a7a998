/**
 * `npm run bench`: throughput, latency, CPU and peak memory of the licensing server on SQLite and PostgreSQL, each
 * figure next to the same run's baselines (bare Koa, Prism on the same operation), then the targets of issue 7.
 * Not a test: it asserts nothing, it reports. Bounded: every phase lasts `phaseSeconds`.
 */
import type { Engine } from "../server/db/index.js";
import { prepareBenchData, type BenchData } from "./bench-data.js";
import { readCpuMs } from "./cpu-time.js";
import { exceedRateLimit, overfillActivationLimits } from "./limits.js";
import { runLoad } from "./load.js";
import { describeMachine } from "./machine.js";
import { measuredOperations, oauthUrl, type Operation } from "./operations.js";
import { readPeakRss, resetPeakRss } from "./peak-rss.js";
import { startBareKoa, startLicensingServer, startPrism, type Target } from "./processes.js";
import { formatTable, formatVerdicts, type Row, type Verdict } from "./report.js";
import { measureRsaSigning, rsaKeyBits } from "./rsa-ceiling.js";
import { phaseSeconds, rateLimitUnderTest, throttledAt } from "./settings.js";
import { judgeThroughputTargets } from "./targets.js";

/** Runs `work` on a freshly started target and stops it whatever happens. */
async function withTarget<T extends Target, R>(start: () => Promise<T>, work: (target: T) => Promise<R>): Promise<R> {
  const target = await start();
  try {
    return await work(target);
  } finally {
    await target.stop();
  }
}

/** One operation for one phase: the load's figures, the process's CPU time per answer and its peak RSS. */
async function measure(target: Target, operation: Operation, data: BenchData, servedBy: string): Promise<Row> {
  resetPeakRss(target.pid);
  const cpuBefore = readCpuMs(target.pid);
  const figures = await runLoad(target.url, operation.requests(data));
  const cpuMsPerRequest = (readCpuMs(target.pid) - cpuBefore) / figures.answered;
  return { operation: operation.name, servedBy, figures, cpuMsPerRequest, peakRssMb: readPeakRss(target.pid) };
}

async function measureEach(target: Target, operations: Operation[], data: BenchData, servedBy: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const operation of operations) rows.push(await measure(target, operation, data, servedBy));
  return rows;
}

/** Every measured operation, the no-database route and the activation-limit phase on a fresh server of `engine`. */
function benchEngine(engine: Engine) {
  return withTarget(() => startLicensingServer(engine), async (server) => {
    const data = await prepareBenchData(server.url, server.demoFile);
    const rows = await measureEach(server, [oauthUrl, ...measuredOperations], data, `server, ${engine}`);
    const limits: Verdict = { target: `(d) activation limits under load, ${engine}`, ...(await overfillActivationLimits(server.url, data, phaseSeconds)) };
    return { data, rows, limits };
  });
}

function benchRateLimit(): Promise<Verdict> {
  return withTarget(() => startLicensingServer("sqlite", throttledAt(rateLimitUnderTest)), async (server) => {
    const verdict = await exceedRateLimit(server.url, await prepareBenchData(server.url, server.demoFile), 3);
    return { target: "(d) rate limit under load, sqlite", ...verdict };
  });
}

const byVersion = (version: Operation["version"]) => measuredOperations.filter((operation) => operation.version === version);

console.log(await describeMachine());
const runs = [await benchEngine("sqlite"), await benchEngine("postgres")];
// Prism answers from examples, so any run's records make valid requests for it.
const data = runs[0]!.data;
const koa = (await withTarget(startBareKoa, (target) => measureEach(target, [oauthUrl], data, "bare Koa")))[0]!;
const prism = [
  ...(await withTarget(() => startPrism("v4"), (target) => measureEach(target, [oauthUrl, ...byVersion("v4")], data, "Prism 5.14.2"))),
  ...(await withTarget(() => startPrism("v3"), (target) => measureEach(target, byVersion("v3"), data, "Prism 5.14.2"))),
].map((row) => ({ ...row, koa }));
const rsaBits = rsaKeyBits(data.demo.v4.publicKeyPem);
const rsa = { ...(await measureRsaSigning(rsaBits, 3000)), bits: rsaBits };
const rateLimit = await benchRateLimit();
const server = runs.flatMap((run) => run.rows).map((row) => ({ ...row, koa, prism: prism.find((p) => p.operation === row.operation) }));

console.log(`\n${formatTable([koa, ...prism, ...server])}\n`);
console.log(formatVerdicts([...judgeThroughputTargets({ server, koa, rsa }), ...runs.map((run) => run.limits), rateLimit]));
