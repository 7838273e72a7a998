/** Where the released specs are: the nearest release tag, else the commits recorded in openapi/released.json. */

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { OpenApiDocument } from "../../client/spec-document.js";

export type SpecName = "v3" | "v4";
export const specNames: SpecName[] = ["v3", "v4"];

export interface Release {
  ref: string;
  /** How the ref was found, for the report. */
  source: string;
}

const releaseRecord = "openapi/released.json";

function git(cwd: string, args: string[]): { ok: boolean; out: string } {
  const result = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { ok: result.status === 0, out: result.status === 0 ? result.stdout : result.stderr };
}

/**
 * The nearest release tag (`v*`) reachable from HEAD; tags may be missing (a fresh CI clone, or none made yet), so
 * the commits recorded in the repo are the fallback.
 */
export function lastRelease(cwd: string, spec: SpecName): Release {
  const tag = git(cwd, ["describe", "--tags", "--abbrev=0", "--match", "v[0-9]*"]);
  if (tag.ok) return { ref: tag.out.trim(), source: "the nearest release tag" };
  const record = join(cwd, releaseRecord);
  if (!existsSync(record)) throw new Error(`no release tag (v*) and no ${releaseRecord}: name a base ref`);
  const ref = (JSON.parse(readFileSync(record, "utf8")) as Partial<Record<SpecName, string>>)[spec];
  if (!ref) throw new Error(`${releaseRecord} has no commit for ${spec}`);
  return { ref, source: releaseRecord };
}

export function specAt(cwd: string, ref: string, spec: SpecName): OpenApiDocument {
  const shown = git(cwd, ["show", `${ref}:openapi/${spec}.yaml`]);
  if (!shown.ok)
    throw new Error(`cannot read openapi/${spec}.yaml at ${ref} (a shallow clone? fetch the history with \`git fetch --unshallow --tags\`): ${shown.out.trim()}`);
  return parse(shown.out) as OpenApiDocument;
}

export function specInWorkingTree(cwd: string, spec: SpecName): OpenApiDocument {
  return parse(readFileSync(join(cwd, "openapi", `${spec}.yaml`), "utf8")) as OpenApiDocument;
}
