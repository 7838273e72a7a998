/** The sandbox's controls exist only in sandbox mode, and `--seed` loads other data or fails with a clear message. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxSeed } from "../../server/sandbox/seed-file.js";
import { stableLicenseKey } from "../../server/sandbox/stable-ids.js";
import { freePort } from "../support/ports.js";
import { runScript, startServerProcess, type ServerProcess } from "../support/process.js";
import { startSandbox, type Sandbox } from "../support/sandbox.js";
import { licenseApi } from "../support/sdk.js";
import { device } from "../support/v4-fixtures.js";

const directory = mkdtempSync(join(tmpdir(), "sandbox-seeds-"));
const seedFile = (name: string, content: unknown) => {
  const path = join(directory, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
};
const seed: SandboxSeed = {
  seed: "team-a",
  products: [{ ref: "tool", name: "Team Tool", code: "TOOL" }],
  licenses: [{ ref: "two-seats", product: "tool", demonstrates: "two devices", allowedActivations: 2 }],
};

describe("outside sandbox mode (npm start)", () => {
  let server: ServerProcess;
  let url: string;
  beforeAll(async () => {
    const port = await freePort();
    server = await startServerProcess({ PORT: String(port), DATABASE_URL: "sqlite::memory:", SEED_DEMO: "false" });
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(() => server?.stop());

  it.each([
    ["POST", "/__sandbox/reset", undefined],
    ["POST", "/__sandbox/clock", { advanceSeconds: 3600 }],
    ["GET", "/__sandbox/clock", undefined],
  ])("%s %s is an unknown path (404 in v3's format)", async (method, path, body) => {
    const answer = await fetch(`${url}${path}`, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({ message: expect.any(String), code: expect.any(String) });
  });
});

describe("--seed", () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox(["--seed", seedFile("team.json", seed)]);
  });
  afterAll(() => sandbox?.process.stop());

  it("loads the file's data instead of the demo, with keys derived from its seed", async () => {
    expect([...sandbox.banner.licenses.keys()]).toEqual(["two-seats"]);
    const { key } = sandbox.banner.licenses.get("two-seats")!;
    expect(key).toBe(stableLicenseKey(seed.seed, "license-key/two-seats"));
    const sdk = licenseApi(sandbox.url, sandbox.banner.v4);
    expect((await sdk.activateLicense({ license_key: key, product: "TOOL", hardware_id: device() })).max_activations).toBe(2);
  });

  const license = seed.licenses[0]!;
  it.each([
    ["is not JSON", "{ not json", ["bad.json:", "JSON"]],
    ["lacks its products", { seed: "x", licenses: [] }, ["/ must have required property 'products'"]],
    [
      "has an unknown license type and field",
      { ...seed, licenses: [{ ...license, type: "floating", colour: "red" }] },
      ["/licenses/0/type must be equal to one of the allowed values: node-locked, hosted-floating", '/licenses/0 must NOT have additional properties: "colour"'],
    ],
    ["names a product it does not have", { ...seed, licenses: [{ ...license, product: "nope" }] }, ['license "two-seats": no product has the ref "nope"']],
    [
      "gives two products one code (refused by the core)",
      { ...seed, products: [...seed.products, { ref: "copy", name: "Copy", code: "TOOL" }] },
      ['product "copy": SHORT_CODE_ALREADY_EXISTS'],
    ],
  ])("fails to start, naming the problem, when the file %s", async (_name, content, problems) => {
    const file = seedFile("bad.json", content);
    const result = await runScript("server/sandbox/main.ts", ["--seed", file, "--port", String(await freePort())]);
    expect(result.status).toBe(2);
    for (const problem of problems) expect(result.stderr).toContain(problem);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
