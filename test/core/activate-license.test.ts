import { describe, expect, it } from "vitest";
import { activateLicense, updateLicense, type ActivationRequest, type LicenseInput, type ProductInput } from "../../server/core/index.js";
import { ActivationEntity } from "../../server/db/index.js";
import { describeEachDatabase } from "../support/database.js";
import { Clock, eventTypes, fingerprint, machine, seed, verifyToken, withClock } from "./helpers.js";

type Case = [name: string, given: { license?: Omit<LicenseInput, "productId">; product?: Partial<ProductInput>; request?: (s: Seeded) => Partial<ActivationRequest> }, code: string];
type Seeded = Awaited<ReturnType<typeof seed>>;

const future = new Date("2030-01-01T00:00:00Z");
const past = new Date("2020-01-01T00:00:00Z");

/** Each guard, refused and (in `allowed`) passed, in the spec's order. */
const refusals: Case[] = [
  ["INVALID_RELEASE_VERSION when releaseVersion is not x.x[.x[.x]]", { request: () => ({ releaseVersion: "v2" }) }, "INVALID_RELEASE_VERSION"],
  ["INVALID_RELEASE_VERSION before INVALID_PRODUCT_ID", { request: () => ({ releaseVersion: "1", productId: "nope" }) }, "INVALID_RELEASE_VERSION"],
  ["INVALID_PRODUCT_ID for an unknown product", { request: () => ({ productId: "00000000-0000-0000-0000-000000000000" }) }, "INVALID_PRODUCT_ID"],
  ["INVALID_PRODUCT_ID for another account", { request: () => ({ accountId: "someone-else" }) }, "INVALID_PRODUCT_ID"],
  ["INVALID_LICENSE_KEY for an unknown key", { request: () => ({ key: "AAAAAA-AAAAAA-AAAAAA-AAAAAA-AAAAAA-AAAAAA" }) }, "INVALID_LICENSE_KEY"],
  ["REVOKED_LICENSE when revoked", { license: { revoked: true } }, "REVOKED_LICENSE"],
  ["INVALID_LICENSE_TYPE for on-premise-floating", { license: { type: "on-premise-floating" } }, "INVALID_LICENSE_TYPE"],
  ["LICENSE_NOT_EFFECTIVE before the effective date", { license: { effectiveDate: future } }, "LICENSE_NOT_EFFECTIVE"],
  ["VM_ACTIVATION_NOT_ALLOWED in a VM", { license: { allowVmActivation: false }, request: () => ({ vmName: "VMware" }) }, "VM_ACTIVATION_NOT_ALLOWED"],
  ["CONTAINER_ACTIVATION_NOT_ALLOWED in a container", { license: { allowContainerActivation: false }, request: () => ({ container: true }) }, "CONTAINER_ACTIVATION_NOT_ALLOWED"],
  ["REVOKED_LICENSE before VM_ACTIVATION_NOT_ALLOWED", { license: { revoked: true, allowVmActivation: false }, request: () => ({ vmName: "kvm" }) }, "REVOKED_LICENSE"],
  ["METER_ATTRIBUTE_NOT_FOUND for an undefined attribute", { request: () => ({ meterAttributes: [{ name: "nope", usesIncrement: 1 }] }) }, "METER_ATTRIBUTE_NOT_FOUND"],
  [
    "METER_ATTRIBUTE_USES_LIMIT_REACHED over allowedUses",
    { license: { meterAttributes: [{ name: "exports", allowedUses: 2 }] }, request: () => ({ meterAttributes: [{ name: "exports", usesIncrement: 3 }] }) },
    "METER_ATTRIBUTE_USES_LIMIT_REACHED",
  ],
];

const allowed: Case[] = [
  ["a release version x.x.x.x", { request: () => ({ releaseVersion: "1.2.3.4" }) }, ""],
  ["an empty accountId", { request: () => ({ accountId: "" }) }, ""],
  ["a past effective date", { license: { effectiveDate: past } }, ""],
  ["a VM when allowed", { request: () => ({ vmName: "VMware" }) }, ""],
  ["a container when allowed", { request: () => ({ container: true }) }, ""],
  ["a hosted-floating license", { license: { type: "hosted-floating" } }, ""],
];

describeEachDatabase("activateLicense", (getCore) => {
  describe("refusals", () => {
    it.each(refusals)("throws %s", async (_name, given, code) => {
      const core = getCore();
      const s = await seed(core, given.license, given.product);
      await expect(activateLicense(core, machine(s, given.request?.(s)))).rejects.toMatchObject({ code });
      const rows = await core.db.read((tx) => tx.countBy(ActivationEntity, { licenseId: s.license.id }));
      expect(rows).toBe(0);
      expect(await eventTypes(core, s.account.id)).toEqual(["license.created"]);
    });
  });

  describe("allowed", () => {
    it.each(allowed)("activates %s", async (_name, given) => {
      const core = getCore();
      const s = await seed(core, given.license, given.product);
      const { activation, activationToken } = await activateLicense(core, machine(s, given.request?.(s)));
      const { claims } = await verifyToken(s.product.publicKeyPem, activationToken);
      expect(claims).toMatchObject({ aid: activation.id, lid: s.license.id, pid: s.product.id, key: s.license.key });
    });
  });

  it("signs a token with the spec's claims, kid = productId and no exp", async () => {
    const core = getCore();
    const s = await seed(core, { validity: 3600 });
    const request = machine(s, { metadata: [{ key: "installPath", value: "C:/App" }] });
    const { activation, activationToken } = await activateLicense(core, request);
    const { claims, header } = await verifyToken(s.product.publicKeyPem, activationToken);
    expect(header).toMatchObject({ alg: "RS256", typ: "JWT", kid: s.product.id });
    expect(claims.exp).toBeUndefined();
    expect(claims).toMatchObject({
      aid: activation.id, os: "windows", fp: request.fingerprint, fms: "fuzzy", type: "node-locked", suspended: false,
      orv: 0, ssi: 3600, aco: 300, leat: 0, amd: [{ key: "installPath", value: "C:/App" }], name: "", email: "", company: "",
    });
    expect(claims.eat).toBe(Math.floor(s.license.expiresAt!.getTime() / 1000));
    expect(claims.ssgpeat).toBe((claims.iat as number) + 1209600);
    expect(await eventTypes(core, s.account.id)).toEqual(["license.created", "license.updated", "activation.created"]);
  });

  it("activates expired and suspended licenses; the claims say so", async () => {
    const core = getCore();
    const s = await seed(core, { expiresAt: past, suspended: true });
    const { activationToken } = await activateLicense(core, machine(s));
    const { claims } = await verifyToken(s.product.publicKeyPem, activationToken);
    expect(claims.eat).toBe(Math.floor(past.getTime() / 1000));
    expect(claims.suspended).toBe(true);
  });

  it("reuses the activation of the same machine (fuzzy: ASCII case ignored) without taking a seat", async () => {
    const core = getCore();
    const s = await seed(core, { allowedActivations: 1 });
    const fp = fingerprint();
    const first = await activateLicense(core, machine(s, { fingerprint: fp }));
    const again = await activateLicense(core, machine(s, { fingerprint: fp.toUpperCase(), hostname: "RENAMED" }));
    expect(again.activation.id).toBe(first.activation.id);
    expect(again.activation.hostname).toBe("RENAMED");
    await expect(activateLicense(core, machine(s))).rejects.toMatchObject({ code: "ACTIVATION_LIMIT_REACHED" });
    expect((await eventTypes(core, s.account.id)).slice(-2)).toEqual(["activation.created", "activation.updated"]);
  });

  it("exact matching treats a case change as another machine", async () => {
    const core = getCore();
    const s = await seed(core, { allowedActivations: 1, fingerprintMatchingStrategy: "exact" });
    const fp = fingerprint();
    await activateLicense(core, machine(s, { fingerprint: fp }));
    await expect(activateLicense(core, machine(s, { fingerprint: fp.toUpperCase() }))).rejects.toMatchObject({ code: "ACTIVATION_LIMIT_REACHED" });
  });

  it.each([
    [false, 1],
    [true, 2],
  ])("userLocked=%s: two OS users of one machine hold %i activation(s)", async (userLocked, rows) => {
    const core = getCore();
    const s = await seed(core, { userLocked, allowedActivations: 5 });
    const fp = fingerprint();
    await activateLicense(core, machine(s, { fingerprint: fp, userHash: "alice" }));
    await activateLicense(core, machine(s, { fingerprint: fp, userHash: "bob" }));
    expect(await core.db.read((tx) => tx.countBy(ActivationEntity, { licenseId: s.license.id }))).toBe(rows);
  });

  it.each([0, -1])("allowedActivations %i is unlimited", async (allowedActivations) => {
    const core = getCore();
    const s = await seed(core, { allowedActivations });
    for (let i = 0; i < 3; i++) await activateLicense(core, machine(s));
    expect(await core.db.read((tx) => tx.countBy(ActivationEntity, { licenseId: s.license.id }))).toBe(3);
  });

  it("lowering allowedActivations keeps activations but refuses new ones", async () => {
    const core = getCore();
    const s = await seed(core, { allowedActivations: 2 });
    await activateLicense(core, machine(s));
    await activateLicense(core, machine(s));
    await updateLicense(core, s.account.id, s.license.id, { allowedActivations: 1 });
    await expect(activateLicense(core, machine(s))).rejects.toMatchObject({ code: "ACTIVATION_LIMIT_REACHED" });
    expect(await core.db.read((tx) => tx.countBy(ActivationEntity, { licenseId: s.license.id }))).toBe(2);
  });

  describe("expiration strategies", () => {
    it("immediate: expiresAt fixed at creation", async () => {
      const clock = new Clock();
      const core = withClock(getCore(), clock);
      const s = await seed(core, { validity: 100, expirationStrategy: "immediate" });
      expect(s.license.expiresAt?.toISOString()).toBe("2024-06-15T10:01:40.000Z");
      clock.advance(50);
      const { activation } = await activateLicense(core, machine(s));
      expect(activation.expiresAt?.toISOString()).toBe("2024-06-15T10:01:40.000Z");
    });

    it("delayed: the first activation sets the license's expiresAt and activatedAt", async () => {
      const clock = new Clock();
      const core = withClock(getCore(), clock);
      const s = await seed(core, { validity: 100, expirationStrategy: "delayed", allowedActivations: 2 });
      expect(s.license.expiresAt).toBeNull();
      clock.advance(50);
      const first = await activateLicense(core, machine(s));
      expect(first.activation.expiresAt?.toISOString()).toBe("2024-06-15T10:02:30.000Z");
      clock.advance(50);
      const second = await activateLicense(core, machine(s));
      expect(second.activation.expiresAt?.toISOString()).toBe("2024-06-15T10:02:30.000Z");
    });

    it("rolling: each activation expires on its own; the license never", async () => {
      const clock = new Clock();
      const core = withClock(getCore(), clock);
      const s = await seed(core, { validity: 100, expirationStrategy: "rolling", allowedActivations: 2 });
      const first = await activateLicense(core, machine(s));
      clock.advance(30);
      const second = await activateLicense(core, machine(s));
      expect(first.activation.expiresAt?.toISOString()).toBe("2024-06-15T10:01:40.000Z");
      expect(second.activation.expiresAt?.toISOString()).toBe("2024-06-15T10:02:10.000Z");
      const { claims } = await verifyToken(s.product.publicKeyPem, second.activationToken);
      expect(claims.eat).toBe(Math.floor(second.activation.expiresAt!.getTime() / 1000));
    });
  });

  describe("hosted-floating leases", () => {
    it("an expired lease frees its seat (and fires activation.deleted)", async () => {
      const clock = new Clock();
      const core = withClock(getCore(), clock);
      const s = await seed(core, { type: "hosted-floating", allowedFloatingClients: 1, leaseDuration: 600 });
      const first = await activateLicense(core, machine(s));
      expect(first.activation.leaseExpiresAt?.toISOString()).toBe("2024-06-15T10:10:00.000Z");
      await expect(activateLicense(core, machine(s))).rejects.toMatchObject({ code: "ACTIVATION_LIMIT_REACHED" });
      clock.advance(601);
      const second = await activateLicense(core, machine(s));
      expect(second.activation.id).not.toBe(first.activation.id);
      expect(await eventTypes(core, s.account.id)).toContain("activation.deleted");
    });

    it.each([
      [300, 600, 300],
      [900, 600, 600],
      [300, 0, 300],
      [undefined, 600, 600],
    ])("requested lease %s against the license's %i grants %i s", async (requested, own, granted) => {
      // Frozen: iat and leat come from separate clock reads, which a loaded machine can put a second apart.
      const at = new Date();
      const core = { ...getCore(), now: () => at };
      const s = await seed(core, { type: "hosted-floating", leaseDuration: own });
      const { activationToken } = await activateLicense(core, machine(s, { leaseDuration: requested }));
      const { claims } = await verifyToken(s.product.publicKeyPem, activationToken);
      expect(claims.ld).toBe(granted);
      expect((claims.leat as number) - (claims.iat as number)).toBe(granted);
    });
  });
});
