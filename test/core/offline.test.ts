import { CompactSign } from "jose";
import { expect, it } from "vitest";
import { activateLicense, createProduct, offlineActivate, offlineDeactivate } from "../../server/core/index.js";
import { ActivationEntity } from "../../server/db/index.js";
import { describeEachDatabase } from "../support/database.js";
import { Clock, fingerprint, seed, verifyToken, withClock } from "./helpers.js";

/** Builds an offlineRequest as the spec documents it: HS256 compact JWS keyed with the UTF-8 product id. */
async function offlineRequest(productId: string, payload: Record<string, unknown>, key = productId): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify({ iat: 1718445600, productId, ...payload })))
    .setProtectedHeader({ alg: "HS256", typ: "lex-offline-request+jwt" })
    .sign(new TextEncoder().encode(key));
}

const machineFields = (fp: string) => ({ fingerprint: fp, os: "linux", hostname: "air-gapped", userHash: "u" });

describeEachDatabase("offline activation", (getCore) => {
  it("activates offline: offline claims, orv = now + responseValidity, activation.offline", async () => {
    const clock = new Clock();
    const core = withClock(getCore(), clock);
    const s = await seed(core);
    const request = await offlineRequest(s.product.id, { type: "activation", key: s.license.key, ...machineFields(fingerprint()) });
    const { offlineResponse } = await offlineActivate(core, s.account.id, { offlineRequest: request, responseValidity: 2592000, licenseId: s.license.id });
    const { claims } = await verifyToken(s.product.publicKeyPem, offlineResponse);
    expect(claims).toMatchObject({ offline: true, orv: Math.floor(clock.current.getTime() / 1000) + 2592000, lid: s.license.id });
    const row = await core.db.read((tx) => tx.findOneByOrFail(ActivationEntity, { id: claims.aid as string }));
    expect(row.offline).toBe(true);
  });

  it.each<[string, (s: Awaited<ReturnType<typeof seed>>) => Promise<string>, string]>([
    ["a tampered JWS", async (s) => (await offlineRequest(s.product.id, { type: "activation", ...machineFields(fingerprint()) })).slice(0, -3) + "AAA", "INVALID_OFFLINE_REQUEST"],
    ["a JWS signed with another key", (s) => offlineRequest(s.product.id, { type: "activation", ...machineFields(fingerprint()) }, "wrong"), "INVALID_OFFLINE_REQUEST"],
    ["a deactivation request", (s) => offlineRequest(s.product.id, { type: "deactivation", aid: "x", ...machineFields(fingerprint()) }), "INVALID_OFFLINE_REQUEST"],
    ["another license's key", (s) => offlineRequest(s.product.id, { type: "activation", key: "OTHER", ...machineFields(fingerprint()) }), "INVALID_OFFLINE_REQUEST"],
    ["not a JWS", async () => "garbage", "INVALID_OFFLINE_REQUEST"],
    ["another product", (s) => offlineRequest(s.account.id, { type: "activation", ...machineFields(fingerprint()) }), "OFFLINE_REQUEST_PRODUCT_MISMATCH"],
  ])("refuses %s", async (_name, build, code) => {
    const core = getCore();
    const s = await seed(core);
    await expect(offlineActivate(core, s.account.id, { offlineRequest: await build(s), responseValidity: 60, licenseId: s.license.id }))
      .rejects.toMatchObject({ code });
  });

  it("INVALID_LICENSE_ID for another account's license; INVALID_LICENSE_TYPE for hosted-floating", async () => {
    const core = getCore();
    const s = await seed(core);
    const other = await seed(core, { type: "hosted-floating" });
    const request = await offlineRequest(other.product.id, { type: "activation", ...machineFields(fingerprint()) });
    await expect(offlineActivate(core, s.account.id, { offlineRequest: request, responseValidity: 60, licenseId: other.license.id }))
      .rejects.toMatchObject({ code: "INVALID_LICENSE_ID" });
    await expect(offlineActivate(core, other.account.id, { offlineRequest: request, responseValidity: 60, licenseId: other.license.id }))
      .rejects.toMatchObject({ code: "INVALID_LICENSE_TYPE" });
  });

  it("ACTIVATION_ALREADY_EXISTS when the machine is activated online; an offline one is reused", async () => {
    const core = getCore();
    const s = await seed(core, { allowedActivations: 5 });
    const online = fingerprint();
    await activateLicense(core, { ...machineFields(online), os: "linux", productId: s.product.id, accountId: "", key: s.license.key });
    const onlineRequest = await offlineRequest(s.product.id, { type: "activation", ...machineFields(online) });
    await expect(offlineActivate(core, s.account.id, { offlineRequest: onlineRequest, responseValidity: 60, licenseId: s.license.id }))
      .rejects.toMatchObject({ code: "ACTIVATION_ALREADY_EXISTS" });
    const offlineOnly = await offlineRequest(s.product.id, { type: "activation", ...machineFields(fingerprint()) });
    const first = await offlineActivate(core, s.account.id, { offlineRequest: offlineOnly, responseValidity: 60, licenseId: s.license.id });
    const again = await offlineActivate(core, s.account.id, { offlineRequest: offlineOnly, responseValidity: 60, licenseId: s.license.id });
    const aid = async (t: string) => (await verifyToken(s.product.publicKeyPem, t)).claims.aid;
    expect(await aid(again.offlineResponse)).toBe(await aid(first.offlineResponse));
  });

  it("offline deactivation deletes the activation and counts against allowedDeactivations", async () => {
    const core = getCore();
    const s = await seed(core, { allowedActivations: 5, allowedDeactivations: 1 });
    const deactivateOne = async () => {
      const fp = fingerprint();
      const req = await offlineRequest(s.product.id, { type: "activation", ...machineFields(fp) });
      const { offlineResponse } = await offlineActivate(core, s.account.id, { offlineRequest: req, responseValidity: 60, licenseId: s.license.id });
      const { claims } = await verifyToken(s.product.publicKeyPem, offlineResponse);
      const deactivation = await offlineRequest(s.product.id, { type: "deactivation", aid: claims.aid, ...machineFields(fp) });
      return offlineDeactivate(core, s.account.id, { offlineRequest: deactivation, licenseId: s.license.id });
    };
    await expect(deactivateOne()).resolves.toMatchObject({ remainingDeactivations: 0, licenseId: s.license.id });
    await expect(deactivateOne()).rejects.toMatchObject({ code: "DEACTIVATION_LIMIT_REACHED" });
  });

  it("an offline request for a product of another account is OFFLINE_REQUEST_PRODUCT_MISMATCH", async () => {
    const core = getCore();
    const s = await seed(core);
    const otherProduct = await createProduct(core, s.account.id, { name: "Other" });
    const request = await offlineRequest(otherProduct.id, { type: "activation", ...machineFields(fingerprint()) });
    await expect(offlineActivate(core, s.account.id, { offlineRequest: request, responseValidity: 60, licenseId: s.license.id }))
      .rejects.toMatchObject({ code: "OFFLINE_REQUEST_PRODUCT_MISMATCH" });
  });
});
