/**
 * `npm run contract -- --target <url> --spec v3|v4 [--token <v3 admin token>] [--api-key <k> --shared-key <s>]
 * [--mock] [--deep] [--seed <n>] [--reports <dir>] [--webhook-url <public url>]`: runs the contract suite against any deployment (or a Prism mock
 * with --mock), writes reports/contract-<spec>.json and .html, and exits non-zero on any violation or missed
 * coverage target.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "../support/spec.js";
import { buildReport, writeReport } from "./report.js";
import { contractTarget, type ContractTarget } from "./target.js";

const usage = "usage: npm run contract -- --target <url> --spec v3|v4 [--token <t>] [--api-key <k> --shared-key <s>] [--mock] [--deep] [--seed <n>] [--reports <dir>] [--webhook-url <public url of the suite's webhook receiver>]";

function parse(): { env: Record<string, string>; reports: string } {
  const { values } = parseArgs({
    options: {
      target: { type: "string" }, spec: { type: "string" }, token: { type: "string" }, "api-key": { type: "string" },
      "shared-key": { type: "string" }, mock: { type: "boolean" }, deep: { type: "boolean" }, seed: { type: "string" },
      reports: { type: "string" }, "webhook-url": { type: "string" }, help: { type: "boolean" },
    },
  });
  if (values.help) exit(0, usage);
  if (!values.target || (values.spec !== "v3" && values.spec !== "v4")) exit(2, usage);
  // Credentials may come from the environment instead, so they stay out of shell histories and CI logs.
  const token = values.token ?? process.env.CONTRACT_TOKEN;
  if (!values.mock && !token) exit(2, "--token or CONTRACT_TOKEN (a v3 token with every scope) is needed to set up fixtures; or --mock for a Prism mock");
  const seed = values.seed ?? String(Math.floor(Math.random() * 2 ** 31));
  if (!/^\d+$/.test(seed)) exit(2, "--seed is a whole number");
  const reports = values.reports ?? join(repoRoot, "reports");
  return {
    reports,
    env: {
      CONTRACT_TARGET: values.target, CONTRACT_SPEC: values.spec, CONTRACT_MOCK: String(values.mock === true), CONTRACT_TOKEN: token ?? "",
      CONTRACT_API_KEY: values["api-key"] ?? process.env.CONTRACT_API_KEY ?? "", CONTRACT_SHARED_KEY: values["shared-key"] ?? process.env.CONTRACT_SHARED_KEY ?? "", CONTRACT_DEEP: String(values.deep === true),
      CONTRACT_SEED: seed, CONTRACT_RECORD_FILE: join(reports, `.contract-${values.spec}.jsonl`), CONTRACT_WEBHOOK_URL: values["webhook-url"] ?? "",
    },
  };
}

function exit(code: number, message: string): never {
  (code === 0 ? console.log : console.error)(message);
  process.exit(code);
}

/** A v4 run without its own credentials gets an API key made through v3 for the run, revoked afterwards. */
async function provideV4Credentials(target: ContractTarget): Promise<(() => Promise<void>) | undefined> {
  if (target.spec !== "v4" || target.mock || (target.apiKey && target.sharedKey)) return undefined;
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${target.baseUrl}${path}`, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { authorization: `Bearer ${target.token}`, "content-type": "application/json" },
    });
  const created = await call("POST", "/v3/api-keys", { name: "contract suite" });
  if (created.status !== 201) exit(1, `could not create a v4 API key through POST /v3/api-keys: ${created.status} ${await created.text()}`);
  const key = (await created.json()) as { id: string; apiKey: string; sharedKey: string };
  Object.assign(target, { apiKey: key.apiKey, sharedKey: key.sharedKey });
  return async () => void (await call("DELETE", `/v3/api-keys/${key.id}`));
}

async function main(): Promise<void> {
  const { env, reports } = parse();
  const target = contractTarget(env);
  rmSync(target.recordFile, { force: true });
  const revoke = await provideV4Credentials(target);
  console.log(`contract suite: ${target.spec} against ${target.baseUrl}${target.mock ? " (mock)" : ""}, seed ${target.seed}`);
  const vitest = spawnSync(join(repoRoot, "node_modules/.bin/vitest"), ["run", "--config", "test/contract/vitest.config.ts"], {
    cwd: repoRoot, stdio: "inherit",
    env: { ...process.env, ...env, CONTRACT_API_KEY: target.apiKey ?? "", CONTRACT_SHARED_KEY: target.sharedKey ?? "" },
  });
  await revoke?.();
  const report = buildReport(target, vitest.status === 0);
  const files = writeReport(report, reports);
  const { operations, pairs } = report.coverage;
  console.log(`operations ${operations.exercised}/${operations.total} (${operations.percent}%), pairs ${pairs.exercised}/${pairs.documented} (${pairs.percent}%; ${pairs.percentOfReachable}% of reachable), ${report.failures.length} violation(s)`);
  console.log(`report: ${files.html} and ${files.json}`);
  console.log(`verdict: ${report.verdict}${report.reasons.length ? ` (${report.reasons.join("; ")})` : ""}; replay with --seed ${target.seed}`);
  process.exit(report.verdict === "pass" ? 0 : 1);
}

await main();
