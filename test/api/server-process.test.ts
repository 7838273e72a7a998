import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/ports.js";
import { runAdmin, startServerProcess, type ServerProcess } from "../support/process.js";
import { licenseApi } from "../support/sdk.js";
import { repoRoot } from "../support/spec.js";

/** The shell block of the README's "Try the server" section, verbatim. */
function readmeWalkthrough(): string {
  const readme = readFileSync(`${repoRoot}/README.md`, "utf8");
  const start = readme.indexOf("```sh", readme.indexOf("<!-- try-it"));
  return readme.slice(start + "```sh".length, readme.indexOf("```", start + 5));
}

describe("the server as a process (npm start)", () => {
  const dir = mkdtempSync(join(tmpdir(), "lic-process-"));
  const env = { DATABASE_URL: `sqlite:${join(dir, "data/licensing.db")}`, DEMO_FILE: join(dir, "data/demo.json") };
  let server: ServerProcess;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = await startServerProcess({ ...env, PORT: String(port) });
  });
  afterAll(async () => server?.stop());

  it("seeds demo data on first start and prints how to try it", () => {
    const demo = JSON.parse(readFileSync(env.DEMO_FILE, "utf8"));
    expect(Object.keys(demo).sort()).toEqual(["accountId", "adminToken", "licenseId", "licenseKey", "productId", "productPublicKey", "v4"]);
    expect(server.output()).toContain(`export TOKEN='${demo.adminToken}'`);
  });

  it("seeds v4 demo data the official SDK activates with: the key-based and the user-based product", async () => {
    const { v4, licenseKey } = JSON.parse(readFileSync(env.DEMO_FILE, "utf8"));
    const sdk = licenseApi(base, v4);
    expect(await sdk.activateLicense({ license_key: licenseKey, hardware_id: "demo-device", product: v4.productCode })).toMatchObject({ license_key: licenseKey });
    const user = await sdk.activateLicense({ username: v4.user.email, password: v4.user.password, hardware_id: "demo-device", product: v4.userProductCode });
    expect(user.user.email).toBe(v4.user.email);
  });

  it("runs the README walkthrough end to end", () => {
    const result = spawnSync("bash", ["-euo", "pipefail", "-c", readmeWalkthrough()], { cwd: dir, encoding: "utf8", env: { ...process.env, BASE: base } });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toBe("laptop, air-gapped (offline)");
    expect(Number(lines[1])).toBe(-1);
  });

  it("finishes a request in flight when told to stop, then exits 0", async () => {
    const body = JSON.stringify({ name: "slow" });
    const answer = new Promise<number>((resolve, reject) => {
      const req = request(`${base}/v3/products`, { method: "POST", headers: { "content-type": "application/json", "content-length": body.length } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write(body.slice(0, 5));
      setTimeout(() => req.end(body.slice(5)), 500);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const exited = server.stop("SIGTERM");
    expect(await answer).toBe(401);
    expect(await exited).toBe(0);
  });

  it("keeps the demo file and seeds nothing on a later start", async () => {
    const before = statSync(env.DEMO_FILE).mtimeMs;
    const again = await startServerProcess({ ...env, PORT: String(await freePort()) });
    await again.stop();
    expect(again.output()).not.toContain("Demo data created");
    expect(statSync(env.DEMO_FILE).mtimeMs).toBe(before);
    expect((await runAdmin(["list-accounts"], env.DATABASE_URL)).stdout.split("\n")).toHaveLength(1);
  });
});

describe("the admin CLI (npm run admin)", () => {
  const databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), "lic-admin-")), "admin.db")}`;

  it("creates an account, mints a token that works with exactly its scopes, and creates a v4 key", async () => {
    const created = await runAdmin(["create-account", "--name", "Acme"], databaseUrl);
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/^[0-9a-f-]{36}$/);
    const minted = await runAdmin(["mint-token", "--account", created.stdout, "--scopes", "product:read"], databaseUrl);
    expect(minted.stdout.split(".")).toHaveLength(3);
    const key = JSON.parse((await runAdmin(["create-api-key", "--account", created.stdout], databaseUrl)).stdout);
    expect(key).toMatchObject({ apiKey: expect.any(String), sharedKey: expect.any(String) });
    expect((await runAdmin(["revoke-api-key", "--account", created.stdout, "--api-key", key.apiKey], databaseUrl)).stdout).toBe("revoked");
    const unknown = await runAdmin(["revoke-api-key", "--account", created.stdout, "--api-key", "nope"], databaseUrl);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/API key does not exist/);
    expect((await runAdmin(["list-accounts"], databaseUrl)).stdout).toContain("Acme");

    const port = await freePort();
    const server = await startServerProcess({ DATABASE_URL: databaseUrl, PORT: String(port), SEED_DEMO: "false" });
    try {
      const auth = { authorization: `Bearer ${minted.stdout}` };
      expect((await fetch(`http://127.0.0.1:${port}/v3/products`, { headers: auth })).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/v3/licenses`, { headers: auth })).status).toBe(403);
    } finally {
      await server.stop();
    }
  });

  it.each([
    [["--help"], 0, /Usage: npm run admin/],
    [["no-such-command"], 2, /Usage: npm run admin/],
    [["create-account"], 2, /--name is required/],
    [["mint-token", "--account", "00000000-0000-4000-8000-000000000000", "--scopes", "all"], 1, /account does not exist/],
    [["mint-token", "--account", "x", "--scopes", "root:all"], 2, /unknown scope/],
  ])("answers %j with exit code %i", async (args, status, message) => {
    const result = await runAdmin(args, databaseUrl);
    expect(result.status).toBe(status);
    expect(`${result.stdout}${result.stderr}`).toMatch(message);
  });
});
