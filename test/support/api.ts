import { afterAll, beforeAll, describe } from "vitest";
import type { components } from "../../generated/v3.js";
import { MovableClock as TestClock } from "../../server/core/clock.js";
import type { Core } from "../../server/core/index.js";
import { describeEachDatabase } from "./database.js";
import { startTestServer, type TestServer } from "./server.js";

type Schemas = components["schemas"];

/** A controllable clock: tests move time instead of sleeping. */
export { TestClock };

export interface ApiFixture {
  server: TestServer;
  clock: TestClock;
  admin: { accountId: string; token: string };
  client: ReturnType<TestServer["v3"]>;
  createProduct(body?: Partial<Schemas["ProductCreate"]>): Promise<Schemas["Product"]>;
  createLicense(productId: string, body?: Partial<Schemas["LicenseCreate"]>): Promise<Schemas["License"]>;
}

/**
 * Runs `define` once per database engine (SQLite and PostgreSQL) against the real server over HTTP,
 * with an admin account whose token holds every scope. The fixture is ready inside tests and hooks.
 */
export function describeApi(name: string, define: (api: ApiFixture) => void) {
  describeEachDatabase(name, (getCore) => {
    const api = {} as ApiFixture;
    beforeAll(async () => {
      const clock = new TestClock();
      const core: Core = { ...getCore(), now: clock.now };
      const server = await startTestServer(core);
      const admin = await server.account();
      const client = server.v3(admin.token);
      Object.assign(api, {
        server,
        clock,
        admin,
        client,
        createProduct: async (body = {}) => {
          const { data } = await client.POST("/v3/products", { body: { name: "Product", displayName: "Product", ...body } as Schemas["ProductCreate"] });
          return data!;
        },
        createLicense: async (productId: string, body = {}) => {
          const { data } = await client.POST("/v3/licenses", { body: { productId, ...body } as Schemas["LicenseCreate"] });
          return data!;
        },
      } satisfies ApiFixture);
    });
    afterAll(async () => api.server?.stop());
    describe("", () => define(api));
  });
}

let machine = 0;

/** A fresh activation request for a license (a new machine each call unless `fingerprint` is given). */
export function activationRequest(
  license: { key: string; productId: string },
  accountId: string,
  overrides: Partial<Schemas["ActivationRequest"]> = {},
): Schemas["ActivationRequest"] {
  machine += 1;
  return {
    key: license.key,
    productId: license.productId,
    accountId,
    fingerprint: `machine-${machine}-`.padEnd(64, "0"),
    hostname: `host-${machine}`,
    userHash: "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
    os: "linux",
    ...overrides,
  };
}
