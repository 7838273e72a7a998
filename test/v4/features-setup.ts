/**
 * Shared set-up of the feature, consumption and floating suites: a server on a test clock, a vendor with a product,
 * the official SDK, and a signed, spec-checked HTTP client dated by the test clock (the SDK dates requests with the
 * real clock, so it is only used while the test clock is within LicenseSpring's 15-minute Date window).
 */
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createV4Client, type V4Client } from "../../client/v4.js";
import { validateResponses } from "../../client/validate-responses.js";
import type { Core } from "../../server/core/index.js";
import { EventEntity, type ConsumptionTerms, type LicenseFeature } from "../../server/db/index.js";
import { TestClock } from "../support/api.js";
import { licenseApi, type LicenseApi } from "../support/sdk.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { loadSpec } from "../support/spec.js";
import { createV4License, createV4Product, createV4Vendor, type V4Vendor } from "../support/v4-fixtures.js";

export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;
export const device = () => `HW-${randomUUID()}`;

/** A consumption counter (license or feature) with a limit of 10 unless overridden. */
export function counter(overrides: Partial<ConsumptionTerms> = {}): ConsumptionTerms {
  return {
    max: 10, total: 0, allowUnlimited: false, allowNegative: false, allowOverages: false, maxOverages: 0, reset: false, period: null,
    periodStartedAt: null, ...overrides,
  };
}

/** A license feature: an activation feature unless overridden. */
export function feature(code: string, overrides: Partial<LicenseFeature> = {}): LicenseFeature {
  return {
    id: randomUUID(), code, name: `Feature ${code}`, expiryDate: null, type: "activation", isFloatingCloud: false, floatingUsers: null,
    floatingTimeout: 5, maxBorrowTime: 0, metadata: { tier: "pro" }, consumption: null, ...overrides,
  };
}

/** The typed client requires the `Date` parameter; the signing middleware replaces it with the test clock's. */
export const dated = { params: { header: { Date: "set by the signing middleware" } } };

/** The error code of a refused SDK call, or "accepted". */
export const refusal = (promise: Promise<unknown>) => promise.then(() => "accepted", (error: { code?: string }) => error.code ?? String(error));

export interface FeatureSuite {
  clock: TestClock;
  core: Core;
  server: TestServer;
  vendor: V4Vendor;
  sdk: LicenseApi;
  /** Signed with the test clock's time; every answer is checked against openapi/v4.yaml (a mismatch throws). */
  http: V4Client;
  product: { id: string; shortCode: string };
  license(options?: Parameters<typeof createV4License>[3]): Promise<{ id: string; key: string }>;
  /** Activates `hardwareId` on the license through the SDK. */
  activate(key: string, hardwareId?: string): Promise<string>;
  /** Moves the test clock; every test starts back at the real time. */
  travel(ms: number): void;
  /** `license.updated` events recorded so far for the vendor. */
  licenseUpdates(): Promise<number>;
}

/** Call inside describeEachDatabase: the suite is ready inside tests and hooks. */
export function featureSuite(getCore: () => Core): FeatureSuite {
  const suite = { clock: new TestClock() } as FeatureSuite;
  let travelled = 0;
  beforeAll(async () => {
    suite.core = { ...getCore(), now: suite.clock.now };
    suite.server = await startTestServer(suite.core);
    suite.vendor = await createV4Vendor(suite.core);
    suite.sdk = licenseApi(suite.server.url, suite.vendor);
    suite.http = createV4Client({ baseUrl: suite.server.url, ...suite.vendor, now: suite.clock.now, middleware: [validateResponses(loadSpec("v4"))] });
    suite.product = await createV4Product(suite.core, suite.vendor.accountId);
  });
  afterAll(() => suite.server?.stop());
  afterEach(() => {
    suite.clock.advance(-travelled);
    travelled = 0;
  });
  suite.travel = (ms) => {
    suite.clock.advance(ms);
    travelled += ms;
  };
  suite.license = (options = {}) => createV4License(suite.core, suite.vendor.accountId, suite.product.id, options);
  suite.activate = async (key, hardwareId = device()) => {
    await suite.sdk.activateLicense({ license_key: key, hardware_id: hardwareId, product: suite.product.shortCode });
    return hardwareId;
  };
  suite.licenseUpdates = () => suite.core.db.read((tx) => tx.countBy(EventEntity, { accountId: suite.vendor.accountId, type: "license.updated" }));
  return suite;
}
