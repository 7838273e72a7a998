/** The state of one comparison of two spec versions: both documents and the changes found so far. */

import type { OpenApiDocument } from "../../client/spec-document.js";
import { severityOf, type Change, type Severity, type Side } from "./change.js";

export interface Comparison {
  base: OpenApiDocument;
  head: OpenApiDocument;
  changes: Change[];
  /** `$ref` pairs being compared further up, so recursive schemas end. */
  comparing: Set<string>;
}

export function startComparison(base: OpenApiDocument, head: OpenApiDocument): Comparison {
  return { base, head, changes: [], comparing: new Set() };
}

export function record(comparison: Comparison, severity: Severity, where: string, what: string): void {
  comparison.changes.push({ severity, where, what });
}

/** Made required, a field narrows what clients may send and stops being missing from what they read; optional, the reverse. */
export function recordRequiredness(comparison: Comparison, side: Side, where: string, before: boolean, after: boolean): void {
  if (before !== after) record(comparison, severityOf(side, after, !after), where, after ? "now required" : "now optional");
}
