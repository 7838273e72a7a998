/**
 * The sandbox's data as JSON: the built-in demo (demo-seed.json) and any `--seed <file>` share this format, checked
 * with Ajv here and by the core services when loaded. See the README's "Sandbox" section.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { LicenseTermsInput } from "../core/license-terms-input.js";
import type { ProductLicensingInput } from "../core/v4-catalog.js";

export interface SandboxSeed {
  /** Every id, license key, API key and token derives from it: change it to get other values. */
  seed: string;
  account?: { name?: string };
  products: SeedProduct[];
  licenses: SeedLicense[];
}

export interface SeedProduct {
  ref: string;
  name: string;
  /** The v4 product code (`product` in SDK calls). */
  code: string;
  authorization?: "license-key" | "user";
  /** v4 product settings, as the admin CLI's set-product-licensing --json. */
  licensing?: Omit<ProductLicensingInput, "shortCode" | "authorizationMethod">;
}

export interface SeedLicense {
  ref: string;
  /** The `ref` of one of the seed's products. */
  product: string;
  /** What the license shows an SDK team (the banner's table). */
  demonstrates: string;
  /** Derived from the seed and `ref` when omitted. */
  key?: string;
  type?: "node-locked" | "hosted-floating";
  allowedActivations?: number;
  allowedDeactivations?: number;
  allowedFloatingClients?: number;
  leaseDuration?: number;
  /** Days from the sandbox's start (negative: already expired); omitted = never expires. */
  expiresInDays?: number;
  revoked?: boolean;
  suspended?: boolean;
  meterAttributes?: { name: string; allowedUses: number }[];
  /** v4 terms, as v3's License `licenseApi` and the admin CLI's set-license-terms --json. */
  licenseApi?: LicenseTermsInput;
  /** License users (user-based products) with their passwords. */
  users?: { email: string; password: string; maxActivations?: number }[];
}

const ref = { type: "string", pattern: "^[a-z0-9][a-z0-9-]{0,63}$" };
const count = { type: "integer", minimum: -1 };

const schema = {
  type: "object",
  additionalProperties: false,
  required: ["seed", "products", "licenses"],
  properties: {
    seed: { type: "string", minLength: 1 },
    account: { type: "object", additionalProperties: false, properties: { name: { type: "string", minLength: 1 } } },
    products: {
      type: "array", minItems: 1,
      items: {
        type: "object", additionalProperties: false, required: ["ref", "name", "code"],
        properties: {
          ref, name: { type: "string", minLength: 1 }, code: { type: "string", minLength: 1 },
          authorization: { enum: ["license-key", "user"] }, licensing: { type: "object" },
        },
      },
    },
    licenses: {
      type: "array",
      items: {
        type: "object", additionalProperties: false, required: ["ref", "product", "demonstrates"],
        properties: {
          ref, product: ref, demonstrates: { type: "string", minLength: 1 }, key: { type: "string", minLength: 1 },
          type: { enum: ["node-locked", "hosted-floating"] }, allowedActivations: count, allowedDeactivations: count,
          allowedFloatingClients: count, leaseDuration: { type: "integer", minimum: 0 }, expiresInDays: { type: "number" },
          revoked: { type: "boolean" }, suspended: { type: "boolean" },
          meterAttributes: {
            type: "array",
            items: {
              type: "object", additionalProperties: false, required: ["name", "allowedUses"],
              properties: { name: { type: "string", minLength: 1 }, allowedUses: { type: "integer", minimum: -1 } },
            },
          },
          licenseApi: { type: "object" },
          users: {
            type: "array",
            items: {
              type: "object", additionalProperties: false, required: ["email", "password"],
              properties: { email: { type: "string", minLength: 3 }, password: { type: "string", minLength: 8 }, maxActivations: count },
            },
          },
        },
      },
    },
  },
} as const;

const validate = new Ajv2020({ allErrors: true }).compile<SandboxSeed>(schema);

export class SeedError extends Error {
  override name = "SeedError";
}

/** Reads and checks a seed file; SeedError names the file and every problem found. */
export function readSeedFile(path: string): SandboxSeed {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new SeedError(`seed file ${path}: ${(error as Error).message}`);
  }
  const problems = seedProblems(data);
  if (problems.length) throw new SeedError(`seed file ${path} is invalid:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  return data as SandboxSeed;
}

/** What is wrong with `data` as a seed: its shape, then refs that are repeated or point nowhere. */
export function seedProblems(data: unknown): string[] {
  if (!validate(data)) return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message}${allowedValues(error.params)}`);
  const products = new Set(data.products.map((product) => product.ref));
  return [
    ...repeated(data.products.map((product) => product.ref)).map((name) => `product ref "${name}" is used twice`),
    ...repeated(data.licenses.map((license) => license.ref)).map((name) => `license ref "${name}" is used twice`),
    ...data.licenses.filter((license) => !products.has(license.product)).map((license) => `license "${license.ref}": no product has the ref "${license.product}"`),
  ];
}

function allowedValues(params: Record<string, unknown>): string {
  if (Array.isArray(params.allowedValues)) return `: ${params.allowedValues.join(", ")}`;
  if (typeof params.additionalProperty === "string") return `: "${params.additionalProperty}"`;
  return "";
}

function repeated(names: string[]): string[] {
  return [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
}
