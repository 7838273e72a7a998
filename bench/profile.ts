/**
 * `npm run bench:profile -- [operation]`: the server under one operation's load with `node --cpu-prof`, then the
 * functions with the most self time. Operations: check_license (default), activate_license, sync, get, oauth_url.
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Engine } from "../server/db/index.js";
import { prepareBenchData } from "./bench-data.js";
import { topSelfTime } from "./cpu-profile.js";
import { runLoad } from "./load.js";
import { activateLicense, checkLicense, getActivation, oauthUrl, syncActivation } from "./operations.js";
import { startLicensingServer } from "./processes.js";

const operations = { check_license: checkLicense, activate_license: activateLicense, sync: syncActivation, get: getActivation, oauth_url: oauthUrl };
const name = (process.argv[2] ?? "check_license") as keyof typeof operations;
const operation = operations[name];
if (!operation) throw new Error(`unknown operation "${name}"; one of ${Object.keys(operations).join(", ")}`);
const engine = (process.env.BENCH_ENGINE ?? "sqlite") as Engine;

const profileDir = mkdtempSync(join(tmpdir(), "lic-profile-"));
// The profile is written when the server exits, which its SIGTERM handler does with process.exit.
const server = await startLicensingServer(engine, {}, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]);
try {
  const figures = await runLoad(server.url, operation.requests(await prepareBenchData(server.url, server.demoFile)));
  console.log(`${operation.name} on ${engine}: ${figures.requestsPerSecond.toFixed(0)} req/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms`);
} finally {
  await server.stop();
}
// One profile per thread (tsx's loader runs in a worker); the main thread's is thread 0: CPU.<date>.<time>.<pid>.0.<seq>.
const profile = join(profileDir, readdirSync(profileDir).find((file) => /\.\d+\.0\.\d+\.cpuprofile$/.test(file))!);
console.log(`profile: ${profile}\n\n| self ms | share | function |\n| --- | --- | --- |`);
for (const entry of topSelfTime(profile, 25)) console.log(`| ${entry.ms.toFixed(0)} | ${(entry.share * 100).toFixed(1)} % | ${entry.name} |`);
