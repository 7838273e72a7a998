import { expect, it } from "vitest";
import { closeDatabase, openDatabase } from "../../server/db/index.js";
import { createSqliteDatabase } from "../support/database.js";
import { startTestServer } from "../support/server.js";

it("answers /readyz 200 while the database answers and 503 once it does not, /healthz 200 throughout", async () => {
  const file = createSqliteDatabase();
  const db = await openDatabase(file.url);
  const server = await startTestServer({ db, now: () => new Date() });
  try {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    await closeDatabase(db);
    const unready = await fetch(`${server.url}/readyz`);
    expect(unready.status).toBe(503);
    expect(await unready.json()).toEqual({ status: "unavailable" });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  } finally {
    await server.stop();
    await file.drop();
  }
});
