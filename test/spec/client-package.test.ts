/**
 * The client as third parties get it: `npm run build:spec` builds dist/client, `npm pack` packs it, and a scratch
 * project outside the repo installs the tarball, compiles a program against it (strict) and runs it against the
 * real server process.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDist } from "../support/dist.js";
import { freePort } from "../support/ports.js";
import { startServerProcess, type ServerProcess } from "../support/process.js";
import { run } from "../support/run.js";
import { repoRoot } from "../support/spec.js";

const manifest = JSON.parse(readFileSync(`${repoRoot}/client/package.json`, "utf8"));
const rootManifest = JSON.parse(readFileSync(`${repoRoot}/package.json`, "utf8"));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const typesNode = JSON.parse(readFileSync(`${repoRoot}/node_modules/@types/node/package.json`, "utf8")).version as string;

/** The packages client/*.ts import or re-export (bare specifiers, `node:` built-ins aside), by package name. */
function importedPackages(): string[] {
  const sources = readdirSync(`${repoRoot}/client`).filter((file) => file.endsWith(".ts"));
  const specifiers = sources.flatMap((file) => [...readFileSync(`${repoRoot}/client/${file}`, "utf8").matchAll(/ from "([^".][^"]*)"/g)].map((m) => m[1]!));
  const names = specifiers.filter((s) => !s.startsWith("node:")).map((s) => s.split("/").slice(0, s.startsWith("@") ? 2 : 1).join("/"));
  return [...new Set(names)].sort();
}

describe("the @licensing-api/client package", () => {
  const scratch = mkdtempSync(join(tmpdir(), "third-party-"));
  let dist: string;
  let packedFiles: string[];

  beforeAll(() => {
    dist = buildDist(["build:spec"]);
    cpSync(`${repoRoot}/test/fixtures/third-party`, scratch, { recursive: true });
    const packed = run("npm", ["pack", join(dist, "client"), "--pack-destination", scratch, "--json", "--loglevel=error"]);
    expect(packed.status, packed.output).toBe(0);
    const [tarball] = JSON.parse(packed.output) as Array<{ filename: string; files: Array<{ path: string }> }>;
    packedFiles = tarball!.files.map((file) => file.path).sort();
    // The tarball's own files are local; its dependencies come from the npm cache or the registry.
    const args = ["install", "--prefix", scratch, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];
    const installed = run("npm", [...args, join(scratch, tarball!.filename), `@types/node@${typesNode}`]);
    expect(installed.status, installed.output).toBe(0);
  }, 300_000);
  afterAll(() => [scratch, dist].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it("holds the built JS with declarations, the generated types and the bundled specs; no TypeScript sources", () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining(["package.json", "README.md", "client/index.js", "client/index.d.ts", "client/verify-webhook.js", "client/verify-webhook.d.ts", "generated/v3.d.ts", "generated/v4.d.ts", "openapi/v3.json", "openapi/v4.json"]),
    );
    expect(packedFiles.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts"))).toEqual([]);
  });

  it("depends on exactly the packages its code imports, in the repo's ranges", () => {
    expect(Object.keys(manifest.dependencies).sort()).toEqual(importedPackages());
    for (const [name, range] of Object.entries(manifest.dependencies)) expect(range, name).toBe(rootManifest.dependencies[name]);
  });

  it("types a strict third-party program from the spec: it compiles, and a body the spec refuses does not", () => {
    const compiled = run("node", [tsc, "-p", scratch]);
    expect(compiled.status, compiled.output).toBe(0);

    const program = readFileSync(join(scratch, "main.ts"), "utf8");
    writeFileSync(join(scratch, "main.ts"), program.replace('{ name: "Third-party App" }', '{ title: "Third-party App" }'));
    const refused = run("node", [tsc, "-p", scratch, "--noEmit"]);
    writeFileSync(join(scratch, "main.ts"), program);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toMatch(/main\.ts\(\d+,\d+\): error TS\d+: .*'title'/);
  });

  describe("run against the real server with its demo data", () => {
    const data = mkdtempSync(join(tmpdir(), "third-party-server-"));
    let server: ServerProcess;
    let base: string;

    beforeAll(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      // Loopback http receivers are refused in production; the scratch program's receiver is one.
      server = await startServerProcess({
        PORT: String(port),
        DATABASE_URL: `sqlite:${join(data, "licensing.db")}`,
        DEMO_FILE: join(data, "demo.json"),
        WEBHOOKS_ALLOW_PRIVATE_URLS: "true",
        WEBHOOKS_ALLOW_HTTP: "true",
        WEBHOOKS_POLL_INTERVAL_MS: "100",
      });
    });
    afterAll(async () => {
      await server?.stop();
      rmSync(data, { recursive: true, force: true });
    });

    it("creates a product and license through v3, verifies the activation token and the signed webhook", async () => {
      const demo = JSON.parse(readFileSync(join(data, "demo.json"), "utf8"));
      const env = { ...process.env, BASE_URL: base, TOKEN: demo.adminToken, ACCOUNT_ID: demo.accountId };
      const { stdout } = await promisify(execFile)("node", [join(scratch, "out/main.js")], { cwd: scratch, env, timeout: 60_000 });
      const seen = JSON.parse(stdout);

      expect(seen).toMatchObject({ tokenKey: seen.licenseKey, event: "license.created", eventLicenseId: seen.licenseId, tampered: "bad-signature" });
      const stored = await fetch(`${base}/v3/licenses/${seen.licenseId}`, { headers: { authorization: `Bearer ${demo.adminToken}` } });
      expect(await stored.json()).toMatchObject({ id: seen.licenseId, key: seen.licenseKey, productId: seen.productId });
    });
  });
});
