import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "./run.js";

/**
 * Runs publishing scripts (`build:spec`, `docs`) into a fresh temp folder through `DIST_DIR`, so test files that
 * build in parallel never read each other's half-written dist/. Returns that folder.
 */
export function buildDist(scripts: string[]): string {
  const dist = mkdtempSync(join(tmpdir(), "dist-"));
  for (const script of scripts) {
    const { status, output } = run("npm", ["run", "--silent", script], { DIST_DIR: dist });
    if (status !== 0) throw new Error(`npm run ${script} failed:\n${output}`);
  }
  return dist;
}
