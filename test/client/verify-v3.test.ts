import { importPKCS8, SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { verifyActivationToken, verifyOfflineResponse } from "../../client/verify-v3.js";
import { makeRsaKeyPair } from "../support/keys.js";

const product = makeRsaKeyPair();
const claims = { aid: "act-1", pid: "prod-1", lid: "lic-1", key: "3A6B1C-8F2E4D-000000-111111-222222-333333", fp: "f".repeat(64), os: "linux", eat: 0, suspended: false, type: "node-locked" };

async function rs256(payload: Record<string, unknown>, privateKeyPem = product.privateKeyPem) {
  const key = await importPKCS8(privateKeyPem, "RS256");
  return new SignJWT(payload).setProtectedHeader({ alg: "RS256", typ: "JWT" }).setIssuedAt().sign(key);
}

describe("verifyActivationToken", () => {
  it("accepts an RS256 token signed with the product key and returns its claims", async () => {
    const verified = await verifyActivationToken(await rs256(claims), product.publicKeyPem, { productId: "prod-1", fingerprint: "f".repeat(64) });
    expect(verified).toMatchObject(claims);
  });

  it("accepts a token for an expired license: expiry is the eat claim, for the caller to read", async () => {
    const verified = await verifyActivationToken(await rs256({ ...claims, eat: 1_000_000 }), product.publicKeyPem);
    expect(verified.eat).toBe(1_000_000);
  });

  it.each([
    ["signed by another key", async () => rs256(claims, makeRsaKeyPair().privateKeyPem)],
    ["unsigned (alg none)", async () => new UnsecuredJWT(claims).encode()],
    [
      "HS256 keyed with the public key (algorithm confusion)",
      async () => new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(product.publicKeyPem)),
    ],
    [
      "with a tampered payload",
      async () => {
        const [header, , signature] = (await rs256(claims)).split(".");
        const payload = Buffer.from(JSON.stringify({ ...claims, type: "hosted-floating" })).toString("base64url");
        return `${header}.${payload}.${signature}`;
      },
    ],
  ])("refuses a token %s", async (_name, makeToken) => {
    await expect(verifyActivationToken(await makeToken(), product.publicKeyPem)).rejects.toThrow();
  });

  it("refuses a token for another product, key or fingerprint", async () => {
    const token = await rs256(claims);
    await expect(verifyActivationToken(token, product.publicKeyPem, { productId: "prod-2" })).rejects.toThrow(/pid/);
    await expect(verifyActivationToken(token, product.publicKeyPem, { licenseKey: "other" })).rejects.toThrow(/key/);
    await expect(verifyActivationToken(token, product.publicKeyPem, { fingerprint: "g".repeat(64) })).rejects.toThrow(/fp/);
  });
});

describe("verifyOfflineResponse", () => {
  const now = new Date("2026-11-22T12:00:00Z");
  const seconds = now.getTime() / 1000;

  it("accepts a response within its validity", async () => {
    const response = await rs256({ ...claims, offline: true, orv: seconds + 60 });
    await expect(verifyOfflineResponse(response, product.publicKeyPem, {}, now)).resolves.toMatchObject({ orv: seconds + 60 });
  });

  it("refuses a response whose validity has passed, and one without orv", async () => {
    await expect(verifyOfflineResponse(await rs256({ ...claims, orv: seconds - 1 }), product.publicKeyPem, {}, now)).rejects.toThrow(/validity/);
    await expect(verifyOfflineResponse(await rs256(claims), product.publicKeyPem, {}, now)).rejects.toThrow(/orv/);
  });
});
