import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { verifyLicenseSignatureV1, verifyResponseSignature } from "../../client/verify-v4.js";
import { signBody, signLicense } from "../../server/v4/sign-response.js";
import { makeRsaKeyPair } from "../support/keys.js";

// The official SDK's own verification functions: what our signatures must satisfy.
const sdk = createRequire(import.meta.url)("@licensespring/node-sdk/dist/src/common.js") as {
  checkSignatureV1(publicKey: string, response: object, params: object): boolean;
  checkSignatureV2(publicKey: string, data: unknown, signature: string): boolean;
};

const keys = makeRsaKeyPair();
const request = { hardware_id: "A53F-0CBC-15FC-7E81", license_key: "FUH3-4E7A-LZJL-7JTP" };

describe("v4 response signatures", () => {
  it.each([
    ["a validity period", "2027-06-15T00:00:00.000Z"],
    ["no validity period", null],
  ])("signs license_signature (v1) with %s so the SDK and our checker accept it", async (_name, validity) => {
    const license = { validity_period: validity, license_signature: await signLicense(keys.privateKeyPem, { hardwareId: request.hardware_id, id: request.license_key, validityPeriod: validity }) };
    expect(sdk.checkSignatureV1(keys.publicKeyPem, license, request)).toBe(true);
    expect(verifyLicenseSignatureV1(keys.publicKeyPem, license, request)).toBe(true);
  });

  it("makes a v1 signature that fails for another device, key or validity", async () => {
    const validity = "2027-06-15T00:00:00.000Z";
    const signature = await signLicense(keys.privateKeyPem, { hardwareId: request.hardware_id, id: request.license_key, validityPeriod: validity });
    expect(() => sdk.checkSignatureV1(keys.publicKeyPem, { validity_period: validity, license_signature: signature }, { ...request, hardware_id: "OTHER" })).toThrow();
    expect(verifyLicenseSignatureV1(keys.publicKeyPem, { validity_period: "2028-01-01T00:00:00.000Z", license_signature: signature }, request)).toBe(false);
    expect(verifyLicenseSignatureV1(makeRsaKeyPair().publicKeyPem, { validity_period: validity, license_signature: signature }, request)).toBe(false);
  });

  it("signs the exact body bytes (LicenseSignature) so the SDK's re-serialisation and a raw-bytes check both accept it", async () => {
    const body = { license_key: "FUH3-4E7A-LZJL-7JTP", customer: { name: "Zoë Ünïcode / “quotes”" }, max_activations: 5, is_trial: false, ids: [9007199254740991] };
    const { bytes, signature } = await signBody(keys.privateKeyPem, body);
    expect(sdk.checkSignatureV2(keys.publicKeyPem, JSON.parse(bytes.toString("utf8")), signature)).toBe(true);
    expect(verifyResponseSignature(keys.publicKeyPem, bytes, signature)).toBe(true);
  });

  it("makes a LicenseSignature that fails once one byte of the body changes", async () => {
    const { bytes, signature } = await signBody(keys.privateKeyPem, { max_activations: 5 });
    const tampered = Buffer.from(bytes.toString().replace("5", "6"));
    expect(verifyResponseSignature(keys.publicKeyPem, tampered, signature)).toBe(false);
    expect(() => sdk.checkSignatureV2(keys.publicKeyPem, JSON.parse(tampered.toString()), signature)).toThrow();
  });
});
