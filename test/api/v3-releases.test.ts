/** Releases managed through v3 (/v3/releases): CRUD, filters, refusals, and what v4 clients then see through the official SDK. */
import { randomUUID } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import type { components } from "../../generated/v3.js";
import { licensingCommands } from "../../server/admin-licensing.js";
import { createApiKey, getAccount, isDomainError } from "../../server/core/index.js";
import { describeApi, type ApiFixture } from "../support/api.js";
import { licenseApi, v4SchemaProblems, type LicenseApi } from "../support/sdk.js";
import { device, refusal } from "../support/v4-fixtures.js";

type Release = components["schemas"]["Release"];
type ReleaseCreate = components["schemas"]["ReleaseCreate"];

let releases = 0;

/** A valid release body of the product; a fresh version each call unless `overrides` set one. */
function releaseBody(productId: string, overrides: Partial<ReleaseCreate> = {}): ReleaseCreate {
  releases += 1;
  return {
    productId, version: `1.${releases}.0`, platform: "win64",
    fullLink: `https://downloads.example.com/app/${releases}/setup.exe`, filename: "setup.exe", ...overrides,
  };
}

async function createRelease(api: ApiFixture, body: ReleaseCreate) {
  const { data, response } = await api.client.POST("/v3/releases", { body });
  expect(response.status).toBe(201);
  return data!;
}

describeApi("v3 releases", (api) => {
  let productId: string;

  beforeAll(async () => {
    productId = (await api.createProduct({ name: "Releases" })).id;
  });

  it("creates a release with every field, reads it back, changes only what a PATCH names, and deletes it", async () => {
    const body = releaseBody(productId, {
      name: "App 2.4", version: "2.4.0.1", channel: "beta", platform: "linux64", notes: "## New\n- PDF export", published: true,
      releaseDate: "2024-06-01T09:00:00.000Z", filename: "app.tar.gz", hashMd5: "1239d72ef6ff110ef63a803120728907", size: 73400320,
      eulaLink: "https://example.com/eula", releaseNotesLink: "https://example.com/notes/2.4", requiresVersion: "2.0",
    });
    const created = await createRelease(api, body);
    expect(created).toEqual({ ...body, id: expect.any(String), createdAt: expect.any(String), updatedAt: created.createdAt });
    const { data: read } = await api.client.GET("/v3/releases/{id}", { params: { path: { id: created.id } } });
    expect(read).toEqual(created);

    api.clock.advance(60_000);
    const { data: changed } = await api.client.PATCH("/v3/releases/{id}", {
      params: { path: { id: created.id } }, body: { published: false, hashMd5: null, notes: "withdrawn" },
    });
    expect(changed).toEqual({ ...created, published: false, hashMd5: null, notes: "withdrawn", updatedAt: expect.any(String) });
    expect(Date.parse(changed!.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));

    const deleted = await api.client.DELETE("/v3/releases/{id}", { params: { path: { id: created.id } } });
    expect(deleted.response.status).toBe(204);
    const gone = await api.client.GET("/v3/releases/{id}", { params: { path: { id: created.id } } });
    expect([gone.response.status, gone.error?.code]).toEqual([404, "RELEASE_NOT_FOUND"]);
  });

  it("fills the defaults of a minimal release: channel stable, published, optional fields null", async () => {
    const created = await createRelease(api, releaseBody(productId));
    expect(created).toMatchObject({
      channel: "stable", published: true, name: null, notes: null, releaseDate: null, hashMd5: null, size: null, eulaLink: null,
      releaseNotesLink: null, requiresVersion: null,
    });
  });

  it("lists a product's releases by channel and platform, with the pagination headers", async () => {
    const product = (await api.createProduct({ name: "Listed" })).id;
    const made: Release[] = [];
    for (const [channel, platform] of [["stable", "win64"], ["stable", "mac"], ["beta", "win64"], ["beta", "mac"], ["stable", "win64"]]) {
      made.push(await createRelease(api, releaseBody(product, { channel, platform })));
    }
    const idsWhere = (match: (release: Release) => boolean) => made.filter(match).map((release) => release.id);
    const cases: Array<[Record<string, string>, string[]]> = [
      [{}, made.map((release) => release.id)],
      [{ channel: "stable" }, idsWhere((release) => release.channel === "stable")],
      [{ platform: "mac" }, idsWhere((release) => release.platform === "mac")],
      [{ channel: "beta", platform: "win64" }, idsWhere((release) => release.channel === "beta" && release.platform === "win64")],
      [{ channel: "nightly" }, []],
    ];
    for (const [filters, expected] of cases) {
      const { data, response } = await api.client.GET("/v3/releases", { params: { query: { productId: product, limit: 100, ...filters } } });
      expect(data!.map((release) => release.id), JSON.stringify(filters)).toEqual(expected);
      expect(response.headers.get("Pagination-Count")).toBe(String(expected.length));
    }

    const { data: page, response } = await api.client.GET("/v3/releases", { params: { query: { productId: product, page: 2, limit: 2, sort: "-createdAt" } } });
    expect(page!.map((release) => release.id)).toEqual(made.map((release) => release.id).reverse().slice(2, 4));
    expect([response.headers.get("Pagination-Count"), response.headers.get("Pagination-Page"), response.headers.get("Pagination-Limit")]).toEqual(["5", "2", "2"]);
  });

  it.each([
    ["a one-part version", { version: "3" }, "INVALID_RELEASE_VERSION"],
    ["a five-part version", { version: "1.2.3.4.5" }, "INVALID_RELEASE_VERSION"],
    ["a v-prefixed version", { version: "v1.2" }, "INVALID_RELEASE_VERSION"],
    ["a pre-release suffix", { version: "1.2.0-beta" }, "INVALID_RELEASE_VERSION"],
    ["a malformed requiresVersion", { requiresVersion: "latest" }, "INVALID_RELEASE_VERSION"],
    ["a platform with a space", { platform: "win 64" }, "VALIDATION_FAILED"],
    ["an upper-case MD5", { hashMd5: "1239D72EF6FF110EF63A803120728907" }, "VALIDATION_FAILED"],
    ["a relative download link", { fullLink: "downloads/setup.exe" }, "VALIDATION_FAILED"],
    ["a negative size", { size: -1 }, "VALIDATION_FAILED"],
    ["a read-only field", { id: randomUUID() }, "VALIDATION_FAILED"],
    ["an unknown product", { productId: randomUUID() }, "INVALID_PRODUCT_ID"],
  ] as Array<[string, Record<string, unknown>, string]>)("refuses to create a release with %s (400)", async (_name, overrides, code) => {
    const { response, error } = await api.client.POST("/v3/releases", { body: { ...releaseBody(productId), ...overrides } as ReleaseCreate });
    expect([response.status, error?.code]).toEqual([400, code]);
  });

  it("refuses another account's product as INVALID_PRODUCT_ID", async () => {
    const other = await api.server.account();
    const theirs = await api.server.v3(other.token).POST("/v3/products", { body: { name: "Theirs" } });
    const { response, error } = await api.client.POST("/v3/releases", { body: releaseBody(theirs.data!.id) });
    expect([response.status, error?.code]).toEqual([400, "INVALID_PRODUCT_ID"]);
  });

  it.each([
    ["an empty body", {}, "VALIDATION_FAILED"],
    ["a new product", { productId: randomUUID() }, "VALIDATION_FAILED"],
    ["a malformed version", { version: "1.x" }, "INVALID_RELEASE_VERSION"],
  ] as Array<[string, Record<string, unknown>, string]>)("refuses a PATCH with %s (400) and keeps the release", async (_name, body, code) => {
    const release = await createRelease(api, releaseBody(productId));
    const { response, error } = await api.client.PATCH("/v3/releases/{id}", { params: { path: { id: release.id } }, body: body as never });
    expect([response.status, error?.code]).toEqual([400, code]);
    expect((await api.client.GET("/v3/releases/{id}", { params: { path: { id: release.id } } })).data).toEqual(release);
  });

  it("refuses a second release of the same version, platform and channel (409), on create and on update", async () => {
    const first = await createRelease(api, releaseBody(productId, { version: "7.0" }));
    const again = await api.client.POST("/v3/releases", { body: releaseBody(productId, { version: "7.0" }) });
    expect([again.response.status, again.error?.code]).toEqual([409, "RELEASE_ALREADY_EXISTS"]);

    const otherPlatform = await createRelease(api, releaseBody(productId, { version: "7.0", platform: "mac" }));
    await createRelease(api, releaseBody(productId, { version: "7.0", channel: "beta" }));
    await createRelease(api, releaseBody((await api.createProduct({ name: "Sibling" })).id, { version: "7.0" }));

    const clash = await api.client.PATCH("/v3/releases/{id}", { params: { path: { id: otherPlatform.id } }, body: { platform: first.platform } });
    expect([clash.response.status, clash.error?.code]).toEqual([409, "RELEASE_ALREADY_EXISTS"]);
    expect((await api.client.GET("/v3/releases/{id}", { params: { path: { id: otherPlatform.id } } })).data!.platform).toBe("mac");
  });

  it("answers 404 for an unknown release and for another account's, which stays unchanged", async () => {
    const other = await api.server.account();
    const otherClient = api.server.v3(other.token);
    const theirProduct = (await otherClient.POST("/v3/products", { body: { name: "Theirs" } })).data!;
    const theirs = (await otherClient.POST("/v3/releases", { body: releaseBody(theirProduct.id) })).data!;
    for (const id of [randomUUID(), theirs.id]) {
      const path = { params: { path: { id } } };
      const answers = [
        await api.client.GET("/v3/releases/{id}", path),
        await api.client.PATCH("/v3/releases/{id}", { ...path, body: { published: false } }),
        await api.client.DELETE("/v3/releases/{id}", path),
      ];
      expect(answers.map(({ response, error }) => [response.status, error?.code])).toEqual(Array(3).fill([404, "RELEASE_NOT_FOUND"]));
    }
    expect((await otherClient.GET("/v3/releases/{id}", { params: { path: { id: theirs.id } } })).data).toEqual(theirs);
    const listed = await api.client.GET("/v3/releases", { params: { query: { productId: theirProduct.id } } });
    expect(listed.data).toEqual([]);
  });

  it("shows a version added with the admin CLI's add-product-version as a release, and refuses it twice there too", async () => {
    const json = JSON.stringify({ version: "9.1", environment: "mac", channel: "prod", fullLink: "https://downloads.example.com/9.1.dmg", filename: "app.dmg" });
    const add = () => licensingCommands["add-product-version"]!(api.server.core, { account: api.admin.accountId, product: productId, json });
    const id = await add();
    const { data } = await api.client.GET("/v3/releases/{id}", { params: { path: { id } } });
    expect(data).toMatchObject({ productId, version: "9.1", platform: "mac", channel: "prod", published: true, fullLink: "https://downloads.example.com/9.1.dmg" });
    expect(isDomainError(await add().catch((error: unknown) => error), "RELEASE_ALREADY_EXISTS")).toBe(true);
  });

  it("needs release:read to read and release:write to change", async () => {
    const release = await createRelease(api, releaseBody(productId));
    const reader = api.server.v3((await api.server.account(["release:read"])).token);
    const writer = api.server.v3((await api.server.account(["release:write"])).token);
    const path = { params: { path: { id: release.id } } };
    const refused = [
      await writer.GET("/v3/releases", {}),
      await writer.GET("/v3/releases/{id}", path),
      await reader.POST("/v3/releases", { body: releaseBody(productId) }),
      await reader.PATCH("/v3/releases/{id}", { ...path, body: { published: false } }),
      await reader.DELETE("/v3/releases/{id}", path),
    ];
    expect(refused.map(({ response, error }) => [response.status, error?.code])).toEqual(Array(5).fill([403, "FORBIDDEN"]));
    expect((await reader.GET("/v3/releases", {})).response.status).toBe(200);
  });
});

describeApi("v3 releases as License API (v4) clients see them", (api) => {
  let sdk: LicenseApi;
  let productId: string;
  let licensed: { license_key: string; hardware_id: string; product: string };

  beforeAll(async () => {
    const key = await createApiKey(api.server.core, { accountId: api.admin.accountId });
    const { publicKeyPem } = await getAccount(api.server.core, api.admin.accountId);
    sdk = licenseApi(api.server.url, { ...key, publicKeyPem });
    productId = (await api.createProduct({ name: "Shipped", licenseApi: { shortCode: "SHIP-1" } })).id;
    const license = await api.createLicense(productId, { allowedActivations: 3 });
    licensed = { license_key: license.key, hardware_id: device(), product: "SHIP-1" };
    await sdk.activateLicense(licensed);
  });

  const versions = async (filter: { env?: string; channel?: string }) =>
    (await sdk.getVersions({ ...licensed, ...filter })).map((entry: { version: string }) => entry.version);

  it("serves published releases per environment and channel, newest first, and the installation file of each", async () => {
    const body = (version: string, platform: string, channel: string, releaseDate: string) =>
      releaseBody(productId, { version, platform, channel, releaseDate, fullLink: `https://downloads.example.com/${platform}/${channel}/${version}`, size: 2048 });
    await createRelease(api, body("1.0", "win64", "stable", "2024-01-10T00:00:00Z"));
    const newest = await createRelease(api, body("1.1", "win64", "stable", "2024-03-10T00:00:00Z"));
    await createRelease(api, body("1.2", "win64", "beta", "2024-04-10T00:00:00Z"));
    await createRelease(api, body("1.1", "mac", "stable", "2024-03-11T00:00:00Z"));

    expect(await versions({ env: "win64", channel: "stable" })).toEqual(["1.1", "1.0"]);
    expect(await versions({ env: "win64" })).toEqual(["1.2", "1.1", "1.0"]);
    expect(await versions({ channel: "stable" })).toEqual(["1.1", "1.1", "1.0"]);

    const file = await sdk.getInstallationFile({ ...licensed, env: "win64", channel: "stable" });
    expect(v4SchemaProblems("InstallationFile", file)).toEqual([]);
    expect(file).toMatchObject({
      version: newest.version, installation_file: newest.fullLink, environment: "win64", channel: "stable", release_date: "2024-03-10", size: "2048",
    });
    expect((await sdk.getInstallationFile({ ...licensed, env: "mac", channel: "stable" })).installation_file).toBe("https://downloads.example.com/mac/stable/1.1");
    expect(await refusal(sdk.getInstallationFile({ ...licensed, env: "mac", channel: "beta" }))).toBe("version_not_found");
  });

  it("hides an unpublished release until it is published again, and a deleted one for good", async () => {
    const release = await createRelease(api, releaseBody(productId, { version: "5.0", platform: "linux64", published: false }));
    expect(await versions({ env: "linux64" })).toEqual([]);
    expect(await refusal(sdk.getInstallationFile({ ...licensed, env: "linux64", version: "5.0" }))).toBe("version_not_found");

    await api.client.PATCH("/v3/releases/{id}", { params: { path: { id: release.id } }, body: { published: true } });
    expect(await versions({ env: "linux64" })).toEqual(["5.0"]);
    expect((await sdk.getInstallationFile({ ...licensed, env: "linux64", version: "5.0" })).installation_file).toBe(release.fullLink);

    await api.client.PATCH("/v3/releases/{id}", { params: { path: { id: release.id } }, body: { published: false } });
    expect(await versions({ env: "linux64" })).toEqual([]);
    await api.client.PATCH("/v3/releases/{id}", { params: { path: { id: release.id } }, body: { published: true } });
    await api.client.DELETE("/v3/releases/{id}", { params: { path: { id: release.id } } });
    expect(await versions({ env: "linux64" })).toEqual([]);
    expect(await refusal(sdk.getInstallationFile({ ...licensed, env: "linux64", version: "5.0" }))).toBe("version_not_found");
  });
});
