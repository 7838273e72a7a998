import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createV3Client } from "../../client/v3.js";
import { validateResponses } from "../../client/validate-responses.js";
import { createPostgresDatabase, testEngines, type TestDatabase } from "../support/database.js";
import { freePort } from "../support/ports.js";
import { startServerProcess, type ServerProcess } from "../support/process.js";
import { activationRequest } from "../support/api.js";
import { loadSpec } from "../support/spec.js";

const checked = { middleware: [validateResponses(loadSpec("v3"))] };

describe.skipIf(!testEngines().includes("postgres"))("two server processes sharing one PostgreSQL", () => {
  let database: TestDatabase;
  const servers: ServerProcess[] = [];
  const urls: string[] = [];
  const demoFile = join(mkdtempSync(join(tmpdir(), "lic-multi-")), "demo.json");

  beforeAll(async () => {
    database = await createPostgresDatabase();
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      // One after the other: the first migrates and seeds, the second finds both done.
      servers.push(await startServerProcess({ DATABASE_URL: database.url, PORT: String(port), DEMO_FILE: demoFile, RATE_LIMIT_MAX: "100000" }));
      urls.push(`http://127.0.0.1:${port}`);
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database?.drop();
  });

  it("lets exactly 5 of 50 activations spread over both processes in against allowedActivations 5", async () => {
    const demo = JSON.parse(readFileSync(demoFile, "utf8"));
    const admin = createV3Client({ baseUrl: urls[0]!, token: demo.adminToken, ...checked });
    const { data: license } = await admin.POST("/v3/licenses", { body: { productId: demo.productId, allowedActivations: 5 } });
    const clients = urls.map((baseUrl) => createV3Client({ baseUrl, ...checked }));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => clients[i % 2]!.POST("/v3/activations", { body: activationRequest(license!, demo.accountId) })),
    );
    expect(results.filter((r) => r.response.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.error?.code === "ACTIVATION_LIMIT_REACHED")).toHaveLength(45);
    const { data: after } = await createV3Client({ baseUrl: urls[1]!, token: demo.adminToken, ...checked }).GET("/v3/licenses/{id}", { params: { path: { id: license!.id } } });
    expect(after!.totalActivations).toBe(5);
  });

  it("runs one of 20 activations with one Idempotency-Key spread over both processes; the others replay it or get 409", async () => {
    const demo = JSON.parse(readFileSync(demoFile, "utf8"));
    const admin = createV3Client({ baseUrl: urls[0]!, token: demo.adminToken, ...checked });
    const { data: license } = await admin.POST("/v3/licenses", { body: { productId: demo.productId, allowedActivations: 5 } });
    const clients = urls.map((baseUrl) => createV3Client({ baseUrl, ...checked }));
    const body = activationRequest(license!, demo.accountId);
    const header = { "Idempotency-Key": `multi-process-${license!.id}` };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => clients[i % 2]!.POST("/v3/activations", { params: { header }, body })));

    const ran = results.filter((r) => r.response.status === 201 && !r.response.headers.has("Idempotent-Replayed"));
    const replayed = results.filter((r) => r.response.headers.get("Idempotent-Replayed") === "true");
    expect(ran).toHaveLength(1);
    expect(replayed.length + results.filter((r) => r.error?.code === "IDEMPOTENCY_KEY_IN_USE").length).toBe(19);
    for (const replay of replayed) expect(replay.data).toEqual(ran[0]!.data);
    const { data: after } = await createV3Client({ baseUrl: urls[1]!, token: demo.adminToken, ...checked }).GET("/v3/licenses/{id}", { params: { path: { id: license!.id } } });
    expect(after!.totalActivations).toBe(1);
  });
});
