import { expect, it } from "vitest";
import {
  activateLicense, deactivateActivation, deleteActivation, getActivation, incrementMeterAttribute, syncActivation, updateLicense,
} from "../../server/core/index.js";
import { LicenseEntity } from "../../server/db/index.js";
import { describeEachDatabase } from "../support/database.js";
import { Clock, eventTypes, machine, seed, verifyToken, withClock } from "./helpers.js";

describeEachDatabase("syncActivation / deactivateActivation / incrementMeterAttribute", (getCore) => {
  it("sync refreshes lastSyncedAt, stores given fields and fires activation.updated", async () => {
    const clock = new Clock();
    const core = withClock(getCore(), clock);
    const s = await seed(core);
    const request = machine(s);
    const { activation } = await activateLicense(core, request);
    clock.advance(3600);
    const synced = await syncActivation(core, activation.id, { ...request, appVersion: "2.5.0" });
    expect(synced.activation).toMatchObject({ id: activation.id, appVersion: "2.5.0", lastSyncedAt: clock.now() });
    expect((await eventTypes(core, s.account.id)).at(-1)).toBe("activation.updated");
  });

  it.each<[string, "exact" | "fuzzy" | "loose", (fp: string) => string, boolean]>([
    ["exact refuses another case", "exact", (fp) => fp.toUpperCase(), false],
    ["fuzzy accepts another case", "fuzzy", (fp) => fp.toUpperCase(), true],
    ["fuzzy refuses another fingerprint", "fuzzy", (fp) => fp.replace(/^./, "z"), false],
    ["loose accepts another fingerprint", "loose", (fp) => fp.replace(/^./, "z"), true],
  ])("fingerprint matching: %s", async (_name, fingerprintMatchingStrategy, change, ok) => {
    const core = getCore();
    const s = await seed(core, { fingerprintMatchingStrategy });
    const request = machine(s);
    const { activation } = await activateLicense(core, request);
    const sync = syncActivation(core, activation.id, { ...request, fingerprint: change(request.fingerprint) });
    if (ok) await expect(sync).resolves.toMatchObject({ activation: { id: activation.id } });
    else await expect(sync).rejects.toMatchObject({ code: "INVALID_ACTIVATION_FINGERPRINT" });
  });

  it.each<[string, (r: ReturnType<typeof machine>) => Partial<ReturnType<typeof machine>>, string]>([
    ["INVALID_PRODUCT_ID for another product", () => ({ productId: "x" }), "INVALID_PRODUCT_ID"],
    ["INVALID_LICENSE_KEY for another key", () => ({ key: "x" }), "INVALID_LICENSE_KEY"],
    ["INVALID_ACTIVATION_FINGERPRINT for another OS", () => ({ os: "linux" }), "INVALID_ACTIVATION_FINGERPRINT"],
    ["INVALID_RELEASE_VERSION", () => ({ releaseVersion: "beta" }), "INVALID_RELEASE_VERSION"],
  ])("sync throws %s", async (_name, change, code) => {
    const core = getCore();
    const s = await seed(core);
    const request = machine(s);
    const { activation } = await activateLicense(core, request);
    await expect(syncActivation(core, activation.id, { ...request, ...change(request) })).rejects.toMatchObject({ code });
  });

  it("sync of a revoked license throws REVOKED_LICENSE; of an unknown id ACTIVATION_NOT_FOUND", async () => {
    const core = getCore();
    const s = await seed(core);
    const request = machine(s);
    const { activation } = await activateLicense(core, request);
    await updateLicense(core, s.account.id, s.license.id, { revoked: true });
    await expect(syncActivation(core, activation.id, request)).rejects.toMatchObject({ code: "REVOKED_LICENSE" });
    await expect(syncActivation(core, "nope", request)).rejects.toMatchObject({ code: "ACTIVATION_NOT_FOUND" });
  });

  it("sync renews a floating lease; a lapsed lease is refused when its seat was taken", async () => {
    const clock = new Clock();
    const core = withClock(getCore(), clock);
    const s = await seed(core, { type: "hosted-floating", allowedFloatingClients: 1, leaseDuration: 600 });
    const request = machine(s);
    const { activation } = await activateLicense(core, request);
    clock.advance(500);
    const renewed = await syncActivation(core, activation.id, request);
    expect(renewed.activation.leaseExpiresAt).toEqual(new Date(clock.now().getTime() + 600_000));
    clock.advance(700);
    await activateLicense(core, machine(s));
    await expect(syncActivation(core, activation.id, request)).rejects.toMatchObject({ code: "ACTIVATION_NOT_FOUND" });
  });

  it.each([
    [-1, 3, 3, -1],
    [2, 3, 2, 0],
    [0, 1, 0, 0],
  ])("allowedDeactivations %i: %i attempts, %i succeed", async (allowedDeactivations, attempts, succeeded) => {
    const core = getCore();
    const s = await seed(core, { allowedDeactivations, allowedActivations: 0 });
    let ok = 0;
    for (let i = 0; i < attempts; i++) {
      const request = machine(s);
      const { activation } = await activateLicense(core, request);
      const result = await deactivateActivation(core, activation.id, request).catch((e) => e);
      if (result.code === "DEACTIVATION_LIMIT_REACHED") continue;
      expect(result).toMatchObject({ activationId: activation.id, licenseId: s.license.id });
      ok++;
    }
    expect(ok).toBe(succeeded);
  });

  it("deactivation checks the machine and product; admin deletion never counts", async () => {
    const core = getCore();
    const s = await seed(core, { allowedDeactivations: 0, allowedActivations: 0 });
    const request = machine(s);
    const { activation } = await activateLicense(core, request);
    await expect(deactivateActivation(core, activation.id, { ...request, productId: "x" })).rejects.toMatchObject({ code: "INVALID_PRODUCT_ID" });
    await expect(deactivateActivation(core, activation.id, { ...request, fingerprint: "f".repeat(64) })).rejects.toMatchObject({ code: "INVALID_ACTIVATION_FINGERPRINT" });
    await expect(deactivateActivation(core, activation.id, request)).rejects.toMatchObject({ code: "DEACTIVATION_LIMIT_REACHED" });
    await deleteActivation(core, s.account.id, activation.id);
    await expect(getActivation(core, s.account.id, activation.id)).rejects.toMatchObject({ code: "ACTIVATION_NOT_FOUND" });
    const license = await core.db.read((tx) => tx.findOneByOrFail(LicenseEntity, { id: s.license.id }));
    expect(license.totalDeactivations).toBe(0);
  });

  it("meter increments: limits, negative uses, -1 unlimited, floating uses given back on deletion, claims", async () => {
    const core = getCore();
    const s = await seed(core, { allowedActivations: 0, meterAttributes: [{ name: "exports", allowedUses: 5, floating: true }, { name: "runs", allowedUses: -1 }] });
    const request = machine(s);
    const { activation } = await activateLicense(core, request);
    const inc = (name: string, increment: number) => incrementMeterAttribute(core, name, { increment, activationId: activation.id, productId: s.product.id });
    await expect(inc("exports", 3)).resolves.toEqual({ name: "exports", uses: 3, licenseAllowedUses: 5, licenseTotalUses: 3, licenseGrossUses: 3 });
    await expect(inc("exports", 3)).rejects.toMatchObject({ code: "METER_ATTRIBUTE_USES_LIMIT_REACHED" });
    await expect(inc("exports", -4)).rejects.toMatchObject({ code: "INVALID_METER_ATTRIBUTE_INCREMENT" });
    await expect(inc("runs", 1_000_000)).resolves.toMatchObject({ uses: 1_000_000 });
    await expect(inc("missing", 1)).rejects.toMatchObject({ code: "METER_ATTRIBUTE_NOT_FOUND" });
    const { activationToken } = await syncActivation(core, activation.id, request);
    const { claims } = await verifyToken(s.product.publicKeyPem, activationToken);
    expect(claims.ama).toEqual(expect.arrayContaining([{ name: "exports", uses: 3 }]));
    await deleteActivation(core, s.account.id, activation.id);
    const license = await core.db.read((tx) => tx.findOneByOrFail(LicenseEntity, { id: s.license.id }));
    expect(license.meterAttributes.find((m) => m.name === "exports")).toMatchObject({ totalUses: 0, grossUses: 3 });
  });
});
