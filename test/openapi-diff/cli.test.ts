import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/spec.js";

/** `npm run spec:diff` in a scratch git repository holding a copy of both specs. */
describe("npm run spec:diff", () => {
  let repo: string;
  const identity = { GIT_AUTHOR_NAME: "test", GIT_AUTHOR_EMAIL: "test@example.com", GIT_COMMITTER_NAME: "test", GIT_COMMITTER_EMAIL: "test@example.com" };
  const git = (...args: string[]) => {
    const result = spawnSync("git", args, { cwd: repo, encoding: "utf8", env: { ...process.env, ...identity } });
    expect(result.status, result.stderr).toBe(0);
    return result.stdout.trim();
  };
  const specDiff = (...args: string[]) => {
    const result = spawnSync(join(repoRoot, "node_modules/.bin/tsx"), [join(repoRoot, "openapi/diff/main.ts"), ...args], { cwd: repo, encoding: "utf8" });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  const editV3 = (edit: (spec: Record<string, any>) => void) => {
    const file = join(repo, "openapi/v3.yaml");
    const spec = parse(readFileSync(file, "utf8"));
    edit(spec);
    writeFileSync(file, stringify(spec));
  };
  const removeLicenseKey = (spec: Record<string, any>) => {
    const license = spec.components.schemas.License;
    delete license.properties.key;
    license.required = license.required.filter((name: string) => name !== "key");
  };

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), "spec-diff-"));
    mkdirSync(join(repo, "openapi"));
    for (const spec of ["v3", "v4"]) copyFileSync(join(repoRoot, `openapi/${spec}.yaml`), join(repo, `openapi/${spec}.yaml`));
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "release");
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it("without a release tag, compares with the commits in openapi/released.json", () => {
    const release = git("rev-parse", "HEAD");
    writeFileSync(join(repo, "openapi/released.json"), JSON.stringify({ v3: release, v4: release }));
    const { status, output } = specDiff();
    expect(status, output).toBe(0);
    expect(output).toContain(`openapi/v3.yaml: 3.0.0 at ${release} (openapi/released.json) → 3.0.0 in the working tree`);
    expect(output).toContain("OK: no breaking change.");
  });

  it("fails on a removed response field against the nearest release tag and names it", () => {
    git("tag", "v1.0.0");
    editV3(removeLicenseKey);
    const { status, output } = specDiff();
    expect(status, output).toBe(1);
    expect(output).toContain("openapi/v3.yaml: 3.0.0 at v1.0.0 (the nearest release tag)");
    expect(output).toContain("✗ GET /v3/licenses/{id} (getLicense) 200 application/json $.key: property removed");
    expect(output).toMatch(/FAILED: \d+ breaking change\(s\) without a major version bump \(3\.0\.0 → 3\.0\.0\)/);
    expect(output).toContain("openapi/v4.yaml: 4.0.0 at v1.0.0 (the nearest release tag) → 4.0.0 in the working tree\n  breaking: none");
  });

  it("passes the same change with a major version bump, and says so", () => {
    editV3((spec) => (spec.info.version = "4.0.0"));
    const { status, output } = specDiff("v1.0.0");
    expect(status, output).toBe(0);
    expect(output).toContain("at v1.0.0 (the command line)");
    expect(output).toMatch(/OK: \d+ breaking change\(s\), allowed by the major version bump 3\.0\.0 → 4\.0\.0\./);
  });

  it("exits 2 on a base ref that does not exist", () => {
    const { status, output } = specDiff("no-such-ref");
    expect(status, output).toBe(2);
    expect(output).toContain("cannot read openapi/v3.yaml at no-such-ref");
  });
});
