/**
 * `npm run spec:diff -- [base-ref]`: classifies every change of openapi/v3.yaml and openapi/v4.yaml since the
 * base ref (default: the last release) and exits 1 when a spec breaks its clients without a new major version.
 */

import { classifyChanges } from "./classify-changes.js";
import { judge } from "./gate.js";
import { lastRelease, specAt, specInWorkingTree, specNames, type SpecName } from "./release.js";
import { formatReport } from "./report.js";

function checkSpec(cwd: string, spec: SpecName, baseRef: string | undefined): boolean {
  const release = baseRef ? { ref: baseRef, source: "the command line" } : lastRelease(cwd, spec);
  const base = specAt(cwd, release.ref, spec);
  const head = specInWorkingTree(cwd, spec);
  const changes = classifyChanges(base, head);
  const verdict = judge(base, head, changes);
  console.log(formatReport(`openapi/${spec}.yaml`, `${release.ref} (${release.source})`, changes, verdict));
  return verdict.passes;
}

try {
  const results = specNames.map((spec) => checkSpec(process.cwd(), spec, process.argv[2]));
  process.exitCode = results.every(Boolean) ? 0 : 1;
} catch (error) {
  console.error(`spec:diff: ${(error as Error).message}`);
  process.exitCode = 2;
}
