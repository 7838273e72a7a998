/** The readable report of one spec's changes and the gate's verdict on them. */

import type { Change } from "./change.js";
import type { Verdict } from "./gate.js";

export function formatReport(spec: string, baseLabel: string, changes: Change[], verdict: Verdict): string {
  const nonBreaking = changes.filter((change) => change.severity === "non-breaking");
  return [
    `${spec}: ${verdict.baseVersion} at ${baseLabel} → ${verdict.headVersion} in the working tree`,
    ...section("breaking", verdict.breaking, "✗"),
    ...section("non-breaking", nonBreaking, "+"),
    `  ${conclusion(verdict)}`,
  ].join("\n");
}

function section(title: string, changes: Change[], mark: string): string[] {
  if (changes.length === 0) return [`  ${title}: none`];
  return [`  ${title} (${changes.length}):`, ...changes.map((change) => `    ${mark} ${change.where}: ${change.what}`)];
}

function conclusion(verdict: Verdict): string {
  const count = verdict.breaking.length;
  if (count === 0) return "OK: no breaking change.";
  if (verdict.majorBumped) return `OK: ${count} breaking change(s), allowed by the major version bump ${verdict.baseVersion} → ${verdict.headVersion}.`;
  return `FAILED: ${count} breaking change(s) without a major version bump (${verdict.baseVersion} → ${verdict.headVersion}); undo them or raise info.version's major number.`;
}
