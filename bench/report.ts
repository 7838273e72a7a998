/** The benchmark's printout: one markdown table of figures with their ratios to the baselines, then the targets. */
import type { LoadFigures } from "./load.js";

export interface Row {
  operation: string;
  servedBy: string;
  figures: LoadFigures;
  /** The serving process's CPU time (user + system) per 2xx answer. */
  cpuMsPerRequest: number;
  peakRssMb: number;
  /** The same run's baselines this row is compared with (none on the baseline rows themselves). */
  koa?: Row;
  prism?: Row;
}

export interface Verdict {
  target: string;
  held: boolean;
  figure: string;
}

type Metric = (row: Row) => number;

const metrics: Array<[string, Metric, number]> = [
  ["req/s", (row) => row.figures.requestsPerSecond, 0],
  ["p50 ms", (row) => row.figures.p50Ms, 0],
  ["p99 ms", (row) => row.figures.p99Ms, 0],
  ["CPU ms/req", (row) => row.cpuMsPerRequest, 2],
  ["peak RSS MiB", (row) => row.peakRssMb, 0],
];

export function formatTable(rows: Row[]): string {
  const header = ["operation", "served by", ...metrics.flatMap(([name]) => [name, "× Koa", "× Prism"])];
  const lines = rows.map((row) => [
    row.operation,
    row.servedBy,
    ...metrics.flatMap(([, metric, digits]) => [metric(row).toFixed(digits), ratio(row, row.koa, metric), ratio(row, row.prism, metric)]),
  ]);
  return [header, header.map(() => "---"), ...lines].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** Empty on baseline rows; "n/a" against a baseline of 0 (autocannon's latencies are whole milliseconds). */
function ratio(row: Row, baseline: Row | undefined, metric: Metric): string {
  if (!baseline) return "";
  return metric(baseline) === 0 ? "n/a" : (metric(row) / metric(baseline)).toFixed(2);
}

export function formatVerdicts(verdicts: Verdict[]): string {
  return verdicts.map((v) => `- ${v.target}: ${v.held ? "held" : "NOT held"} (${v.figure})`).join("\n");
}
