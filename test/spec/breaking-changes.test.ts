import { describe, expect, it } from "vitest";
import { checkSpec } from "../../openapi/diff/check-spec.js";
import { loadSpec, repoRoot, versions, type SpecVersion } from "../support/spec.js";

/** A response field of each spec: v3's license key, and v4's, inside the `allOf` of every license answer. */
const responseField: Record<SpecVersion, [schema: string, property: string]> = {
  v3: ["License", "key"],
  v4: ["LicenseBase", "license_key"],
};

/** The gate `npm run spec:diff` applies, against the last release (a tag, else openapi/released.json). */
describe("the breaking-change gate against the last release", () => {
  it.each(versions)("passes for the current %s: no breaking change, or a new major version", (version) => {
    const { verdict, report } = checkSpec(repoRoot, version);
    expect(verdict.passes, report).toBe(true);
  });

  it.each(versions)("catches a deliberately removed response field in %s", (version) => {
    const head = loadSpec(version);
    const [name, property] = responseField[version];
    const schema = (head.components as { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> }).schemas[name]!;
    delete schema.properties[property];
    schema.required = schema.required.filter((required) => required !== property);
    const { verdict, report } = checkSpec(repoRoot, version, { head });
    expect(verdict.passes, report).toBe(false);
    expect(report).toContain(`$.${property}: property removed`);
  });
});
