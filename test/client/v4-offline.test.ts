import { LicenseAPI } from "@licensespring/node-sdk";
import { describe, expect, it } from "vitest";
import { buildOfflineRequest, decodeOfflinePayload } from "../../client/v4-offline.js";
import { hmacBase64, signOfflineIdentity } from "../../client/v4-signing.js";
import { licenseSignatureString, verifyOfflineLicense } from "../../client/verify-v4.js";
import { makeRsaKeyPair, signRsaSha256 } from "../support/keys.js";

const credentials = { apiKey: "11abafc3-10b2-474a-b818-aaaf97c7512e", sharedKey: "shared-secret-for-tests" };
const device = { product: "TP", hardware_id: "A53F-0CBC-15FC-7E81", license_key: "FUH3-4E7A-LZJL-7JTP", os_ver: "Linux 6.1" };

describe("offline request payloads", () => {
  it("builds schema v1: flat, with the inner signature over date, key, hardware id and API key", () => {
    const decoded = JSON.parse(Buffer.from(buildOfflineRequest(device, credentials, { request: "activation", schemaVersion: 1 }), "base64").toString());
    expect(decoded).toMatchObject({ ...device, api_key: credentials.apiKey, request: "activation" });
    expect(decoded.schema_version).toBeUndefined();
    expect(decoded.signature).toBe(signOfflineIdentity(decoded, credentials.apiKey, credentials.sharedKey));
    expect(decoded.signature).not.toBe(signOfflineIdentity({ ...decoded, hardware_id: "OTHER" }, credentials.apiKey, credentials.sharedKey));
  });

  it("builds schema v2: the request wrapped with an HMAC over its exact JSON text", () => {
    const text = Buffer.from(buildOfflineRequest(device, credentials, { request: "deactivation", schemaVersion: 2 }), "base64").toString();
    const wrapper = JSON.parse(text);
    expect(wrapper.request).toMatchObject({ ...device, schema_version: 2, request: "deactivation" });
    expect(wrapper.signature).toBe(hmacBase64(credentials.sharedKey, JSON.stringify(wrapper.request)));
    expect(wrapper.signature).not.toBe(hmacBase64("wrong-key", JSON.stringify(wrapper.request)));
  });

  it("is read back by the official SDK, and reads what the SDK writes", () => {
    const sdk = new LicenseAPI({ ...credentials, appName: "tests", appVersion: "1.0.0", publicKey: makeRsaKeyPair().publicKeyPem });
    const ours = buildOfflineRequest(device, credentials, { request: "activation", schemaVersion: 2 });
    expect(sdk.decodeOfflineActivationPayload(ours)).toMatchObject(device);

    const theirs = sdk.createOfflineActivationPayload({ ...device } as never);
    const wrapper = JSON.parse(Buffer.from(theirs, "base64").toString());
    expect(decodeOfflinePayload(theirs)).toMatchObject({ ...device, schema_version: 2 });
    expect(wrapper.signature).toBe(hmacBase64(credentials.sharedKey, JSON.stringify(wrapper.request)));
  });
});

describe("offline license files", () => {
  const keys = makeRsaKeyPair();
  const sdk = new LicenseAPI({ ...credentials, appName: "tests", appVersion: "1.0.0", publicKey: keys.publicKeyPem });

  /** Signs a license body the way a v4 server answers activate_offline. */
  function signedFile(license: Record<string, unknown>, signingKey = keys.privateKeyPem) {
    const date = "Sat, 21 Nov 2026 10:00:00 GMT";
    const body: Record<string, unknown> = { ...license, date };
    body.offline_signature = signOfflineIdentity(body as never, credentials.apiKey, credentials.sharedKey);
    body.license_signature = signRsaSha256(signingKey, licenseSignatureString(device.hardware_id, device.license_key, license.validity_period as string));
    const { license_signature: _omit, ...v2Part } = body;
    body.license_signature_v2 = signRsaSha256(signingKey, JSON.stringify(v2Part));
    return Buffer.from(JSON.stringify(body)).toString("base64");
  }
  const license = { hardware_id: device.hardware_id, license_key: device.license_key, validity_period: "2027-01-01T00:00:00.000Z", max_activations: 5 };

  it("accepts a correctly signed file, as the official SDK does", () => {
    const file = signedFile(license);
    expect(verifyOfflineLicense(keys.publicKeyPem, file, credentials)).toMatchObject({ valid: true, problems: [] });
    expect(sdk.checkOfflineActivationResponse(file)).toMatchObject({ max_activations: 5 });
  });

  it("refuses a tampered file, as the official SDK does", () => {
    const tampered = JSON.parse(Buffer.from(signedFile(license), "base64").toString());
    tampered.max_activations = 500;
    const file = Buffer.from(JSON.stringify(tampered)).toString("base64");
    expect(verifyOfflineLicense(keys.publicKeyPem, file, credentials).problems).toEqual(["license_signature_v2 does not verify"]);
    expect(() => sdk.checkOfflineActivationResponse(file)).toThrow();
  });

  it("refuses a file signed by another key, and one made for other credentials", () => {
    const forged = signedFile(license, makeRsaKeyPair().privateKeyPem);
    expect(verifyOfflineLicense(keys.publicKeyPem, forged).valid).toBe(false);
    const otherCompany = verifyOfflineLicense(keys.publicKeyPem, signedFile(license), { ...credentials, sharedKey: "other" });
    expect(otherCompany.problems).toEqual(["offline_signature does not verify"]);
  });
});
