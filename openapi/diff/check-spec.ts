/** One spec through the gate: its release (or a given ref) against the working tree, or against a given document. */

import type { OpenApiDocument } from "../../client/spec-document.js";
import { classifyChanges } from "./classify-changes.js";
import { judge, type Verdict } from "./gate.js";
import { lastRelease, specAt, specInWorkingTree, type SpecName } from "./release.js";
import { formatReport } from "./report.js";

export interface CheckOptions {
  /** Default: the last release. */
  baseRef?: string;
  /** Default: the spec in the working tree. */
  head?: OpenApiDocument;
}

export function checkSpec(cwd: string, spec: SpecName, options: CheckOptions = {}): { verdict: Verdict; report: string } {
  const release = options.baseRef ? { ref: options.baseRef, source: "the command line" } : lastRelease(cwd, spec);
  const base = specAt(cwd, release.ref, spec);
  const head = options.head ?? specInWorkingTree(cwd, spec);
  const changes = classifyChanges(base, head);
  const verdict = judge(base, head, changes);
  return { verdict, report: formatReport(`openapi/${spec}.yaml`, `${release.ref} (${release.source})`, changes, verdict) };
}
