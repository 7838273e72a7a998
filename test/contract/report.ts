/**
 * The coverage report of a contract run, built from the run's record file and the spec: every documented
 * (operation, status) pair with the exchanges that exercised it, the pairs the suite could not provoke and why, and
 * the failing requests and responses. Written as reports/contract-<spec>.json and a readable .html.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { listOperations } from "../../client/spec-document.js";
import { loadSpec } from "../support/spec.js";
import type { Exchange, Unreachable } from "./exchange.js";
import type { ContractTarget } from "./target.js";

export const coverageTargets = { operations: 100, pairs: 90 };

export interface PairReport {
  status: number;
  exchanges: number;
  failures: Exchange[];
  unreachable?: string;
}

export interface ContractReport {
  spec: string;
  target: string;
  mock: boolean;
  seed: number;
  finishedAt: string;
  verdict: "pass" | "fail";
  coverage: {
    operations: { total: number; exercised: number; percent: number };
    pairs: { documented: number; exercised: number; unreachable: number; percent: number; percentOfReachable: number };
  };
  operations: Array<{ operationId: string; method: string; path: string; pairs: PairReport[] }>;
  /** Exchanges that broke the contract, including statuses the spec does not document. */
  failures: Exchange[];
  /** Why the run failed, when it did. */
  reasons: string[];
}

export function buildReport(target: ContractTarget, suitePassed: boolean): ContractReport {
  const entries = readRecords(target.recordFile);
  const exchanges = entries.filter((e): e is Exchange => e.type === "exchange");
  const unreachable = entries.filter((e): e is Unreachable => e.type === "unreachable");
  const operations = listOperations(loadSpec(target.spec)).map((op) => {
    const operationId = op.operation.operationId as string;
    const mine = exchanges.filter((e) => e.operationId === operationId);
    const pairs = Object.keys(op.operation.responses ?? {}).map(Number).map((status): PairReport => {
      const seen = mine.filter((e) => e.status === status);
      const reason = unreachable.find((u) => u.operationId === operationId && u.status === status)?.reason;
      return { status, exchanges: seen.length, failures: seen.filter((e) => e.violations.length), ...(seen.length === 0 && reason ? { unreachable: reason } : {}) };
    });
    return { operationId, method: op.method.toUpperCase(), path: op.path, pairs, exercised: mine.length > 0 };
  });
  const allPairs = operations.flatMap((op) => op.pairs);
  const exercisedPairs = allPairs.filter((p) => p.exchanges > 0).length;
  const unreachablePairs = allPairs.filter((p) => p.unreachable).length;
  const coverage = {
    operations: { total: operations.length, exercised: operations.filter((op) => op.exercised).length, percent: percent(operations.filter((op) => op.exercised).length, operations.length) },
    pairs: {
      documented: allPairs.length, exercised: exercisedPairs, unreachable: unreachablePairs,
      percent: percent(exercisedPairs, allPairs.length), percentOfReachable: percent(exercisedPairs, allPairs.length - unreachablePairs),
    },
  };
  const failures = exchanges.filter((e) => e.violations.length);
  const reasons = [
    ...(suitePassed ? [] : ["the contract suite has failing tests"]),
    ...(failures.length ? [`${failures.length} exchange(s) broke the contract`] : []),
    ...(coverage.operations.percent < coverageTargets.operations ? [`operations covered ${coverage.operations.percent}% < ${coverageTargets.operations}%`] : []),
    ...(coverage.pairs.percentOfReachable < coverageTargets.pairs ? [`reachable (operation, status) pairs covered ${coverage.pairs.percentOfReachable}% < ${coverageTargets.pairs}%`] : []),
  ];
  return {
    spec: target.spec, target: target.baseUrl, mock: target.mock, seed: target.seed, finishedAt: new Date().toISOString(),
    verdict: reasons.length ? "fail" : "pass", coverage,
    operations: operations.map(({ exercised: _, ...op }) => op), failures, reasons,
  };
}

export function writeReport(report: ContractReport, directory = "reports"): { json: string; html: string } {
  mkdirSync(directory, { recursive: true });
  const json = `${directory}/contract-${report.spec}.json`;
  const html = `${directory}/contract-${report.spec}.html`;
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(html, renderHtml(report));
  return { json, html };
}

function readRecords(file: string): Array<Exchange | Unreachable> {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  return text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Exchange | Unreachable);
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.floor((part / whole) * 1000) / 10;
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function renderPair(pair: PairReport): string {
  if (pair.failures.length) return `<td class="fail" title="${pair.failures.length} failing of ${pair.exchanges}">✗ ${pair.status}</td>`;
  if (pair.exchanges) return `<td class="pass" title="${pair.exchanges} exchange(s)">✓ ${pair.status}</td>`;
  if (pair.unreachable) return `<td class="unreachable" title="${escape(pair.unreachable)}">– ${pair.status}</td>`;
  return `<td class="missing" title="not exercised">? ${pair.status}</td>`;
}

function renderFailure(exchange: Exchange): string {
  const { request, response } = exchange;
  return `<details><summary><code>${escape(`${exchange.method} ${exchange.pathTemplate}`)}</code> → ${exchange.status}: ${escape(exchange.violations[0] ?? "")}</summary>
<p>Case: ${escape(exchange.case)}</p><ul>${exchange.violations.map((v) => `<li>${escape(v)}</li>`).join("")}</ul>
<h4>Request</h4><pre>${escape(`${exchange.method} ${request.url}\n${JSON.stringify(request.headers, null, 2)}\n\n${request.body ?? ""}`)}</pre>
<h4>Response</h4><pre>${escape(`${exchange.status}\n${JSON.stringify(response.headers, null, 2)}\n\n${response.body}`)}</pre></details>`;
}

function renderHtml(report: ContractReport): string {
  const { operations: ops, pairs } = report.coverage;
  const unreachable = report.operations.flatMap((op) => op.pairs.filter((p) => p.unreachable).map((p) => `<li><code>${op.operationId} ${p.status}</code>: ${escape(p.unreachable!)}</li>`));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Contract report ${report.spec}: ${report.verdict}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}
.pass{background:#e6f4ea}.fail{background:#fce8e6;font-weight:bold}.unreachable{background:#f1f3f4;color:#666}.missing{background:#fef7e0}pre{background:#f8f8f8;padding:8px;overflow:auto}</style></head><body>
<h1>Contract report: ${report.spec} — <span class="${report.verdict}">${report.verdict.toUpperCase()}</span></h1>
<p>Target <code>${escape(report.target)}</code>${report.mock ? " (mock)" : ""}, seed ${report.seed}, finished ${report.finishedAt}.</p>
${report.reasons.length ? `<ul>${report.reasons.map((r) => `<li class="fail">${escape(r)}</li>`).join("")}</ul>` : ""}
<p>Operations exercised: ${ops.exercised}/${ops.total} (${ops.percent}%). Documented (operation, status) pairs exercised: ${pairs.exercised}/${pairs.documented} (${pairs.percent}%; ${pairs.percentOfReachable}% of the ${pairs.documented - pairs.unreachable} reachable).</p>
<p>Legend: ✓ exercised and kept · ✗ broke the contract · – unreachable from outside (hover for why) · ? not exercised.</p>
<h2>Failures (${report.failures.length})</h2>${report.failures.map(renderFailure).join("\n") || "<p>None.</p>"}
<h2>Operations × statuses</h2><table><tr><th>operation</th><th>method and path</th><th>statuses</th></tr>
${report.operations.map((op) => `<tr><td>${op.operationId}</td><td><code>${op.method} ${escape(op.path)}</code></td><td><table><tr>${op.pairs.map(renderPair).join("")}</tr></table></td></tr>`).join("\n")}</table>
<h2>Unreachable pairs (${unreachable.length})</h2><ul>${unreachable.join("") || "<li>None.</li>"}</ul></body></html>\n`;
}
