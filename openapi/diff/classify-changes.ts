/**
 * The breaking-change classifier: every difference between two versions of a spec, breaking or not.
 *
 * Written here rather than taken from npm: oasdiff (the reference for these rules) is a Go binary whose npm name is
 * a placeholder; Atlassian's openapi-diff and api-smart-diff document OpenAPI 3.0 only; @pb33f/openapi-changes
 * downloads a Go binary at install time and Optic brings telemetry and a large dependency tree. The specs use
 * OpenAPI 3.1 features (type arrays, `unevaluatedProperties`, `allOf` compositions) and only local `$ref`s, which
 * the walkers in client/spec-document.ts already handle.
 */

import type { OpenApiDocument } from "../../client/spec-document.js";
import type { Change } from "./change.js";
import { startComparison } from "./comparison.js";
import { compareOperations } from "./compare-operations.js";

export function classifyChanges(base: OpenApiDocument, head: OpenApiDocument): Change[] {
  const comparison = startComparison(base, head);
  compareOperations(comparison, "paths");
  compareOperations(comparison, "webhooks");
  return comparison.changes;
}
