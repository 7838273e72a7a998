/** A vendor sets up the License API with the admin CLI and v3 only; the official SDK then works against the server process. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/ports.js";
import { runAdmin, startServerProcess, type ServerProcess } from "../support/process.js";
import { licenseApi } from "../support/sdk.js";

describe("v4 set-up through the admin CLI", () => {
  const databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), "lic-v4-admin-")), "admin.db")}`;
  const admin = async (...args: string[]) => {
    const result = await runAdmin(args, databaseUrl);
    if (result.status !== 0) throw new Error(`admin ${args[0]} failed: ${result.stderr}`);
    return result.stdout;
  };
  let server: ServerProcess;
  let url: string;
  let account: string;
  let token: string;

  beforeAll(async () => {
    account = await admin("create-account", "--name", "Vendor");
    token = await admin("mint-token", "--account", account, "--scopes", "all");
    const port = await freePort();
    server = await startServerProcess({ DATABASE_URL: databaseUrl, PORT: String(port), SEED_DEMO: "false" });
    url = `http://127.0.0.1:${port}`;
  }, 120_000);
  afterAll(() => server?.stop());

  async function v3<T>(path: string, body: unknown): Promise<T> {
    const response = await fetch(`${url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(response.status).toBe(201);
    return (await response.json()) as T;
  }

  it("sets up key-based and user-based products, a blacklist and an OAuth client that the SDK then uses", async () => {
    const product = await v3<{ id: string }>("/v3/products", { name: "Editor" });
    await admin("set-product-licensing", "--account", account, "--product", product.id, "--short-code", "EDT", "--json", JSON.stringify({ metadata: { tier: "pro" } }));
    const license = await v3<{ id: string; key: string }>("/v3/licenses", { productId: product.id, allowedActivations: 2 });
    await admin("set-license-terms", "--account", account, "--license", license.id, "--json", JSON.stringify({ canBorrow: true, maxBorrowTime: 24 }));
    await admin("blacklist-device", "--account", account, "--hardware-id", "STOLEN-1");

    const users = await v3<{ id: string }>("/v3/products", { name: "Studio" });
    await admin("set-product-licensing", "--account", account, "--product", users.id, "--short-code", "STU", "--authorization-method", "user");
    const seat = await v3<{ id: string }>("/v3/licenses", { productId: users.id, allowedActivations: 0 });
    const login = JSON.parse(await admin("create-license-user", "--account", account, "--email", "Ada@Example.com"));
    await admin("assign-license-user", "--account", account, "--license", seat.id, "--email", "ada@example.com", "--max-activations", "1");

    const key = JSON.parse(await admin("create-api-key", "--account", account));
    const publicKeyPem = await admin("show-public-key", "--account", account);
    const sdk = licenseApi(url, { ...key, publicKeyPem });
    const activated = await sdk.activateLicense({ license_key: license.key, hardware_id: "DEVICE-1", product: "EDT" });
    expect(activated).toMatchObject({ can_borrow: true, max_borrow_time: 24, product_details: { short_code: "EDT", metadata: { tier: "pro" } } });
    await expect(sdk.activateLicense({ license_key: license.key, hardware_id: "STOLEN-1", product: "EDT" })).rejects.toMatchObject({ code: "blacklisted" });
    const user = await sdk.activateLicense({ username: login.email, password: login.password, hardware_id: "DEVICE-2", product: "STU" });
    expect(user.user).toMatchObject({ email: "ada@example.com", max_activations: 1 });

    const client = JSON.parse(await admin("create-oauth-client", "--account", account));
    const oauth = licenseApi(url, { apiKey: "", sharedKey: "", publicKeyPem }, { clientID: client.clientId, clientSecret: client.clientSecret, tokenUrl: `${url}/api/v4/oauth/token` });
    expect((await oauth.checkLicense({ license_key: license.key, hardware_id: "DEVICE-1", product: "EDT" })).license_enabled).toBe(true);
    await admin("revoke-oauth-client", "--account", account, "--client-id", client.clientId);
    const afterRevoke = licenseApi(url, { apiKey: "", sharedKey: "", publicKeyPem }, { clientID: client.clientId, clientSecret: client.clientSecret, tokenUrl: `${url}/api/v4/oauth/token` });
    await expect(afterRevoke.checkLicense({ license_key: license.key, hardware_id: "DEVICE-1", product: "EDT" })).rejects.toBeDefined();
  });

  it.each([
    [["set-product-licensing", "--product", "x"], /--account is required/],
    [["add-product-version", "--account", "a", "--product", "p", "--json", "{}"], /--json needs version/],
    [["set-license-terms", "--account", "a", "--license", "l", "--json", "[1]"], /--json must be a JSON object/],
    [["assign-license-user", "--account", "a", "--license", "l", "--email", "e", "--max-activations", "two"], /whole number/],
  ])("refuses bad usage %j with exit code 2", async (args, message) => {
    const result = await runAdmin(args as string[], databaseUrl);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it("refuses a short code another product already has", async () => {
    const [a, b] = [await v3<{ id: string }>("/v3/products", { name: "A" }), await v3<{ id: string }>("/v3/products", { name: "B" })];
    await admin("set-product-licensing", "--account", account, "--product", a.id, "--short-code", "DUP");
    const clash = await runAdmin(["set-product-licensing", "--account", account, "--product", b.id, "--short-code", "DUP"], databaseUrl);
    expect(clash.status).toBe(1);
    expect(clash.stderr).toMatch(/short code/);
  });
});
