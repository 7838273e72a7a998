import { describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../../client/spec-document.js";
import { classifyChanges } from "../../spec-diff/classify-changes.js";
import { judge } from "../../spec-diff/gate.js";
import { lastRelease, specAt } from "../../spec-diff/release.js";
import { formatReport } from "../../spec-diff/report.js";
import { loadSpec, repoRoot, versions, type SpecVersion } from "../support/spec.js";

/** The gate `npm run spec:diff` applies, against the last release (a tag, else openapi/released.json). */
function gate(version: SpecVersion, head: OpenApiDocument) {
  const release = lastRelease(repoRoot, version);
  const base = specAt(repoRoot, release.ref, version);
  const changes = classifyChanges(base, head);
  const verdict = judge(base, head, changes);
  return { verdict, report: formatReport(`openapi/${version}.yaml`, `${release.ref} (${release.source})`, changes, verdict) };
}

/** A response field of each spec: v3's license key, and v4's, inside the `allOf` of every license answer. */
const responseField: Record<SpecVersion, [schema: string, property: string]> = {
  v3: ["License", "key"],
  v4: ["LicenseBase", "license_key"],
};

describe("the breaking-change gate against the last release", () => {
  it.each(versions)("passes for the current %s: no breaking change, or a new major version", (version) => {
    const { verdict, report } = gate(version, loadSpec(version));
    expect(verdict.passes, report).toBe(true);
  });

  it.each(versions)("catches a deliberately removed response field in %s", (version) => {
    const head = loadSpec(version);
    const [name, property] = responseField[version];
    const schema = (head.components as { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> }).schemas[name]!;
    delete schema.properties[property];
    schema.required = schema.required.filter((required) => required !== property);
    const { verdict, report } = gate(version, head);
    expect(verdict.passes, report).toBe(false);
    expect(report).toContain(`$.${property}: property removed`);
  });
});
