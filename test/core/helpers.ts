/** Shared fixtures of the core tests: a controllable clock, a seeded account/product/license, machine requests. */
import { randomBytes } from "node:crypto";
import { decodeJwt, importSPKI, jwtVerify } from "jose";
import type { Core } from "../../server/core/context.js";
import { createAccount, createLicense, createProduct, type ActivationRequest, type LicenseInput, type ProductInput } from "../../server/core/index.js";
import { EventEntity } from "../../server/db/index.js";

export class Clock {
  constructor(public current = new Date("2024-06-15T10:00:00.000Z")) {}
  now = () => new Date(this.current);
  advance(seconds: number) {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export function withClock(core: Core, clock: Clock): Core {
  return { db: core.db, now: clock.now };
}

export function fingerprint(): string {
  return randomBytes(32).toString("hex");
}

export async function seed(core: Core, license: Omit<LicenseInput, "productId"> = {}, product: Partial<ProductInput> = {}) {
  const account = await createAccount(core, { name: "Vendor" });
  const createdProduct = await createProduct(core, account.id, { name: "App", ...product });
  const createdLicense = await createLicense(core, account.id, { productId: createdProduct.id, ...license });
  return { account, product: createdProduct, license: createdLicense };
}

export function machine(s: { account: { id: string }; product: { id: string }; license: { key: string } }, overrides: Partial<ActivationRequest> = {}): ActivationRequest {
  return {
    os: "windows", fingerprint: fingerprint(), hostname: "DESKTOP-1", userHash: "user-a", productId: s.product.id,
    accountId: s.account.id, key: s.license.key, ipAddress: "203.0.113.7", ...overrides,
  };
}

/** Verifies an activation token with the product's public key (RS256 only) and returns its claims. */
export async function verifyToken(publicKeyPem: string, token: string) {
  const { payload, protectedHeader } = await jwtVerify(token, await importSPKI(publicKeyPem, "RS256"), { algorithms: ["RS256"] });
  return { claims: payload as Record<string, unknown>, header: protectedHeader };
}

export function claimsOf(token: string) {
  return decodeJwt(token) as Record<string, unknown>;
}

export async function eventTypes(core: Core, accountId: string): Promise<string[]> {
  const rows = await core.db.read((tx) => tx.find(EventEntity, { where: { accountId }, order: { createdAt: "ASC" } }));
  return rows.map((row) => row.type);
}
