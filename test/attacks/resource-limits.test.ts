/**
 * Unrestricted resource consumption (OWASP API4): bodies over the size limit, JSON nested 100 000 levels deep (also
 * inside members the server stores as sent), 50 000 keys, and strings far past a member's maxLength. Each gets a
 * documented refusal in the version's error format, and the server still serves the genuine request afterwards.
 */
import { beforeAll, expect, it } from "vitest";
import { buildOfflineRequest } from "../../client/v4-offline.js";
import { licenseSpringAuthHeaders } from "../../client/v4-signing.js";
import { maxBodyDepth } from "../../server/http/body-depth.js";
import { activationRequest, describeApi } from "../support/api.js";
import { createV4License, createV4Product, createV4Vendor, device, type V4Vendor } from "../support/v4-fixtures.js";

/** startTestServer's BODY_LIMIT_BYTES. */
const limit = 1024 * 1024;

const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
const manyKeys = (count: number) => `{${Array.from({ length: count }, (_, i) => `"k${i}":0`).join(",")}}`;
/** `json` padded with trailing spaces (still valid JSON) to exactly `bytes` bytes. */
const paddedTo = (json: string, bytes: number) => json + " ".repeat(bytes - Buffer.byteLength(json));
/** The JSON text of `fields` with member `name` set to `raw`, which is already JSON text. */
const withMember = (fields: Record<string, unknown>, name: string, raw: string) =>
  `{${[...Object.entries(fields).filter(([key]) => key !== name).map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`), `"${name}":${raw}`].join(",")}}`;

interface Target {
  version: "v3" | "v4";
  path: string;
  /** A fresh valid body (a new machine, a new email: repeats are not conflicts). */
  body(): Record<string, unknown>;
  /** Where a stored free-form value goes, or a strictly typed member when the operation has none. */
  member: string;
  /** A string member with a maxLength. */
  limited: string;
}

describeApi("attack: resource exhaustion", (api) => {
  let vendor: V4Vendor;
  let v4: { license: { key: string }; product: { shortCode: string } };
  let license: { key: string; productId: string };
  let serial = 0;

  beforeAll(async () => {
    vendor = await createV4Vendor(api.server.core);
    const product = await createV4Product(api.server.core, vendor.accountId);
    v4 = { product, license: await createV4License(api.server.core, vendor.accountId, product.id, { allowedActivations: 1000 }) };
    license = await api.createLicense((await api.createProduct()).id, { allowedActivations: 1000 });
  });

  const targets: Target[] = [
    { version: "v3", path: "/v3/products", body: () => ({ name: "Product" }), member: "name", limited: "name" },
    { version: "v3", path: "/v3/customers", body: () => ({ email: `c${++serial}@example.com`, metadata: {} }), member: "metadata", limited: "email" },
    { version: "v3", path: "/v3/activations", body: () => ({ ...activationRequest(license, api.admin.accountId) }), member: "metadata", limited: "hostname" },
    {
      version: "v4", path: "/api/v4/activate_license", member: "variables", limited: "hardware_id",
      body: () => ({ license_key: v4.license.key, product: v4.product.shortCode, hardware_id: device() }),
    },
  ];
  /** The version's documented refusals of malformed input (v4 names a missing member apart). */
  const refusals = { v3: ["400 VALIDATION_FAILED"], v4: ["400 validation_error", "400 missing_parameters"] };
  const created = { v3: "201", v4: "200" };

  /** POSTs `text` as JSON with the version's credentials; the answer is checked against the spec. */
  async function post(target: Target, text: string): Promise<string> {
    const headers = { "content-type": "application/json" };
    const result = target.version === "v3"
      ? await api.server.raw("POST", target.path, target.path, { method: "POST", headers: { ...headers, authorization: `Bearer ${api.admin.token}` }, body: text })
      : await api.server.raw("POST", target.path, target.path, { method: "POST", headers: { ...headers, ...licenseSpringAuthHeaders(vendor, api.clock.now()) }, body: text });
    return result.status < 300 ? String(result.status) : `${result.status} ${result.body.code}`;
  }
  const serves = async (target: Target) => expect(await post(target, JSON.stringify(target.body()))).toBe(created[target.version]);

  const name = (target: Target) => `${target.version} POST ${target.path}`;
  const eachTarget = targets.map((target) => [name(target), target] as const);
  /** Built inside the test: the bodies need the fixtures. */
  const attacks: Array<[string, (target: Target) => string]> = [
    ["the whole body nested 100 000 levels deep", () => nested(100_000)],
    ["a member nested 100 000 levels deep", (target) => withMember(target.body(), target.member, nested(100_000))],
    ["a member nested 100 000 levels deep inside an object", (target) => withMember(target.body(), target.member, `{"x":${nested(100_000)}}`)],
    ["50 000 keys", () => manyKeys(50_000)],
    ["50 000 keys in a member", (target) => withMember(target.body(), target.member, manyKeys(50_000))],
    ["a string 500 000 characters past its maxLength", (target) => JSON.stringify({ ...target.body(), [target.limited]: "x".repeat(500_000) })],
  ];

  it.each(eachTarget)("%s: a body of exactly the size limit is served", async (_name, target) => {
    expect(await post(target, paddedTo(JSON.stringify(target.body()), limit))).toBe(created[target.version]);
  });

  it.each(eachTarget)("%s: one byte over the limit is refused (v3 413 PAYLOAD_TOO_LARGE; v4 documents only 400 validation_error)", async (_name, target) => {
    expect(await post(target, paddedTo(JSON.stringify(target.body()), limit + 1))).toBe({ v3: "413 PAYLOAD_TOO_LARGE", v4: "400 validation_error" }[target.version]);
    await serves(target);
  });

  it.each(targets.flatMap((target) => attacks.map(([attack, text]) => [name(target), attack, target, text] as const)))(
    "%s: %s is refused with 400, and the server serves on",
    async (_name, _attack, target, text) => {
      expect(refusals[target.version]).toContain(await post(target, text(target)));
      await serves(target);
    },
  );

  it(`stores free-form metadata nested ${maxBodyDepth} levels deep (the body counted), and refuses one level more`, async () => {
    const customers = targets[1]!;
    // The body is level 1, metadata level 2, its member's arrays the rest.
    const metadataAt = (depth: number) => withMember(customers.body(), "metadata", `{"x":${nested(depth - 2)}}`);
    expect(await post(customers, metadataAt(maxBodyDepth))).toBe("201");
    expect(await post(customers, metadataAt(maxBodyDepth + 1))).toBe("400 VALIDATION_FAILED");
  });

  it("v4 POST /api/v4/activate_offline: a multipart request file over the size limit is refused with 400, and a genuine file is served", async () => {
    const upload = (file: string) => {
      const form = new FormData();
      form.append("file", new Blob([file]), "ls_activation.req");
      return api.server.raw("POST", "/api/v4/activate_offline", "/api/v4/activate_offline", {
        method: "POST", headers: licenseSpringAuthHeaders(vendor, api.clock.now()), body: form,
      });
    };
    const oversized = await upload("x".repeat(limit + 1));
    expect(`${oversized.status} ${oversized.body.code}`).toBe("400 validation_error");
    const genuine = buildOfflineRequest({ product: v4.product.shortCode, hardware_id: device(), license_key: v4.license.key }, vendor, {
      request: "activation", schemaVersion: 2, date: api.clock.now().toUTCString(),
    });
    expect((await upload(genuine)).status).toBe(200);
  });
});
