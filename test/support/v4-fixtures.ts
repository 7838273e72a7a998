/** v4 set-ups written straight through the core: a vendor with an API key, products with codes, licenses, users. */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe } from "vitest";
import {
  createAccount, createApiKey, createLicense, createProduct, type Core, type LicenseInput,
} from "../../server/core/index.js";
import { defaultProductLicensing } from "../../server/core/license-terms.js";
import { hashPassword } from "../../server/core/passwords.js";
import {
  AccountEntity, LicenseUserAssignmentEntity, LicenseUserEntity, ProductEntity,
  type AuthorizationMethod, type LicenseTerms, type ProductLicensing,
} from "../../server/db/index.js";
import { TestClock } from "./api.js";
import { describeEachDatabase } from "./database.js";
import { licenseApi, type LicenseApi } from "./sdk.js";
import { startTestServer, type TestServer } from "./server.js";

export interface V4Vendor {
  accountId: string;
  apiKey: string;
  sharedKey: string;
  publicKeyPem: string;
}

export async function createV4Vendor(core: Core, options: { readOnly?: boolean } = {}): Promise<V4Vendor> {
  const { id: accountId } = await createAccount(core, { name: `vendor ${randomUUID().slice(0, 8)}` });
  const { apiKey, sharedKey } = await createApiKey(core, { accountId, readOnly: options.readOnly });
  const account = await core.db.read((tx) => tx.findOneByOrFail(AccountEntity, { id: accountId }));
  return { accountId, apiKey, sharedKey, publicKeyPem: account.publicKeyPem };
}

let codes = 0;

/** A product with a fresh short code (returned) and v4 settings. */
export async function createV4Product(
  core: Core, accountId: string, options: { authorizationMethod?: AuthorizationMethod; licensing?: Partial<ProductLicensing> } = {},
): Promise<{ id: string; shortCode: string }> {
  const shortCode = `P${++codes}-${randomUUID().slice(0, 6)}`;
  const product = await createProduct(core, accountId, { name: `Product ${shortCode}` });
  await core.db.transaction((tx) =>
    tx.update(ProductEntity, { id: product.id }, {
      shortCode, authorizationMethod: options.authorizationMethod ?? "license-key", licensing: { ...defaultProductLicensing, ...options.licensing } as never,
    }),
  );
  return { id: product.id, shortCode };
}

/** A license of the product with v3 policy fields and v4 terms (merged over termsOf's defaults by the core). */
export async function createV4License(
  core: Core, accountId: string, productId: string, options: Omit<LicenseInput, "productId" | "terms"> & { terms?: Partial<LicenseTerms> } = {},
): Promise<{ id: string; key: string }> {
  const { terms, ...policy } = options;
  const license = await createLicense(core, accountId, { productId, allowedActivations: 5, ...policy, ...(terms ? { terms: terms as LicenseTerms } : {}) });
  return { id: license.id, key: license.key };
}

/** A license user (email lower-cased) assigned to the license with its own activation allowance. */
export async function createLicenseUserFor(
  core: Core, license: { id: string; accountId: string; productId: string },
  options: { email?: string; password?: string; maxActivations?: number; unlimited?: boolean } = {},
): Promise<{ email: string; password: string; id: string }> {
  const email = (options.email ?? `user-${randomUUID().slice(0, 8)}@example.com`).toLowerCase();
  const password = options.password ?? "s3cret-Passw0rd";
  const now = core.now();
  const id = randomUUID();
  await core.db.transaction(async (tx) => {
    const existing = await tx.findOneBy(LicenseUserEntity, { accountId: license.accountId, email });
    const userId = existing?.id ?? id;
    if (!existing) {
      await tx.insert(LicenseUserEntity, {
        id, accountId: license.accountId, customerId: null, email, passwordHash: await hashPassword(password), initialPassword: password,
        isInitialPassword: true, firstName: "Ada", lastName: "Lovelace", phoneNumber: null, isActive: true, createdAt: now, updatedAt: now,
      });
    }
    await tx.insert(LicenseUserAssignmentEntity, {
      id: randomUUID(), accountId: license.accountId, licenseId: license.id, licenseUserId: userId, productId: license.productId,
      maxActivations: options.maxActivations ?? 2, allowUnlimitedActivations: options.unlimited ?? false, createdAt: now,
    });
  });
  return { email, password, id };
}

export interface V4Fixture {
  core: Core;
  clock: TestClock;
  server: TestServer;
  vendor: V4Vendor;
  sdk: LicenseApi;
}

/**
 * Runs `define` on SQLite and PostgreSQL against the real server, with a fresh vendor (API key, signing key) and the
 * official SDK configured for it; the fixture is ready inside tests and hooks.
 */
export function describeV4(name: string, define: (v4: V4Fixture) => void) {
  describeEachDatabase(name, (getCore) => {
    const v4 = {} as V4Fixture;
    beforeAll(async () => {
      const clock = new TestClock();
      const core: Core = { ...getCore(), now: clock.now };
      const server = await startTestServer(core);
      const vendor = await createV4Vendor(core);
      Object.assign(v4, { core, clock, server, vendor, sdk: licenseApi(server.url, vendor) } satisfies V4Fixture);
    });
    afterAll(() => v4.server?.stop());
    describe("", () => define(v4));
  });
}

/** A fresh hardware ID. */
export const device = () => `HW-${randomUUID()}`;

/** "accepted", or the error code the SDK (or a raw call) was refused with. */
export const refusal = (promise: Promise<unknown>) => promise.then(() => "accepted", (error: { code?: string }) => error.code ?? String(error));
