import { expect, it } from "vitest";
import type { components } from "../../generated/v3.js";
import { verifyActivationToken } from "../../client/verify-v3.js";
import { activationRequest, describeApi, type ApiFixture } from "../support/api.js";

type LicenseCreate = Partial<components["schemas"]["LicenseCreate"]>;
type ActivationRequest = Partial<components["schemas"]["ActivationRequest"]>;

const day = 86_400_000;
const future = new Date(Date.now() + 30 * day).toISOString();
const past = new Date(Date.now() - 30 * day).toISOString();

/** One activation attempt on a fresh license: allowed (201) or refused with a code. */
const cases: Array<[string, LicenseCreate, ActivationRequest, number, string | undefined]> = [
  ["a plain license activates", {}, {}, 201, undefined],
  ["a revoked license is refused", { revoked: true }, {}, 400, "REVOKED_LICENSE"],
  ["a suspended license still activates", { suspended: true }, {}, 201, undefined],
  ["an expired license still activates", { expiresAt: past, validity: 3600 }, {}, 201, undefined],
  ["a VM activates where VMs are allowed", { allowVmActivation: true }, { vmName: "vbox" }, 201, undefined],
  ["a VM is refused where VMs are not allowed", { allowVmActivation: false }, { vmName: "vbox" }, 400, "VM_ACTIVATION_NOT_ALLOWED"],
  ["a container activates where allowed", { allowContainerActivation: true }, { container: true }, 201, undefined],
  ["a container is refused where not allowed", { allowContainerActivation: false }, { container: true }, 400, "CONTAINER_ACTIVATION_NOT_ALLOWED"],
  ["releaseVersion x.x.x is accepted", {}, { releaseVersion: "1.2.3" }, 201, undefined],
  ["releaseVersion x.x.x.x is accepted", {}, { releaseVersion: "1.2.3.4" }, 201, undefined],
  ["releaseVersion 'v1' is refused", {}, { releaseVersion: "v1" }, 400, "INVALID_RELEASE_VERSION"],
  ["releaseVersion '1' is refused", {}, { releaseVersion: "1" }, 400, "INVALID_RELEASE_VERSION"],
  ["a license effective since yesterday activates", { effectiveDate: past }, {}, 201, undefined],
  ["a license effective in the future is refused", { effectiveDate: future }, {}, 400, "LICENSE_NOT_EFFECTIVE"],
  ["an unknown key is refused", {}, { key: "AAAAAA-BBBBBB-CCCCCC-DDDDDD-EEEEEE-FFFFFF" }, 400, "INVALID_LICENSE_KEY"],
  ["an unknown product is refused", {}, { productId: "00000000-0000-4000-8000-000000000000" }, 400, "INVALID_PRODUCT_ID"],
];

async function attempt(api: ApiFixture, license: LicenseCreate, request: ActivationRequest) {
  const product = await api.createProduct();
  const created = await api.createLicense(product.id, license);
  const result = await api.server.v3().POST("/v3/activations", { body: activationRequest(created, api.admin.accountId, request) });
  return { product, license: created, result };
}

describeApi("v3 activation rules", (api) => {
  it.each(cases)("%s", async (_name, license, request, status, code) => {
    const { result } = await attempt(api, license, request);
    expect(result.response.status).toBe(status);
    if (code) expect(result.error).toMatchObject({ code });
  });

  it("tells the client through the token that a license is suspended or expired", async () => {
    const suspended = await attempt(api, { suspended: true }, {});
    const suspendedClaims = await verifyActivationToken(suspended.result.data!.activationToken, suspended.product.publicKey);
    expect(suspendedClaims.suspended).toBe(true);
    const expired = await attempt(api, { expiresAt: past, validity: 3600 }, {});
    const expiredClaims = await verifyActivationToken(expired.result.data!.activationToken, expired.product.publicKey);
    expect(expiredClaims.eat * 1000).toBeLessThan(Date.now());
    expect(expiredClaims.eat).toBeGreaterThan(0);
  });

  it.each([
    ["allowedActivations 2", 2, 2],
    ["allowedActivations 0 (unlimited)", 0, 4],
    ["allowedActivations -1 (unlimited)", -1, 4],
  ])("%s lets %i of 4 machines in", async (_name, allowedActivations, expected) => {
    const product = await api.createProduct();
    const license = await api.createLicense(product.id, { allowedActivations });
    const client = api.server.v3();
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await client.POST("/v3/activations", { body: activationRequest(license, api.admin.accountId) })).response.status);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(expected);
    expect(statuses.filter((s) => s === 400)).toHaveLength(4 - expected);
  });

  it("reuses the activation when the same machine activates again, taking no new slot", async () => {
    const product = await api.createProduct();
    const license = await api.createLicense(product.id, { allowedActivations: 1 });
    const request = activationRequest(license, api.admin.accountId);
    const client = api.server.v3();
    const first = await client.POST("/v3/activations", { body: request });
    const again = await client.POST("/v3/activations", { body: request });
    const other = await client.POST("/v3/activations", { body: activationRequest(license, api.admin.accountId) });
    const [a, b] = await Promise.all([first, again].map((r) => verifyActivationToken(r.data!.activationToken, product.publicKey)));
    expect(b!.aid).toBe(a!.aid);
    expect(other.error).toMatchObject({ code: "ACTIVATION_LIMIT_REACHED" });
  });

  it("with userLocked, each OS user of one machine takes its own slot", async () => {
    const product = await api.createProduct();
    const locked = await api.createLicense(product.id, { allowedActivations: 1, userLocked: true });
    const shared = await api.createLicense(product.id, { allowedActivations: 1, userLocked: false });
    const client = api.server.v3();
    for (const [license, secondUser] of [[locked, 400], [shared, 201]] as const) {
      const request = activationRequest(license, api.admin.accountId);
      expect((await client.POST("/v3/activations", { body: { ...request, userHash: "alice" } })).response.status).toBe(201);
      expect((await client.POST("/v3/activations", { body: { ...request, userHash: "bob" } })).response.status).toBe(secondUser);
    }
  });

  it("honours expirationStrategy: delayed starts at first activation, rolling per activation, immediate at creation", async () => {
    const product = await api.createProduct();
    const validity = 10 * 86_400;
    const delayed = await api.createLicense(product.id, { validity, expirationStrategy: "delayed" });
    expect(delayed.expiresAt).toBeNull();
    const immediate = await api.createLicense(product.id, { validity, expirationStrategy: "immediate" });
    expect(Date.parse(immediate.expiresAt!)).toBeGreaterThan(Date.now());
    const rolling = await api.createLicense(product.id, { validity, expirationStrategy: "rolling", allowedActivations: 2 });
    const client = api.server.v3();

    await client.POST("/v3/activations", { body: activationRequest(delayed, api.admin.accountId) });
    const afterFirst = await api.client.GET("/v3/licenses/{id}", { params: { path: { id: delayed.id } } });
    expect(Date.parse(afterFirst.data!.expiresAt!) - Date.now()).toBeGreaterThan(validity * 1000 - 60_000);

    const first = await client.POST("/v3/activations", { body: activationRequest(rolling, api.admin.accountId) });
    api.clock.advance(day);
    const second = await client.POST("/v3/activations", { body: activationRequest(rolling, api.admin.accountId) });
    const [a, b] = await Promise.all([first, second].map((r) => verifyActivationToken(r.data!.activationToken, product.publicKey)));
    expect(b!.eat - a!.eat).toBeGreaterThanOrEqual(86_400);
    expect(b!.eat - a!.eat).toBeLessThanOrEqual(86_401);
    const rollingLicense = await api.client.GET("/v3/licenses/{id}", { params: { path: { id: rolling.id } } });
    expect(rollingLicense.data!.expiresAt).toBeNull();
  });

  it("frees a hosted-floating seat when its lease expires", async () => {
    const product = await api.createProduct();
    const license = await api.createLicense(product.id, { type: "hosted-floating", allowedFloatingClients: 1, leaseDuration: 300 });
    const client = api.server.v3();
    const first = await client.POST("/v3/activations", { body: activationRequest(license, api.admin.accountId) });
    const claims = await verifyActivationToken(first.data!.activationToken, product.publicKey);
    expect(claims.leat).toBeGreaterThan(claims.iat);
    const whileLeased = await client.POST("/v3/activations", { body: activationRequest(license, api.admin.accountId) });
    expect(whileLeased.error).toMatchObject({ code: "ACTIVATION_LIMIT_REACHED" });
    api.clock.advance(301_000);
    const afterExpiry = await client.POST("/v3/activations", { body: activationRequest(license, api.admin.accountId) });
    expect(afterExpiry.response.status).toBe(201);
  });

  it("enforces allowedDeactivations with 409, and -1 as unlimited", async () => {
    const product = await api.createProduct();
    for (const [allowedDeactivations, refusedAt] of [[1, 1], [-1, undefined]] as const) {
      const license = await api.createLicense(product.id, { allowedActivations: -1, allowedDeactivations });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const request = activationRequest(license, api.admin.accountId);
        const created = await api.server.v3().POST("/v3/activations", { body: request });
        const { aid } = await verifyActivationToken(created.data!.activationToken, product.publicKey);
        const result = await api.server.v3().POST("/v3/activations/{id}/deactivate", {
          params: { path: { id: aid } },
          body: { productId: product.id, accountId: api.admin.accountId, fingerprint: request.fingerprint, userHash: request.userHash, os: request.os },
        });
        statuses.push(result.response.status);
        if (result.error) expect(result.error).toMatchObject({ code: "DEACTIVATION_LIMIT_REACHED" });
      }
      expect(statuses).toEqual(refusedAt === undefined ? [200, 200, 200] : [200, 409, 409]);
    }
  });

  it("counts meter attribute uses up to allowedUses and refuses beyond", async () => {
    const product = await api.createProduct();
    const license = await api.createLicense(product.id, { meterAttributes: [{ name: "exports", allowedUses: 5 }] });
    const created = await api.server.v3().POST("/v3/activations", { body: activationRequest(license, api.admin.accountId) });
    const { aid } = await verifyActivationToken(created.data!.activationToken, product.publicKey);
    const increment = (by: number) =>
      api.server.v3().POST("/v3/activations/meter-attributes/{id}", {
        params: { path: { id: "exports" } },
        body: { increment: by, activationId: aid, productId: product.id, accountId: api.admin.accountId },
      });
    const ok = await increment(5);
    expect(ok.data).toMatchObject({ name: "exports", uses: 5, licenseAllowedUses: 5, licenseTotalUses: 5 });
    const over = await increment(1);
    expect(over.error).toMatchObject({ code: "METER_ATTRIBUTE_USES_LIMIT_REACHED" });
    const unknown = await api.server.v3().POST("/v3/activations/meter-attributes/{id}", {
      params: { path: { id: "nope" } },
      body: { increment: 1, activationId: aid, accountId: api.admin.accountId },
    });
    expect(unknown.response.status).toBe(404);
  });
});
