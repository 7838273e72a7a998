/**
 * Admin CLI commands that set up the License API (v4) for a vendor: product codes and settings, license terms,
 * customers, license users, versions, the device blacklist, SSO, OAuth clients and the signing key. Structured
 * settings are passed as JSON (`--json '{…}'`), in the field names of server/db/entities.
 */
import { blacklistDevice, createRelease, getAccount, unblacklistDevice, updateLicense, type Core, type ReleaseInput } from "./core/index.js";
import { createCustomer } from "./core/customers.js";
import { assignLicenseUser } from "./core/license-user-assignments.js";
import { createLicenseUser } from "./core/manage-license-users.js";
import { createOAuthClient, revokeOAuthClient } from "./core/oauth-clients.js";
import { configureSso } from "./core/sso-configurations.js";
import type { LicenseTermsInput } from "./core/license-terms-input.js";
import { setProductLicensing, type ProductLicensingInput } from "./core/v4-catalog.js";

export type Options = Record<string, string | boolean | undefined>;
export type Command = (core: Core, options: Options) => Promise<string>;

export class UsageError extends Error {}

export const licensingHelp = `
License API (v4) set-up:
  set-product-licensing --account <id> --product <id> [--short-code <code>] [--authorization-method license-key|user]
                        [--json <ProductLicensing>]      v4 code, identification and settings of a product
  set-license-terms --account <id> --license <id> [--json <licenseApi>] [--customer <id>] [--bundle-license <id>]
                        a license's v4 terms, as v3's License licenseApi input
  create-customer --account <id> --email <e> [--json <fields>]                prints the customer id
  create-license-user --account <id> --email <e> [--password <p>]             prints {id, email, password}
  assign-license-user --account <id> --license <id> --email <e> [--max-activations <n> | --unlimited]
  add-product-version --account <id> --product <id> --json <version>          prints the version id
  blacklist-device --account <id> --hardware-id <h> [--product <id>]
  unblacklist-device --account <id> --hardware-id <h> [--product <id>]
  configure-sso --account <id> --json <{customerAccountCode, issuer, authorizationEndpoint, tokenEndpoint, jwksUri, clientId}>
  create-oauth-client --account <id>                                          prints {id, clientId, clientSecret}
  revoke-oauth-client --account <id> --client-id <c>
  show-public-key --account <id>                  the PEM key that verifies the account's v4 response signatures`;

export const licensingOptions = {
  product: { type: "string" }, license: { type: "string" }, "short-code": { type: "string" }, "authorization-method": { type: "string" },
  json: { type: "string" }, customer: { type: "string" }, "bundle-license": { type: "string" }, email: { type: "string" },
  password: { type: "string" }, "max-activations": { type: "string" }, unlimited: { type: "boolean" }, "hardware-id": { type: "string" },
  "client-id": { type: "string" }, products: { type: "string" },
} as const;

export const licensingCommands: Record<string, Command> = {
  "set-product-licensing": async (core, o) => {
    const method = o["authorization-method"];
    if (method !== undefined && method !== "license-key" && method !== "user") throw new UsageError("--authorization-method is license-key or user");
    await setProductLicensing(core, required(o.account, "--account"), required(o.product, "--product"), {
      ...jsonOf<ProductLicensingInput>(o.json), shortCode: optional(o["short-code"]), authorizationMethod: method,
    });
    return "updated";
  },
  "set-license-terms": async (core, o) => {
    await updateLicense(core, required(o.account, "--account"), required(o.license, "--license"), {
      licenseApi: { ...jsonOf<LicenseTermsInput>(o.json), customerId: optional(o.customer), bundleLicenseId: optional(o["bundle-license"]) },
    });
    return "updated";
  },
  "create-customer": async (core, o) => (await createCustomer(core, required(o.account, "--account"), { ...jsonOf(o.json), email: required(o.email, "--email") })).id,
  "create-license-user": async (core, o) => {
    const { id, email, password } = await createLicenseUser(core, required(o.account, "--account"), { email: required(o.email, "--email"), password: optional(o.password) });
    return JSON.stringify({ id, email, password }, null, 2);
  },
  "assign-license-user": async (core, o) => {
    const max = o["max-activations"] === undefined ? 1 : Number(o["max-activations"]);
    if (!Number.isInteger(max) || max < 0) throw new UsageError("--max-activations is a whole number");
    await assignLicenseUser(core, required(o.account, "--account"), required(o.license, "--license"), {
      email: required(o.email, "--email"), maxActivations: max, allowUnlimitedActivations: o.unlimited === true,
    });
    return "assigned";
  },
  "add-product-version": async (core, o) => {
    const version = jsonWith<Omit<ReleaseInput, "productId">>(o.json, ["version", "environment", "channel", "fullLink", "filename"]);
    return (await createRelease(core, required(o.account, "--account"), { ...version, productId: required(o.product, "--product") })).id;
  },
  "blacklist-device": async (core, o) => {
    await blacklistDevice(core, required(o.account, "--account"), { hardwareId: required(o["hardware-id"], "--hardware-id"), productId: optional(o.product) });
    return "blacklisted";
  },
  "unblacklist-device": async (core, o) => {
    await unblacklistDevice(core, required(o.account, "--account"), { hardwareId: required(o["hardware-id"], "--hardware-id"), productId: optional(o.product) });
    return "removed";
  },
  "configure-sso": async (core, o) => (await configureSso(core, required(o.account, "--account"), jsonWith(o.json, ["customerAccountCode", "issuer", "authorizationEndpoint", "jwksUri", "clientId"]))).id,
  "create-oauth-client": async (core, o) => {
    const { id, clientId, clientSecret } = await createOAuthClient(core, required(o.account, "--account"));
    return JSON.stringify({ id, clientId, clientSecret }, null, 2);
  },
  "revoke-oauth-client": async (core, o) => {
    await revokeOAuthClient(core, required(o.account, "--account"), { clientId: required(o["client-id"], "--client-id") });
    return "revoked";
  },
  "show-public-key": async (core, o) => {
    return (await getAccount(core, required(o.account, "--account"))).publicKeyPem.trim();
  },
};

export function required(value: string | boolean | undefined, flag: string): string {
  if (typeof value !== "string" || value === "") throw new UsageError(`${flag} is required`);
  return value;
}

function optional(value: string | boolean | undefined): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** `--json` parsed as an object (the core checks the fields it needs). */
function jsonOf<T>(value: string | boolean | undefined): T | undefined {
  if (typeof value !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error();
    return parsed as T;
  } catch {
    throw new UsageError("--json must be a JSON object");
  }
}

/** `--json` that must name `keys`. */
function jsonWith<T>(value: string | boolean | undefined, keys: string[]): T {
  const parsed = jsonOf<Record<string, unknown>>(value) ?? {};
  const missing = keys.filter((key) => parsed[key] === undefined);
  if (missing.length) throw new UsageError(`--json needs ${missing.join(", ")}`);
  return parsed as T;
}
