import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDist } from "../support/dist.js";
import { run } from "../support/run.js";
import { listOperations, loadSpec, repoRoot, versions } from "../support/spec.js";

const operationIds = (document: Record<string, unknown>) =>
  [...listOperations(document), ...listOperations(document, "webhooks")].map((op) => op.operation.operationId as string);

describe("publishing the specs", () => {
  let dist: string;
  beforeAll(() => {
    dist = buildDist(["build:spec", "docs"]);
  }, 300_000);
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it.each(versions)("build:spec bundles %s to single-file JSON and YAML with every operation", (version) => {
    const source = loadSpec(version);
    const json = JSON.parse(readFileSync(`${dist}/spec/${version}.json`, "utf8"));
    const yaml = parse(readFileSync(`${dist}/spec/${version}.yaml`, "utf8"));
    for (const bundled of [json, yaml]) {
      expect(bundled.openapi).toBe("3.1.0");
      expect(operationIds(bundled).sort()).toEqual(operationIds(source).sort());
      expect(JSON.stringify(bundled)).not.toMatch(/"\$ref":"(?!#)/);
    }
  });

  it.each(versions)("docs renders a self-contained HTML reference of %s naming every operation", (version) => {
    const html = readFileSync(`${dist}/docs/${version}.html`, "utf8");
    expect(html).toMatch(/<html/i);
    expect(html).not.toMatch(/<script[^>]+src="https?:/i);
    // Redoc 3 reports readers' page views to Redocly unless the config's `telemetry: off` reaches the page.
    expect(html).toContain('const __redoc_options = {"skipBundle":true,"disableTelemetry":true}');
    for (const id of operationIds(loadSpec(version))) expect(html).toContain(id);
  });
});

describe("the generated-types gate", () => {
  it.each(versions)("passes for the committed %s types and fails once the spec changes", (version) => {
    const current = run("openapi-typescript", [`openapi/${version}.yaml`, "-o", `generated/${version}.ts`, "--default-non-nullable", "false", "--check"]);
    expect(current.status, current.output).toBe(0);

    const changed = loadSpec(version);
    (changed.info as Record<string, unknown>).title = "A spec edited after generation";
    const schemas = (changed.components as { schemas: Record<string, unknown> }).schemas;
    schemas.AddedAfterGeneration = { type: "object", properties: { probe: { type: "string" } } };
    const file = join(mkdtempSync(join(tmpdir(), "spec-")), `${version}.yaml`);
    writeFileSync(file, stringify(changed));
    const stale = run("openapi-typescript", [file, "-o", `generated/${version}.ts`, "--default-non-nullable", "false", "--check"]);
    expect(stale.status, stale.output).not.toBe(0);
  });
});

describe("the lint gate", () => {
  it("fails on a spec that breaks a rule (an operation without operationId or responses)", () => {
    const broken = loadSpec("v3");
    const [first] = listOperations(broken);
    delete first!.operation.operationId;
    const file = join(mkdtempSync(join(tmpdir(), "spec-")), "broken.yaml");
    writeFileSync(file, stringify(broken));
    const result = run("spectral", ["lint", file, "--ruleset", ".spectral.yaml", "--fail-severity", "warn"]);
    expect(result.status, result.output).not.toBe(0);
    expect(result.output).toMatch(/operation-operationId/);
  });
});
