/** activate_offline and deactivate_offline over HTTP and through the official SDK: round trips and every refusal. */
import { createRequire } from "node:module";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { checkResponse } from "../../client/check-response.js";
import { SpecValidator } from "../../client/spec-validator.js";
import { buildOfflineRequest, decodeOfflinePayload, type OfflineDevice } from "../../client/v4-offline.js";
import { licenseSpringAuthHeaders } from "../../client/v4-signing.js";
import { verifyOfflineLicense } from "../../client/verify-v4.js";
import { createOAuthClient } from "../../server/core/oauth-clients.js";
import { termsOf } from "../../server/core/license-terms.js";
import type { Core } from "../../server/core/index.js";
import { ActivationEntity, LicenseEntity } from "../../server/db/index.js";
import { describeEachDatabase } from "../support/database.js";
import { licenseApi, v4SchemaProblems, type LicenseApi } from "../support/sdk.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { loadSpec } from "../support/spec.js";
import { createLicenseUserFor, createV4License, createV4Product, createV4Vendor, type V4Vendor } from "../support/v4-fixtures.js";

const { LicenseAPI } = createRequire(import.meta.url)("@licensespring/node-sdk") as { LicenseAPI: new (config: Record<string, unknown>) => LicenseApi };
const v4 = new SpecValidator(loadSpec("v4"));
const hardware = () => `HW-${randomUUID()}`;
const base64Json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");
const refusal = (promise: Promise<unknown>) => promise.then(() => "accepted", (error: { code?: string }) => error.code ?? String(error));

describeEachDatabase("v4 offline activation and deactivation", (getCore) => {
  let core: Core;
  let server: TestServer;
  let vendor: V4Vendor;
  let sdk: LicenseApi;
  let product: { id: string; shortCode: string };

  beforeAll(async () => {
    core = getCore();
    server = await startTestServer(core);
    vendor = await createV4Vendor(core);
    sdk = licenseApi(server.url, vendor);
    product = await createV4Product(core, vendor.accountId);
  });
  afterAll(() => server?.stop());

  const license = (options: Parameters<typeof createV4License>[3] = {}) => createV4License(core, vendor.accountId, product.id, options);
  const credentials = () => ({ apiKey: vendor.apiKey, sharedKey: vendor.sharedKey });
  const requestFile = (device: Partial<OfflineDevice>, options: { request?: "activation" | "deactivation"; schemaVersion?: 1 | 2; signedWith?: { apiKey: string; sharedKey: string } } = {}) =>
    buildOfflineRequest({ product: product.shortCode, hardware_id: hardware(), ...device }, options.signedWith ?? credentials(), {
      request: options.request ?? "activation", schemaVersion: options.schemaVersion ?? 2,
    });

  /** A raw call whose answer must match the spec (status, content type, body schema). */
  async function post(path: string, body: BodyInit | undefined, contentType?: string, auth: Record<string, string> = licenseSpringAuthHeaders(credentials())) {
    const headers: Record<string, string> = { ...auth, ...(contentType ? { "content-type": contentType } : {}) };
    const response = await fetch(`${server.url}${path}`, { method: "POST", headers, body });
    const text = await response.text();
    const problems = checkResponse(v4, { method: "POST", pathTemplate: path, status: response.status, headers: response.headers, body: text });
    expect(problems, text).toEqual([]);
    return { status: response.status, body: response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
  }
  const multipart = (fields: Record<string, string>) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, new Blob([value], { type: "application/octet-stream" }), "ls_activation.req");
    return form;
  };
  /** The raw answer to a request file (the SDK's activateOffline strips the signatures from what it returns). */
  async function activateFile(file: string, path = "/api/v4/activate_offline") {
    const { status, body } = await post(path, file, "text/plain");
    expect(status, JSON.stringify(body)).toBe(200);
    return body;
  }
  const deviceOf = (hardwareId: string) => core.db.read((tx) => tx.findOneBy(ActivationEntity, { fingerprint: hardwareId }));

  it("round-trips with the SDK: its request file is activated, and the answer loads as a license file", async () => {
    const { key } = await license();
    const [hardwareId, second] = [hardware(), hardware()];
    const answer = await activateFile(sdk.createOfflineActivationPayload({ license_key: key, product: product.shortCode, hardware_id: hardwareId }));
    const file = base64Json(answer);
    expect(sdk.checkOfflineActivationResponse(file)).toMatchObject({ license_key: key, hardware_id: hardwareId });
    expect(verifyOfflineLicense(vendor.publicKeyPem, file, credentials())).toMatchObject({ valid: true, problems: [] });
    expect(await deviceOf(hardwareId)).toMatchObject({ offline: true });
    // The SDK's own call posts the file and checks both signatures of the answer itself.
    const checked = await sdk.activateOffline(sdk.createOfflineActivationPayload({ license_key: key, product: product.shortCode, hardware_id: second }));
    expect(checked).toMatchObject({ hardware_id: second, times_activated: 2 });
  });

  it("answers the documented license file: schema, server date, offline and v2 signatures", async () => {
    const { key } = await license();
    const { status, body } = await post("/api/v4/activate_offline", requestFile({ license_key: key }, { schemaVersion: 1 }), "text/plain");
    expect(status).toBe(200);
    expect(v4SchemaProblems("OfflineActivatedLicense", body)).toEqual([]);
    expect(Math.abs(Date.parse(body.date) - Date.now())).toBeLessThan(60_000);
    expect(Object.keys(body).slice(-3)).toEqual(["date", "offline_signature", "license_signature_v2"]);
    expect(verifyOfflineLicense(vendor.publicKeyPem, base64Json(body), credentials()).problems).toEqual([]);
    const otherVendor = await createV4Vendor(core);
    expect(verifyOfflineLicense(vendor.publicKeyPem, base64Json(body), otherVendor).problems).toEqual(["offline_signature does not verify"]);
  });

  it("accepts the request file uploaded as the multipart `file` part", async () => {
    const { key } = await license();
    const { status, body } = await post("/api/v4/activate_offline", multipart({ file: requestFile({ license_key: key }) }));
    expect(status).toBe(200);
    expect(body.license_key).toBe(key);
  });

  it("activates a user-based license offline; the SDK loads the file signed over the username", async () => {
    const userProduct = await createV4Product(core, vendor.accountId, { authorizationMethod: "user" });
    const created = await createV4License(core, vendor.accountId, userProduct.id);
    const user = await createLicenseUserFor(core, { ...created, accountId: vendor.accountId, productId: userProduct.id });
    const hardwareId = hardware();
    const request = sdk.createOfflineActivationPayload({ username: user.email, password: user.password, product: userProduct.shortCode, hardware_id: hardwareId });
    await expect(sdk.activateOffline(request)).resolves.toMatchObject({ license_key: null, username: user.email });
    const answer = await activateFile(sdk.createOfflineActivationPayload({ username: user.email, password: user.password, product: userProduct.shortCode, hardware_id: hardwareId }));
    expect(sdk.checkOfflineActivationResponse(base64Json(answer)).hardware_id).toBe(hardwareId);
    const wrongPassword = sdk.createOfflineActivationPayload({ username: user.email, password: "wrong", product: userProduct.shortCode, hardware_id: hardware() });
    expect(await refusal(sdk.activateOffline(wrongPassword))).toBe("invalid_credentials");
  });

  it("works with OAuth clients: the file names the client id and is signed with the client secret", async () => {
    const client = await createOAuthClient(core, vendor.accountId);
    const oauthSdk = new LicenseAPI({
      apiPath: `${server.url}/api/v4/`, publicKey: vendor.publicKeyPem, clientID: client.clientId, clientSecret: client.clientSecret,
      tokenUrl: `${server.url}/api/v4/oauth/token`, logLevel: "off",
    });
    const { key } = await license();
    const request = () => oauthSdk.createOfflineActivationPayload({ license_key: key, product: product.shortCode, hardware_id: hardware() }) as unknown as string;
    const first = request();
    expect(decodeOfflinePayload(first)).toMatchObject({ client_id: client.clientId });
    await expect(oauthSdk.activateOffline(first)).resolves.toMatchObject({ license_key: key });
    const token = await fetch(`${server.url}/api/v4/oauth/token`, {
      method: "POST", body: new URLSearchParams({ grant_type: "client_credentials", client_id: client.clientId, client_secret: client.clientSecret }),
    }).then(async (response) => ((await response.json()) as { access_token: string }).access_token);
    const bearer = { Date: new Date().toUTCString(), Authorization: `Bearer ${token}` };
    const { body } = await post("/api/v4/activate_offline", request(), "text/plain", bearer);
    expect(verifyOfflineLicense(vendor.publicKeyPem, base64Json(body), { apiKey: client.clientId, sharedKey: client.clientSecret }).problems).toEqual([]);
    expect((await post("/api/v4/activate_offline", requestFile({ license_key: key }), "text/plain", bearer)).body.code).toBe("signature_mismatch");
  });

  it("refuses a tampered request, a request signed with another shared key, and one naming another company's API key", async () => {
    const { key } = await license();
    const tampered = JSON.parse(Buffer.from(sdk.createOfflineActivationPayload({ license_key: key, product: product.shortCode, hardware_id: "HW-A" }), "base64").toString());
    tampered.request.hardware_id = "HW-B";
    const other = await createV4Vendor(core);
    for (const file of [
      base64Json(tampered),
      requestFile({ license_key: key }, { signedWith: { apiKey: vendor.apiKey, sharedKey: other.sharedKey } }),
      requestFile({ license_key: key }, { signedWith: other }),
      requestFile({ license_key: key }, { schemaVersion: 1, signedWith: { apiKey: vendor.apiKey, sharedKey: other.sharedKey } }),
    ]) {
      expect(await refusal(sdk.activateOffline(file))).toBe("signature_mismatch");
    }
    expect(await core.db.read((tx) => tx.countBy(ActivationEntity, { fingerprint: "HW-B" }))).toBe(0);
  });

  it("the SDK refuses a tampered answer", async () => {
    const { key } = await license({ expiresAt: new Date(Date.now() + 30 * 86_400_000) });
    const answer = await activateFile(requestFile({ license_key: key }));
    const load = (changes: Record<string, unknown>) => refusal(Promise.resolve().then(() => sdk.checkOfflineActivationResponse(base64Json({ ...answer, ...changes }))));
    expect(await load({})).toBe("accepted");
    expect(await load({ validity_period: "2099-01-01T00:00:00.000Z" })).toBe("license_signature_invalid");
    expect(await load({ max_activations: 1000 })).toBe("signature_v2_mismatch");
    expect(await load({ hardware_id: "another-machine" })).toBe("license_signature_invalid");
  });

  it("applies the activation rules: seat limit, disabled license, floating cloud", async () => {
    const { key } = await license({ allowedActivations: 1 });
    expect((await post("/api/v4/activate_offline", requestFile({ license_key: key }), "text/plain")).status).toBe(200);
    expect((await post("/api/v4/activate_offline", requestFile({ license_key: key }), "text/plain")).body.code).toBe("license_activated_max_times");
    const revoked = await license({ revoked: true });
    expect((await post("/api/v4/activate_offline", requestFile({ license_key: revoked.key }), "text/plain")).body.code).toBe("license_not_enabled");
    const floating = await license({ type: "hosted-floating", allowedFloatingClients: 3 });
    const refused = await post("/api/v4/activate_offline", requestFile({ license_key: floating.key }), "text/plain");
    expect(refused.body).toMatchObject({ status: 400, code: "offline_floating_cloud_not_supported" });
    expect(await core.db.read((tx) => tx.countBy(ActivationEntity, { licenseId: floating.id }))).toBe(0);
  });

  it("keeps the activation limit under parallel offline activations", async () => {
    const { id, key } = await license({ allowedActivations: 2 });
    const files = Array.from({ length: 6 }, () => requestFile({ license_key: key }));
    const answers = await Promise.all(files.map((file) => post("/api/v4/activate_offline", file, "text/plain")));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 400, 400, 400, 400]);
    expect(answers.filter((a) => a.status === 400).map((a) => a.body.code)).toEqual(Array(4).fill("license_activated_max_times"));
    expect(await core.db.read((tx) => tx.countBy(ActivationEntity, { licenseId: id }))).toBe(2);
  });

  it.each([
    ["no body", undefined, "text/plain", "missing_parameters"],
    ["a multipart upload without the file part", "other", "multipart", "missing_parameters"],
    ["text that is not Base64", "this is not base64!", "text/plain", "authorization_missing_params"],
    ["Base64 of text that is not JSON", Buffer.from("hello").toString("base64"), "text/plain", "authorization_missing_params"],
    ["an empty payload", base64Json({}), "text/plain", "missing_content"],
    ["a payload without hardware_id", base64Json({ license_key: "K", product: "P", date: "d", api_key: randomUUID(), signature: "abcd" }), "text/plain", "authorization_missing_params"],
  ])("refuses %s (%s)", async (_what, body, type, code) => {
    const sent = type === "multipart" ? multipart({ other: body! }) : body;
    for (const path of ["/api/v4/activate_offline", "/api/v4/deactivate_offline"]) {
      const answer = await post(path, sent, type === "multipart" ? undefined : type);
      expect(answer.body).toMatchObject({ status: 400, code });
    }
  });

  it("deactivates offline with the SDK's request file, recording the consumptions used offline", async () => {
    const consumption = { max: 100, total: 10, allowUnlimited: false, allowNegative: false, allowOverages: false, maxOverages: 0, reset: false, period: null, periodStartedAt: null };
    const { id, key } = await license({ terms: { licenseType: "consumption", consumption } });
    const hardwareId = hardware();
    await sdk.activateOffline(sdk.createOfflineActivationPayload({ license_key: key, product: product.shortCode, hardware_id: hardwareId }));
    const request = sdk.createOfflineDeactivationPayload({ license_key: key, product: product.shortCode, hardware_id: hardwareId, consumptions: 7 });
    expect(await sdk.deactivateOffline(request)).toBe(true);
    expect(await deviceOf(hardwareId)).toBeNull();
    const row = await core.db.read((tx) => tx.findOneByOrFail(LicenseEntity, { id }));
    expect(termsOf(row).consumption?.total).toBe(17);
    expect(row.totalDeactivations).toBe(1);
    expect(await refusal(sdk.deactivateOffline(request))).toBe("device_not_found");
  });

  it("refuses a deactivation file on activate_offline and an activation file on deactivate_offline, and tampered deactivations", async () => {
    const { key } = await license();
    const hardwareId = hardware();
    await sdk.activateOffline(requestFile({ license_key: key, hardware_id: hardwareId }));
    const deactivation = requestFile({ license_key: key, hardware_id: hardwareId }, { request: "deactivation" });
    expect((await post("/api/v4/activate_offline", deactivation, "text/plain")).body.code).toBe("validation_error");
    expect((await post("/api/v4/deactivate_offline", requestFile({ license_key: key, hardware_id: hardwareId }), "text/plain")).body.code).toBe("validation_error");
    const foreign = requestFile({ license_key: key, hardware_id: hardwareId }, { request: "deactivation", signedWith: await createV4Vendor(core) });
    expect((await post("/api/v4/deactivate_offline", foreign, "text/plain")).body.code).toBe("signature_mismatch");
    expect(await deviceOf(hardwareId)).not.toBeNull();
    expect(await post("/api/v4/deactivate_offline", multipart({ file: deactivation }))).toMatchObject({ status: 200, body: "license_deactivated" });
    expect(await deviceOf(hardwareId)).toBeNull();
  });
});
