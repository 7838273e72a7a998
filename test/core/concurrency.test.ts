import { expect, it } from "vitest";
import { activateLicense, deactivateActivation, incrementMeterAttribute } from "../../server/core/index.js";
import { ActivationEntity, EventEntity, LicenseEntity } from "../../server/db/index.js";
import { describeEachDatabase } from "../support/database.js";
import { fingerprint, machine, seed } from "./helpers.js";

/** Limits hold under parallel load (PostgreSQL: separate pooled connections contending for the license lock). */
describeEachDatabase("limits under concurrency", (getCore) => {
  it("50 parallel activations of distinct machines against allowedActivations 5: exactly 5 succeed", async () => {
    const core = getCore();
    const s = await seed(core, { allowedActivations: 5 });
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => activateLicense(core, machine(s))));
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(refused).toEqual(Array(45).fill("ACTIVATION_LIMIT_REACHED"));
    expect(await core.db.read((tx) => tx.countBy(ActivationEntity, { licenseId: s.license.id }))).toBe(5);
    expect(await core.db.read((tx) => tx.countBy(EventEntity, { accountId: s.account.id, type: "activation.created" }))).toBe(5);
  });

  it("20 parallel activations of the SAME machine end with one activation", async () => {
    const core = getCore();
    const s = await seed(core, { allowedActivations: 5 });
    const request = machine(s, { fingerprint: fingerprint() });
    const results = await Promise.all(Array.from({ length: 20 }, () => activateLicense(core, request)));
    expect(new Set(results.map((r) => r.activation.id)).size).toBe(1);
    expect(await core.db.read((tx) => tx.countBy(ActivationEntity, { licenseId: s.license.id }))).toBe(1);
  });

  it("50 parallel deactivations against allowedDeactivations 5: exactly 5 succeed", async () => {
    const core = getCore();
    const s = await seed(core, { allowedActivations: 0, allowedDeactivations: 5 });
    const requests = Array.from({ length: 50 }, () => machine(s));
    const activations = await Promise.all(requests.map((r) => activateLicense(core, r)));
    const results = await Promise.allSettled(
      activations.map(({ activation }, i) => deactivateActivation(core, activation.id, { ...requests[i]!, accountId: s.account.id })),
    );
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(refused).toEqual(Array(45).fill("DEACTIVATION_LIMIT_REACHED"));
    expect(await core.db.read((tx) => tx.countBy(ActivationEntity, { licenseId: s.license.id }))).toBe(45);
    const license = await core.db.read((tx) => tx.findOneByOrFail(LicenseEntity, { id: s.license.id }));
    expect(license.totalDeactivations).toBe(5);
  });

  it("30 parallel meter increments against allowedUses 10: exactly 10 succeed", async () => {
    const core = getCore();
    const s = await seed(core, { meterAttributes: [{ name: "exports", allowedUses: 10 }] });
    const { activation } = await activateLicense(core, machine(s));
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => incrementMeterAttribute(core, "exports", { increment: 1, activationId: activation.id })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    const license = await core.db.read((tx) => tx.findOneByOrFail(LicenseEntity, { id: s.license.id }));
    expect(license.meterAttributes[0]).toMatchObject({ totalUses: 10, grossUses: 10 });
  });
});
