/** Reads a V8 `.cpuprofile` (from `node --cpu-prof`) into the functions that spent the most time themselves. */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { repoRoot } from "../test/support/spec.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** The `limit` functions with the most self time, each as milliseconds and share of all samples (idle excluded). */
export function topSelfTime(profileFile: string, limit: number): SelfTime[] {
  const profile = JSON.parse(readFileSync(profileFile, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const name = nameOf(nodes.get(id)!);
    byFunction.set(name, (byFunction.get(name) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  byFunction.delete("(idle)");
  const total = [...byFunction.values()].reduce((a, b) => a + b, 0);
  return [...byFunction]
    .sort(([, a], [, b]) => b - a)
    .slice(0, limit)
    .map(([name, ms]) => ({ name, ms, share: ms / total }));
}

/** `function (file:line)`, the file relative to the repo (node_modules paths shortened to the package). */
function nameOf({ callFrame }: ProfileNode): string {
  const file = callFrame.url.replace(/^file:\/\//, "");
  if (!file) return callFrame.functionName || "(anonymous)";
  const where = file.includes("node_modules/") ? file.slice(file.lastIndexOf("node_modules/") + 13) : relative(repoRoot, file);
  return `${callFrame.functionName || "(anonymous)"} (${where}:${callFrame.lineNumber + 1})`;
}
