import { expect, it } from "vitest";
import { activateLicense, createCustomer, createLicense, getLicense, listLicenses } from "../../server/core/index.js";
import { describeEachDatabase } from "../support/database.js";
import { eventTypes, machine, seed } from "./helpers.js";

describeEachDatabase("Database.atomically (an operation and what follows it, in one transaction)", (getCore) => {
  it("commits a service's writes and its events together with what the work writes after them", async () => {
    const core = getCore();
    const s = await seed(core);
    const created = await core.db.atomically(async () => {
      const license = await createLicense(core, s.account.id, { productId: s.product.id });
      // Reads inside see the uncommitted license (and on SQLite do not wait for the lock their own transaction holds).
      expect((await getLicense(core, s.account.id, license.id)).id).toBe(license.id);
      return license;
    });
    expect((await getLicense(core, s.account.id, created.id)).id).toBe(created.id);
    expect(await eventTypes(core, s.account.id)).toEqual(["license.created", "license.created"]);
  });

  it("undoes a service's committed writes and events when the work fails after them", async () => {
    const core = getCore();
    const s = await seed(core);
    const failing = core.db.atomically(async () => {
      await createLicense(core, s.account.id, { productId: s.product.id });
      await activateLicense(core, machine(s));
      throw new Error("the process died before the answer was kept");
    });
    await expect(failing).rejects.toThrow("the process died");
    expect((await listLicenses(core, s.account.id, { page: 1, limit: 10 })).total).toBe(1);
    expect((await getLicense(core, s.account.id, s.license.id)).totalActivations).toBe(0);
    expect(await eventTypes(core, s.account.id)).toEqual(["license.created"]);
  });

  it("undoes only a refused service's own work (a savepoint), so the transaction goes on and commits the rest", async () => {
    const core = getCore();
    const s = await seed(core);
    await createCustomer(core, s.account.id, { email: "taken@example.com" });
    const refusal = await core.db.atomically(async () => {
      await createLicense(core, s.account.id, { productId: s.product.id });
      // The unique index refuses this insert: on PostgreSQL a failed statement outside a savepoint aborts the transaction.
      return createCustomer(core, s.account.id, { email: "taken@example.com" }).catch((error: { code?: string }) => error.code);
    });
    expect(refusal).toBe("CUSTOMER_ALREADY_EXISTS");
    expect((await listLicenses(core, s.account.id, { page: 1, limit: 10 })).total).toBe(2);
  });
});
