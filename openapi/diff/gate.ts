/** The versioning policy: a breaking change needs a new major version of the spec. */

import type { OpenApiDocument } from "../../client/spec-document.js";
import type { Change } from "./change.js";

export interface Verdict {
  baseVersion: string;
  headVersion: string;
  majorBumped: boolean;
  breaking: Change[];
  passes: boolean;
}

const versionOf = (document: OpenApiDocument) => String((document.info as { version?: unknown } | undefined)?.version ?? "");
const majorOf = (version: string) => version.split(".")[0];

export function judge(base: OpenApiDocument, head: OpenApiDocument, changes: Change[]): Verdict {
  const baseVersion = versionOf(base);
  const headVersion = versionOf(head);
  const majorBumped = majorOf(baseVersion) !== majorOf(headVersion);
  const breaking = changes.filter((change) => change.severity === "breaking");
  return { baseVersion, headVersion, majorBumped, breaking, passes: breaking.length === 0 || majorBumped };
}
