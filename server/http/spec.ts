import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import type { OpenApiDocument } from "../../client/spec-document.js";

export type ApiVersion = "v3" | "v4";

const openapiDir = fileURLToPath(new URL("../../openapi/", import.meta.url));

/** Reads and parses a hand-written spec; called once per version at start-up. */
export function loadSpec(version: ApiVersion): OpenApiDocument {
  return parse(readFileSync(`${openapiDir}${version}.yaml`, "utf8")) as OpenApiDocument;
}
