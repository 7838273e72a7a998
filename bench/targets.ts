/** Targets (a) to (c) of issue 7, judged from one run's rows; (d) is judged by the limit phases (limits.ts). */
import { checkLicense, oauthUrl } from "./operations.js";
import type { Row, Verdict } from "./report.js";
import type { SigningFigures } from "./rsa-ceiling.js";

/** Signatures in a `check_license` answer: `license_signature` and the `LicenseSignature` header over the body. */
const signaturesPerCheck = 2;

export interface Measured {
  /** The server's rows, each with its baselines. */
  server: Row[];
  koa: Row;
  rsa: SigningFigures & { bits: number };
}

export function judgeThroughputTargets(measured: Measured): Verdict[] {
  return [validatedRouteVsKoa(measured), signedAnswersVsSigning(measured), serverVsPrism(measured)];
}

/** (a) on the SQLite run (the route touches no database, so the engine does not matter). */
function validatedRouteVsKoa({ server, koa }: Measured): Verdict {
  const route = server.find((row) => row.operation === oauthUrl.name && row.servedBy.endsWith("sqlite"))!;
  const share = route.figures.requestsPerSecond / koa.figures.requestsPerSecond;
  return {
    target: "(a) validated route without database work ≥ 85 % of bare Koa",
    held: share >= 0.85,
    figure: `${oauthUrl.name}: ${pct(share)} of bare Koa's req/s; CPU per answer ${(route.cpuMsPerRequest / koa.cpuMsPerRequest).toFixed(1)}× bare Koa's`,
  };
}

/** (b) "bound only by signing" read as: at least 80 % of the rate that signing alone, on every core, allows. */
function signedAnswersVsSigning({ server, rsa }: Measured): Verdict {
  const checks = server.filter((row) => row.operation === checkLicense.name);
  const ceiling = rsa.perSecond / signaturesPerCheck;
  const signingCpuMs = signaturesPerCheck * rsa.cpuMsPerSignature;
  const each = checks.map((row) => `${row.servedBy}: ${row.figures.requestsPerSecond.toFixed(0)}/s = ${pct(row.figures.requestsPerSecond / ceiling)}, `
    + `signing ${pct(signingCpuMs / row.cpuMsPerRequest)} of its CPU`);
  return {
    target: "(b) signed v4 answers bound only by RSA signing on all cores (≥ 80 % of the signing ceiling)",
    held: checks.every((row) => row.figures.requestsPerSecond >= 0.8 * ceiling),
    figure: `RSA-${rsa.bits} on all cores: ${rsa.perSecond.toFixed(0)} signatures/s (${rsa.cpuMsPerSignature.toFixed(2)} CPU ms each), `
      + `${signaturesPerCheck} per check_license → ceiling ${ceiling.toFixed(0)}/s; ${each.join("; ")}`,
  };
}

function serverVsPrism({ server }: Measured): Verdict {
  const ratios = server.filter((row) => row.prism).map((row) => ({ row, times: row.figures.requestsPerSecond / row.prism!.figures.requestsPerSecond }));
  const lowest = ratios.reduce((a, b) => (b.times < a.times ? b : a));
  return {
    target: "(c) ≥ 10× Prism's throughput on the same operation",
    held: lowest.times >= 10,
    figure: `lowest: ${lowest.row.operation} on ${lowest.row.servedBy} at ${lowest.times.toFixed(1)}×`,
  };
}

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(0)} %`;
}
