import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { OpenApiDocument } from "../../client/spec-document.js";

export { listOperations, type OperationRef } from "../../client/spec-document.js";

export type SpecVersion = "v3" | "v4";
export const versions: SpecVersion[] = ["v3", "v4"];

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** The hand-written spec, parsed (a fresh copy each call, so tests may mutate it). */
export function loadSpec(version: SpecVersion): OpenApiDocument {
  return parse(readFileSync(`${repoRoot}/openapi/${version}.yaml`, "utf8")) as OpenApiDocument;
}

