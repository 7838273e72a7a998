import { spawnSync } from "node:child_process";
import { repoRoot } from "./spec.js";

/** Runs a command from the repo root (node_modules/.bin on PATH) and returns its exit code and output. */
export function run(command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(command, args, {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, PATH: `${repoRoot}/node_modules/.bin:${process.env.PATH}`, ...env },
    timeout: 300_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
