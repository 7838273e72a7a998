/**
 * Forged offline artefacts. Requests carried from an offline machine are refused by the server when changed after
 * signing (v3 `offlineRequest`, v4 `activate_offline` file); answers carried back are refused by the client verifiers
 * (client/verify-v3.ts, client/verify-v4.ts) when signed with another key, changed, or (v3) past `orv`.
 */
import { createHmac } from "node:crypto";
import { importPKCS8, SignJWT } from "jose";
import { beforeAll, expect, it } from "vitest";
import { buildOfflineRequest } from "../../client/v4-offline.js";
import { licenseSpringAuthHeaders } from "../../client/v4-signing.js";
import { verifyOfflineResponse } from "../../client/verify-v3.js";
import { licenseSignatureString, verifyOfflineLicense } from "../../client/verify-v4.js";
import { ActivationEntity } from "../../server/db/index.js";
import { offlineRequest } from "../contract/v3/machines.js";
import { activationRequest, describeApi } from "../support/api.js";
import { claimsOf, encodeSegment, unsigned, withClaims } from "../support/forged-jwt.js";
import { makeRsaKeyPair, signRsaSha256 } from "../support/keys.js";
import { createV4License, createV4Product, createV4Vendor, device, type V4Vendor } from "../support/v4-fixtures.js";

const forger = makeRsaKeyPair();
/** The original header and signature around a payload with `changes`. */
const tampered = (jwt: string, changes: Record<string, unknown>) => withClaims(jwt, (claims) => ({ ...claims, ...changes }));
const base64Json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");
const refusal = (promise: Promise<unknown>) => promise.then(() => "accepted", (error: Error) => error.message);

describeApi("attack: forged v3 offline requests and responses", (api) => {
  let product: { id: string; publicKey: string };
  let otherProduct: { id: string };
  let license: { id: string; key: string; productId: string };

  beforeAll(async () => {
    product = await api.createProduct();
    otherProduct = await api.createProduct();
    license = await api.createLicense(product.id, { allowedActivations: 100 });
  });

  const machine = () => activationRequest(license, api.admin.accountId);
  const activateOffline = (request: string, responseValidity = 3600) =>
    api.server.raw("POST", "/v3/activations/offline-activate", "/v3/activations/offline-activate", {
      method: "POST",
      headers: { authorization: `Bearer ${api.admin.token}`, "content-type": "application/json" },
      body: JSON.stringify({ offlineRequest: request, responseValidity, licenseId: license.id }),
    });
  const activationCount = async () => (await api.client.GET("/v3/licenses/{id}", { params: { path: { id: license.id } } })).data!.totalActivations;
  const genuineResponse = async () => (await activateOffline(await offlineRequest({ type: "activation", ...machine() }))).body.offlineResponse as string;

  it("activates a genuine request, and its response verifies", async () => {
    const request = await offlineRequest({ type: "activation", ...machine() });
    const before = await activationCount();
    const result = await activateOffline(request);
    expect(result.status).toBe(200);
    await expect(verifyOfflineResponse(result.body.offlineResponse, product.publicKey, { productId: product.id }, api.clock.now())).resolves.toMatchObject({ offline: true });
    expect(await activationCount()).toBe(before + 1);
  });

  it.each<[string, () => Promise<string>, string]>([
    ["its fingerprint changed after signing", async () => tampered(await offlineRequest({ type: "activation", ...machine() }), { fingerprint: "f".repeat(64) }), "INVALID_OFFLINE_REQUEST"],
    ["its type changed after signing", async () => tampered(await offlineRequest({ type: "deactivation", ...machine() }), { type: "activation" }), "INVALID_OFFLINE_REQUEST"],
    ["its product changed after signing", async () => tampered(await offlineRequest({ type: "activation", ...machine(), productId: otherProduct.id }), { productId: product.id }), "INVALID_OFFLINE_REQUEST"],
    ["a signature keyed with another product id", async () => offlineRequest({ type: "activation", ...machine() }, otherProduct.id), "INVALID_OFFLINE_REQUEST"],
    ["alg none", async () => unsigned({ type: "activation", iat: 1, ...machine() }, { typ: "lex-offline-request+jwt" }), "INVALID_OFFLINE_REQUEST"],
    ["a genuine request for another product", async () => offlineRequest({ type: "activation", ...machine(), productId: otherProduct.id }), "OFFLINE_REQUEST_PRODUCT_MISMATCH"],
  ])("refuses a request with %s: 400 %s, no seat taken", async (_name, forge, code) => {
    const before = await activationCount();
    const result = await activateOffline(await forge());
    expect(`${result.status} ${result.body.code}`).toBe(`400 ${code}`);
    expect(await activationCount()).toBe(before);
  });

  /** A request signed as the spec says over a payload written by hand (jose's signer cannot serialise deep values). */
  const signedPayload = (payloadJson: string) => {
    const header = encodeSegment({ alg: "HS256", typ: "lex-offline-request+jwt" });
    const payload = Buffer.from(payloadJson).toString("base64url");
    return `${header}.${payload}.${createHmac("sha256", product.id).update(`${header}.${payload}`).digest("base64url")}`;
  };
  const validPayload = () => JSON.stringify({ type: "activation", iat: 1, ...machine() }).slice(0, -1);

  it.each<[string, string]>([
    ["metadata nested 5 000 levels deep", `,"metadata":[${"[".repeat(5000)}${"]".repeat(5000)}]}`],
    ["metadata entries that are not key/value pairs", ',"metadata":[{"key":1,"value":{}}]}'],
    ["51 metadata entries", `,"metadata":${JSON.stringify(Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: "v" })))}}`],
    ["an object for osVersion", ',"osVersion":{"a":1}}'],
    ["a string for container", ',"container":"yes"}'],
    ["a vmName past its maxLength", `,"vmName":"${"v".repeat(257)}"}`],
    ["a releasePublishedAt that is no date", ',"releasePublishedAt":"soon"}'],
  ])("refuses a signed request whose payload breaks OfflineRequestPayload (%s): 400 INVALID_OFFLINE_REQUEST", async (_name, tail) => {
    const before = await activationCount();
    const result = await activateOffline(signedPayload(validPayload() + tail));
    expect(`${result.status} ${result.body.code}`).toBe("400 INVALID_OFFLINE_REQUEST");
    expect(await activationCount()).toBe(before);
  });

  it("accepts a signed request with well-formed optional members, written by hand the same way", async () => {
    const tail = ',"metadata":[{"key":"seat","value":"7"}],"osVersion":"6.8","container":false,"vmName":""}';
    expect((await activateOffline(signedPayload(validPayload() + tail))).status).toBe(200);
  });

  it.each<[string, (genuine: string) => Promise<string> | string]>([
    ["signed with another RSA key", async (genuine) => new SignJWT(claimsOf(genuine)).setProtectedHeader({ alg: "RS256", typ: "JWT" }).sign(await importPKCS8(forger.privateKeyPem, "RS256"))],
    ["HS256 keyed with the product's public key", (genuine) => new SignJWT(claimsOf(genuine)).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(product.publicKey))],
    ["alg none", (genuine) => unsigned(claimsOf(genuine))],
    ["its validity extended after signing", (genuine) => tampered(genuine, { orv: (claimsOf(genuine).orv as number) + 365 * 86_400 })],
    ["its machine changed after signing", (genuine) => tampered(genuine, { fp: "f".repeat(64) })],
  ])("the client verifier refuses a response %s", async (_name, forge) => {
    const genuine = await genuineResponse();
    expect(await refusal(verifyOfflineResponse(genuine, product.publicKey, {}, api.clock.now()))).toBe("accepted");
    expect(await refusal(verifyOfflineResponse(await forge(genuine), product.publicKey, {}, api.clock.now()))).not.toBe("accepted");
  });

  it("issues orv = now + responseValidity; the verifier accepts the response until then and refuses it a second later", async () => {
    const response = (await activateOffline(await offlineRequest({ type: "activation", ...machine() }), 60)).body.offlineResponse as string;
    const { iat, orv } = claimsOf(response) as { iat: number; orv: number };
    expect(orv - iat).toBe(60);
    const at = (seconds: number) => refusal(verifyOfflineResponse(response, product.publicKey, {}, new Date(seconds * 1000)));
    expect(await at(orv)).toBe("accepted");
    expect(await at(orv + 1)).toBe("offline response validity has passed");
  });
});

describeApi("attack: forged v4 offline request files and license files", (api) => {
  let vendor: V4Vendor;
  let product: { id: string; shortCode: string };
  let license: { id: string; key: string };

  beforeAll(async () => {
    vendor = await createV4Vendor(api.server.core);
    product = await createV4Product(api.server.core, vendor.accountId);
    license = await createV4License(api.server.core, vendor.accountId, product.id, { allowedActivations: 100 });
  });

  const requestFile = (hardwareId: string, schemaVersion: 1 | 2 = 2) =>
    buildOfflineRequest({ product: product.shortCode, hardware_id: hardwareId, license_key: license.key }, vendor, { request: "activation", schemaVersion, date: api.clock.now().toUTCString() });
  const activateOffline = (file: string) =>
    api.server.raw("POST", "/api/v4/activate_offline", "/api/v4/activate_offline", {
      method: "POST", headers: { ...licenseSpringAuthHeaders(vendor, api.clock.now()), "content-type": "text/plain" }, body: file,
    });
  const devices = () => api.server.core.db.read((tx) => tx.countBy(ActivationEntity, { licenseId: license.id }));
  /** A file whose decoded JSON was edited after signing (schema 2 wraps the signed request). */
  const edited = (file: string, change: (request: Record<string, unknown>) => void) => {
    const decoded = JSON.parse(Buffer.from(file, "base64").toString());
    change(typeof decoded.request === "object" ? decoded.request : decoded);
    return base64Json(decoded);
  };

  it("activates a genuine request file, and the license file verifies", async () => {
    const before = await devices();
    const answer = await activateOffline(requestFile(device()));
    expect(answer.status).toBe(200);
    expect(verifyOfflineLicense(vendor.publicKeyPem, base64Json(answer.body), vendor)).toMatchObject({ valid: true, problems: [] });
    expect(await devices()).toBe(before + 1);
  });

  it.each<[string, () => string]>([
    ["its hardware_id changed after signing (schema 2)", () => edited(requestFile(device()), (request) => (request.hardware_id = device()))],
    ["its hardware_id changed after signing (schema 1)", () => edited(requestFile(device(), 1), (request) => (request.hardware_id = device()))],
    ["its license key changed after signing", () => edited(requestFile(device()), (request) => (request.license_key = "AAAA-BBBB-CCCC-DDDD"))],
    ["its date changed after signing", () => edited(requestFile(device()), (request) => (request.date = new Date(api.clock.now().getTime() - 60_000).toUTCString()))],
    ["a signature made with another shared key", () => buildOfflineRequest({ product: product.shortCode, hardware_id: device(), license_key: license.key }, { apiKey: vendor.apiKey, sharedKey: "not-the-key" }, { request: "activation", schemaVersion: 2 })],
  ])("refuses a request file with %s: 400 signature_mismatch, no device added", async (_name, forge) => {
    const before = await devices();
    const result = await activateOffline(forge());
    expect(`${result.status} ${result.body.code}`).toBe("400 signature_mismatch");
    expect(await devices()).toBe(before);
  });

  /** The genuine license file, changed by `change` and re-signed (v1 and v2) with the forger's key. */
  async function forgedLicenseFile(change: Record<string, unknown>) {
    const genuine = (await activateOffline(requestFile(device()))).body as Record<string, unknown>;
    const { license_signature: _v1, license_signature_v2: _v2, ...fields } = { ...genuine, ...change } as Record<string, any>;
    const v1 = signRsaSha256(forger.privateKeyPem, licenseSignatureString(fields.hardware_id, fields.license_key, fields.validity_period));
    const signed = { ...fields, license_signature: v1 };
    return { genuine: base64Json(genuine), forged: base64Json({ ...signed, license_signature_v2: signRsaSha256(forger.privateKeyPem, JSON.stringify(signed)) }) };
  }

  it.each([
    ["as it was", {}],
    ["with a longer validity", { validity_period: "2099-01-01T00:00:00.000Z" }],
    ["with more activations", { max_activations: 10_000 }],
  ])("the client verifier refuses a license file %s, re-signed with another RSA key", async (_name, change) => {
    const { genuine, forged } = await forgedLicenseFile(change);
    expect(verifyOfflineLicense(vendor.publicKeyPem, genuine, vendor).problems).toEqual([]);
    expect(verifyOfflineLicense(vendor.publicKeyPem, forged, vendor).problems).toEqual(["license_signature (v1) does not verify", "license_signature_v2 does not verify"]);
  });

  it("the client verifier refuses a license file made for another company (offline_signature with another shared key)", async () => {
    const { genuine } = await forgedLicenseFile({});
    expect(verifyOfflineLicense(vendor.publicKeyPem, genuine, { apiKey: vendor.apiKey, sharedKey: "another-company" }).problems).toEqual(["offline_signature does not verify"]);
  });
});
