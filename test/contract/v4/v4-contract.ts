/**
 * What the v4 conformance files share: License API fixtures made through v3 (products with short codes, licenses,
 * license users, API keys), unique device ids, the checks of a refusal's code and of the `LicenseSignature` header,
 * and the credential refusals, bearer 401 and injected faults every signed operation answers alike.
 */
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { dereference } from "../../../client/spec-document.js";
import { buildOfflineRequest, type OfflineDevice, type OfflineRequestOptions } from "../../../client/v4-offline.js";
import { licenseSpringAuthHeaders, type HmacCredentials } from "../../../client/v4-signing.js";
import { verifyResponseSignature } from "../../../client/verify-v4.js";
import type { ContractRequest } from "../exchange.js";
import type { Fixtures } from "../fixtures.js";
import type { ContractSuite } from "../suite.js";

type Json = Record<string, any>;

/** A fresh hardware id, so repeated or parallel runs never share a device. */
export const hardware = () => `HW-${randomUUID()}`;
/** A fresh short code (products, features, customer accounts). */
export const uniqueCode = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`.toUpperCase();
export const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/** Base64 of a JSON value: an offline file made by hand (empty, unsigned). */
export const base64Json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");

/** An offline request file as a request body: Base64 text, or a multipart upload. */
export interface OfflineUpload {
  rawBody: string;
  contentType: string;
}

/** An offline request file uploaded as the multipart part `name` (the SDKs use `file`). */
export function multipartUpload(content: string, name = "file"): OfflineUpload {
  const boundary = "contract-boundary";
  const part = `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="ls_activation.req"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { rawBody: part, contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface V4Product {
  id: string;
  shortCode: string;
}

export interface V4License {
  id: string;
  key: string;
}

/** How the device-side operations name a license and device. */
export type Identity = {
  product: string;
  license_key: string;
  hardware_id: string;
};

export type RefusalCase = [code: string, request: () => Promise<ContractRequest>];

export interface V4User {
  id: string;
  email: string;
  password: string;
}

/** Keys that fail in the ways a caller's own key cannot: revoked, read-only, limited to another product. */
interface RefusedKeys {
  revoked: HmacCredentials;
  readOnly: HmacCredentials;
  elsewhere: HmacCredentials;
}

export class V4Contract {
  private keys?: Promise<RefusedKeys>;
  private signingKey?: Promise<string>;

  constructor(readonly suite: ContractSuite) {}

  get client() {
    return this.suite.client;
  }

  get fixtures(): Fixtures {
    return this.suite.fixtures;
  }

  /** The run's own v4 credentials. */
  get credentials(): HmacCredentials {
    const { apiKey, sharedKey } = this.suite.target;
    if (!apiKey || !sharedKey) throw new Error("v4 contract files need the run's API key and shared key");
    return { apiKey, sharedKey };
  }

  /** A product with a fresh short code and these v4 settings (`licenseApi` of createProduct). */
  async product(licenseApi: Json = {}): Promise<V4Product> {
    const shortCode = uniqueCode("CT");
    const product = await this.fixtures.product({ name: `contract v4 ${shortCode}`, licenseApi: { shortCode, ...licenseApi } });
    return { id: product.id, shortCode };
  }

  /** A license of the product (five activations unless the body says otherwise). */
  async license(productId: string, body: Json = {}): Promise<V4License> {
    const license = await this.fixtures.license(productId, { allowedActivations: 5, ...body });
    return { id: license.id, key: license.key };
  }

  /** A license user (POST /v3/users), removed after the file. */
  async user(body: Json = {}): Promise<V4User> {
    const email = `contract-${randomUUID().slice(0, 8)}@example.com`;
    const user = await this.fixtures.v3("POST", "/v3/users", { email, firstName: "Ada", lastName: "Lovelace", ...body });
    this.fixtures.onCleanup(() => this.fixtures.v3("DELETE", `/v3/users/${user.id}`, undefined, 204));
    return { id: user.id, email: user.email, password: user.password };
  }

  /** A license user assigned to the license with its own activation allowance. */
  async assignedUser(licenseId: string, assignment: Json = {}, body: Json = {}): Promise<V4User> {
    const user = await this.user(body);
    await this.fixtures.v3("POST", `/v3/licenses/${licenseId}/users`, { userId: user.id, allowedActivations: 2, ...assignment });
    return user;
  }

  /** An API key made through v3 for this file, revoked after it. */
  async apiKey(body: Json = {}): Promise<HmacCredentials & { id: string }> {
    const key = await this.fixtures.v3("POST", "/v3/api-keys", { name: "contract v4", ...body });
    this.fixtures.onCleanup(() => this.fixtures.v3("DELETE", `/v3/api-keys/${key.id}`, undefined, 204));
    return { id: key.id, apiKey: key.apiKey, sharedKey: key.sharedKey };
  }

  /** Activates a device on a key-based license (set-up for the operations that need an activated device). */
  async activate(product: V4Product, license: Pick<V4License, "key">, hardwareId = hardware()): Promise<string> {
    await this.client.call("activateLicense", { body: { product: product.shortCode, license_key: license.key, hardware_id: hardwareId } }, 200);
    return hardwareId;
  }

  /** An offline request file (schema v2 unless told) for the device, signed with the run's credentials or `signedWith`. */
  offlineFile(device: OfflineDevice, options: Partial<OfflineRequestOptions> & { signedWith?: HmacCredentials } = {}): OfflineUpload {
    const { signedWith, ...rest } = options;
    const file = buildOfflineRequest(device, signedWith ?? this.credentials, { request: "activation", schemaVersion: 2, ...rest });
    return { rawBody: file, contentType: "text/plain" };
  }

  /**
   * The refusals every operation on an activated device shares: a license of `product()` (made with `licenseBody`)
   * whose device activated before v3 suspended, revoked or expired it, a blacklisted device, and an unknown key,
   * device or product. `request` builds the operation's request for the identity.
   */
  stateRefusals(product: () => V4Product, licenseBody: Json, request: (identity: Identity) => ContractRequest): RefusalCase[] {
    const activated = async (change?: Json) => {
      const license = await this.license(product().id, licenseBody);
      const identity = { product: product().shortCode, license_key: license.key, hardware_id: await this.activate(product(), license) };
      if (change) await this.fixtures.v3("PATCH", `/v3/licenses/${license.id}`, change);
      return identity;
    };
    const expired = () => new Date(Date.now() - 86_400_000).toISOString();
    return [
      ["license_not_active", async () => request(await activated({ suspended: true }))],
      ["license_not_enabled", async () => request(await activated({ revoked: true }))],
      ["license_expired", async () => request(await activated({ expiresAt: expired() }))],
      ["trial_expired", async () => request(await activated({ expiresAt: expired(), licenseApi: { isTrial: true } }))],
      ["blacklisted", async () => {
        const identity = await activated();
        const entry = await this.fixtures.v3("POST", "/v3/device-blacklist", { hardwareId: identity.hardware_id });
        this.fixtures.onCleanup(() => this.fixtures.v3("DELETE", `/v3/device-blacklist/${entry.id}`, undefined, 204));
        return request(identity);
      }],
      ["license_not_found", async () => request({ ...(await activated()), license_key: "NO-SUCH-KEY" })],
      ["device_not_found", async () => request({ ...(await activated()), hardware_id: hardware() })],
      ["unknown_product", async () => request({ ...(await activated()), product: "NO-SUCH-PRODUCT" })],
    ];
  }

  /** The codes the spec lists for the operation's `status`: its description's list and its examples. */
  documentedCodes(operationId: string, status: number): string[] {
    const { document } = this.client;
    const response = dereference(document, (this.client.operation(operationId).operation.responses as Json)[status]) as Json;
    const listed = [...String(response.description ?? "").matchAll(/^- `([a-z_]+)`/gm)].map((match) => match[1]!);
    const examples = Object.values(response.content ?? {}).flatMap((media: any) => Object.values(media.examples ?? {}));
    return [...listed, ...examples.map((example) => (dereference(document, example) as Json).value?.code).filter(Boolean)];
  }

  /**
   * What the offline operations refuse alike: bodies that are no request file, files signed with another shared key,
   * and files naming an unknown product or key. `device` makes the file's device, with `changes`.
   */
  malformedOfflineFiles(device: (changes?: Partial<OfflineDevice>) => OfflineDevice): Array<[code: string, file: (request: "activation" | "deactivation") => OfflineUpload]> {
    return [
      ["missing_parameters", () => ({ rawBody: "", contentType: "text/plain" })],
      ["missing_parameters", () => multipartUpload("irrelevant", "other")],
      ["authorization_missing_params", () => ({ rawBody: "this is not base64!", contentType: "text/plain" })],
      ["missing_content", () => ({ rawBody: base64Json({}), contentType: "text/plain" })],
      ["validation_error", () => ({ rawBody: "caf\u00e9", contentType: "text/plain" })],
      ["signature_mismatch", (request) => this.offlineFile(device(), { request, signedWith: { ...this.credentials, sharedKey: "not-the-shared-key" } })],
      ["unknown_product", (request) => this.offlineFile(device({ product: "NO-SUCH-PRODUCT" }), { request })],
      ["license_not_found", (request) => this.offlineFile(device({ license_key: "NO-SUCH-KEY" }), { request })],
    ];
  }

  /** Sends a request the operation must refuse with 400 and `code`, which the spec must list for the operation. */
  async refuses(operationId: string, request: ContractRequest, code: string): Promise<void> {
    expect(this.documentedCodes(operationId, 400), `${operationId} documents ${code}`).toContain(code);
    const answer = await this.client.call(operationId, request, 400);
    expect(answer?.code, JSON.stringify(answer)).toBe(code);
  }

  /** Sends a request that must succeed, and checks its `LicenseSignature` header against the account's public key. */
  async callVerified(operationId: string, request: ContractRequest): Promise<any> {
    const exchange = await this.client.send(operationId, request, 200);
    expect(exchange.violations).toEqual([]);
    expect(verifyResponseSignature(await this.publicKey(), exchange.response.body, exchange.response.headers.licensesignature ?? null), "LicenseSignature verifies").toBe(true);
    return exchange.json;
  }

  /** The public key that verifies the account's v4 signatures. */
  publicKey(): Promise<string> {
    return (this.signingKey ??= this.fixtures.v3("GET", "/v3/account/signing-key").then((key) => key.publicKey as string));
  }

  private refusedKeys(): Promise<RefusedKeys> {
    return (this.keys ??= (async () => {
      const { id, apiKey, sharedKey } = await this.fixtures.v3("POST", "/v3/api-keys", { name: "contract v4 revoked" });
      await this.fixtures.v3("DELETE", `/v3/api-keys/${id}`, undefined, 204);
      const revoked = { apiKey, sharedKey };
      const other = await this.product();
      return { revoked, readOnly: await this.apiKey({ readOnly: true }), elsewhere: await this.apiKey({ productIds: [other.id] }) };
    })());
  }

  /**
   * The refusals of the signing layer, the 401 of a bad bearer token, and the injected 429 and 500, for one signed
   * operation. `request` is a valid request naming a real product (so a key limited to another product is what is
   * refused); it gets the key the case signs with, which offline files must be signed with too.
   * `read_only_api_key` is checked on writes only, since read-only keys may call GET operations, and
   * `api_key_product_not_allowed` only where the request names a product (`productScoped`).
   */
  credentialCases(
    operationId: string, request: (signer: HmacCredentials) => ContractRequest | Promise<ContractRequest>, options: { productScoped?: boolean } = {},
  ): void {
    const write = this.client.operation(operationId).method !== "get";
    const own = () => this.credentials;
    const signed = (credentials: HmacCredentials, offsetMinutes = 0) => licenseSpringAuthHeaders(credentials, new Date(Date.now() + offsetMinutes * 60_000));
    const now = () => new Date().toUTCString();
    type Case = [code: string, signer: (keys: RefusedKeys) => HmacCredentials, headers: (signer: HmacCredentials) => Record<string, string>];
    const cases: Case[] = [
      ["missing_headers", own, () => ({})],
      ["date_header_diff", own, (key) => signed(key, -16)],
      ["signature_mismatch", own, (key) => signed({ ...key, sharedKey: "not-the-shared-key" })],
      ["authorization_invalid_headers", own, () => ({ Date: now(), Authorization: "hmac please" })],
      ["authorization_missing_params", own, () => ({ Date: now(), Authorization: 'algorithm="hmac-sha256",headers="date"' })],
      ["hmac_required", own, (key) => ({ ...signed(key), Authorization: signed(key).Authorization.replace("hmac-sha256", "hmac-sha1") })],
      ["invalid_api_key", own, (key) => signed({ ...key, apiKey: randomUUID() })],
      ["revoked_api_key", (keys) => keys.revoked, signed],
      ...(options.productScoped === false ? [] : [["api_key_product_not_allowed", (keys: RefusedKeys) => keys.elsewhere, signed] as Case]),
      ...(write ? [["read_only_api_key", (keys: RefusedKeys) => keys.readOnly, signed] as Case] : []),
    ];
    it.each(cases)("400 %s", async (code, signerOf, headers) => {
      const signer = signerOf(await this.refusedKeys());
      await this.refuses(operationId, { ...(await request(signer)), auth: headers(signer) }, code);
    });
    it("401 oauth_token_malformed for a garbled bearer token", async () => {
      const answer = await this.client.call(operationId, { ...(await request(own())), auth: { Date: now(), Authorization: "Bearer not.a.token" } }, 401);
      expect(answer.code).toBe("oauth_token_malformed");
    });
    it("429 and 500 where the target injects faults", async () => {
      await this.client.fault(operationId, await request(own()), 429);
      await this.client.fault(operationId, await request(own()), 500);
    });
  }
}
