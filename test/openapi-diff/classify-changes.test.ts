import { describe, expect, it } from "vitest";
import type { OpenApiDocument } from "../../client/spec-document.js";
import type { Change, Severity } from "../../openapi/diff/change.js";
import { classifyChanges } from "../../openapi/diff/classify-changes.js";
import { judge } from "../../openapi/diff/gate.js";
import { loadSpec, versions, type SpecVersion } from "../support/spec.js";

type Node = Record<string, any>;
type Edit = (spec: Node) => void;

interface Case {
  name: string;
  version: SpecVersion;
  /** Applied to both versions first, when the real spec lacks the starting point. */
  setup?: Edit;
  /** Applied to the new version only. */
  edit: Edit;
  /** The change the edit must produce, as `where: what`. */
  expected: RegExp;
}

const schemas = (spec: Node): Node => spec.components.schemas;
const operation = (spec: Node, path: string, method: string): Node => spec.paths[path][method];
const listLicenses = (spec: Node) => operation(spec, "/v3/licenses", "get");
const licenseTypes = (spec: Node): string[] => schemas(spec).LicenseType.enum;
const withoutRequired = (schema: Node, name: string) => (schema.required = schema.required.filter((n: string) => n !== name));
const removeProperty = (schema: Node, name: string) => {
  delete schema.properties[name];
  withoutRequired(schema, name);
};
/** A client-called operation whose request body is a copy of v4's `LicenseFeature` (sent only in responses). */
const addProbe = (spec: Node) => {
  schemas(spec).ProbeFeature = structuredClone(schemas(spec).LicenseFeature);
  const schema = { $ref: "#/components/schemas/ProbeFeature" };
  spec.paths["/api/v4/probe"] = {
    post: { operationId: "probe", requestBody: { content: { "application/json": { schema } } }, responses: { "204": { description: "Done." } } },
  };
};

const realSpecs = { v3: loadSpec("v3"), v4: loadSpec("v4") };

/** Applies the case to fresh copies of the real spec and classifies the difference. */
function classify({ version, setup, edit }: Case): { base: OpenApiDocument; head: OpenApiDocument; changes: Change[] } {
  const base = structuredClone(realSpecs[version]);
  const head = structuredClone(realSpecs[version]);
  setup?.(base);
  setup?.(head);
  edit(head);
  return { base, head, changes: classifyChanges(base, head) };
}

const listed = (changes: Change[]) => changes.map((c) => `${c.severity} ${c.where}: ${c.what}`).join("\n");
const matching = (changes: Change[], expected: RegExp, severity: Severity) =>
  changes.filter((c) => c.severity === severity && expected.test(`${c.where}: ${c.what}`));
const bumpMajor = (spec: OpenApiDocument) => {
  const info = spec.info as { version: string };
  info.version = `${Number(info.version.split(".")[0]) + 1}.0.0`;
};

const breakingCases: Case[] = [
  {
    name: "a removed response field",
    version: "v3",
    edit: (spec) => removeProperty(schemas(spec).License, "key"),
    expected: /^GET \/v3\/licenses\/\{id\} \(getLicense\) 200 application\/json \$\.key: property removed$/,
  },
  {
    name: "a removed response field inside an allOf composition (v4)",
    version: "v4",
    edit: (spec) => removeProperty(schemas(spec).LicenseBase, "license_key"),
    expected: /^POST \/api\/v4\/activate_license \(activateLicense\) 200 application\/json \$\.license_key: property removed$/,
  },
  {
    name: "a removed webhook payload field (the server sends it, receivers read it)",
    version: "v3",
    edit: (spec) => removeProperty(schemas(spec).License, "notes"),
    expected: /^POST license\.created \(licenseCreatedWebhook\) request body application\/json \$\.data\.notes: property removed$/,
  },
  {
    name: "a response field no longer required",
    version: "v3",
    edit: (spec) => withoutRequired(schemas(spec).License, "key"),
    expected: /getLicense\) 200 application\/json \$\.key: now optional$/,
  },
  {
    name: "a removed operation",
    version: "v3",
    edit: (spec) => delete spec.paths["/v3/licenses/{id}"].delete,
    expected: /^DELETE \/v3\/licenses\/\{id\} \(deleteLicense\): operation removed$/,
  },
  {
    name: "a renamed operationId",
    version: "v3",
    edit: (spec) => (listLicenses(spec).operationId = "getLicenses"),
    expected: /^GET \/v3\/licenses \(listLicenses\): operationId renamed to getLicenses$/,
  },
  {
    name: "a new required request field",
    version: "v3",
    edit: (spec) => {
      schemas(spec).LicenseCreate.properties.region = { type: "string" };
      schemas(spec).LicenseCreate.required.push("region");
    },
    expected: /^POST \/v3\/licenses \(createLicense\) request body application\/json \$\.region: required property added$/,
  },
  {
    name: "an optional request field made required",
    version: "v3",
    edit: (spec) => schemas(spec).LicenseCreate.required.push("key"),
    expected: /createLicense\) request body application\/json \$\.key: now required$/,
  },
  {
    name: "a removed request field of a schema that refuses unknown properties",
    version: "v3",
    edit: (spec) => delete schemas(spec).LicenseCreate.properties.key,
    expected: /createLicense\) request body application\/json \$\.key: property removed$/,
  },
  {
    name: "a request body made required",
    version: "v3",
    setup: (spec) => (operation(spec, "/v3/licenses/{id}", "patch").requestBody.required = false),
    edit: (spec) => (operation(spec, "/v3/licenses/{id}", "patch").requestBody.required = true),
    expected: /^PATCH \/v3\/licenses\/\{id\} \(updateLicense\) request body: now required$/,
  },
  {
    name: "a new required parameter",
    version: "v3",
    edit: (spec) => listLicenses(spec).parameters.push({ name: "region", in: "query", required: true, schema: { type: "string" } }),
    expected: /^GET \/v3\/licenses \(listLicenses\) query parameter region: required parameter added$/,
  },
  {
    name: "a removed parameter",
    version: "v3",
    edit: (spec) => listLicenses(spec).parameters.splice(0, 1),
    expected: /^GET \/v3\/licenses \(listLicenses\) query parameter page: removed$/,
  },
  {
    name: "a parameter moved to another location",
    version: "v3",
    edit: (spec) => (operation(spec, "/v3/licenses", "post").parameters = [{ name: "Idempotency-Key", in: "query", schema: { type: "string" } }]),
    expected: /createLicense\) header parameter Idempotency-Key: removed$/,
  },
  {
    name: "a request enum value removed",
    version: "v3",
    edit: (spec) => (schemas(spec).LicenseCreate.properties.type = { type: "string", enum: licenseTypes(spec).slice(1) }),
    expected: /createLicense\) request body application\/json \$\.type: enum value "node-locked" removed$/,
  },
  {
    name: "a response enum value added",
    version: "v3",
    edit: (spec) => (schemas(spec).License.properties.type = { type: "string", enum: [...licenseTypes(spec), "metered"] }),
    expected: /getLicense\) 200 application\/json \$\.type: enum value "metered" added$/,
  },
  {
    name: "a request type narrowed (integer to string)",
    version: "v3",
    edit: (spec) => (schemas(spec).LicenseCreate.properties.allowedActivations = { type: "string" }),
    expected: /createLicense\) request body application\/json \$\.allowedActivations: type integer → string$/,
  },
  {
    name: "a response type widened (null admitted)",
    version: "v3",
    edit: (spec) => (schemas(spec).License.properties.key.type = ["string", "null"]),
    expected: /getLicense\) 200 application\/json \$\.key: type string → string\|null$/,
  },
  {
    name: "a lower request maxLength",
    version: "v3",
    edit: (spec) => (schemas(spec).LicenseCreate.properties.key.maxLength = 64),
    expected: /createLicense\) request body application\/json \$\.key: maxLength 256 → 64$/,
  },
  {
    name: "a higher request minimum",
    version: "v3",
    edit: (spec) => (schemas(spec).LicenseCreate.properties.allowedActivations.minimum = 1),
    expected: /createLicense\) request body application\/json \$\.allowedActivations: minimum -1 → 1$/,
  },
  {
    name: "a new request pattern",
    version: "v3",
    edit: (spec) => (schemas(spec).LicenseCreate.properties.productId.pattern = "^[0-9a-f-]+$"),
    expected: /createLicense\) request body application\/json \$\.productId: pattern \(none\) → "\^\[0-9a-f-\]\+\$"$/,
  },
  {
    name: "a new request enum restriction",
    version: "v3",
    edit: (spec) => (schemas(spec).LicenseCreate.properties.notes.enum = ["none"]),
    expected: /createLicense\) request body application\/json \$\.notes: restricted to "none"$/,
  },
  {
    name: "a response enum restriction dropped",
    version: "v3",
    edit: (spec) => (schemas(spec).License.properties.type = { type: "string" }),
    expected: /getLicense\) 200 application\/json \$\.type: no longer restricted to "node-locked", /,
  },
  {
    name: "a response type widened (integer to number)",
    version: "v3",
    edit: (spec) => (schemas(spec).License.properties.allowedActivations.type = "number"),
    expected: /getLicense\) 200 application\/json \$\.allowedActivations: type integer → number$/,
  },
  {
    name: "a new request format",
    version: "v3",
    edit: (spec) => (schemas(spec).LicenseCreate.properties.notes.format = "uuid"),
    expected: /createLicense\) request body application\/json \$\.notes: format \(none\) → "uuid"$/,
  },
  {
    name: "unknown request properties newly refused",
    version: "v3",
    setup: (spec) => delete schemas(spec).LicenseCreate.additionalProperties,
    edit: (spec) => (schemas(spec).LicenseCreate.additionalProperties = false),
    expected: /createLicense\) request body application\/json \$: additionalProperties \(none\) → false$/,
  },
  {
    name: "a request field turned into a choice of alternatives",
    version: "v3",
    edit: (spec) => (schemas(spec).LicenseCreate.properties.notes = { oneOf: [{ type: "string" }, { type: "null" }] }),
    expected: /createLicense\) request body application\/json \$\.notes: became a choice of alternatives$/,
  },
  {
    name: "a response field turned into a choice of alternatives",
    version: "v3",
    edit: (spec) => (schemas(spec).License.properties.notes = { oneOf: [{ type: "string" }, { type: "null" }] }),
    expected: /getLicense\) 200 application\/json \$\.notes: became a choice of alternatives$/,
  },
  {
    name: "a request alternative removed (anyOf)",
    version: "v4",
    setup: addProbe,
    edit: (spec) => (schemas(spec).ProbeFeature.anyOf = [{ $ref: "#/components/schemas/FeatureConsumption" }]),
    expected: /^POST \/api\/v4\/probe \(probe\) request body application\/json \$: alternative #\/components\/schemas\/FeatureActivation removed$/,
  },
  {
    name: "a response alternative added (anyOf)",
    version: "v4",
    edit: (spec) => schemas(spec).LicenseFeature.anyOf.push({ type: "string" }),
    expected: /activateLicense\) 200 application\/json \$\.product_features\[\]: alternative #2 added$/,
  },
  {
    name: "a removed response status",
    version: "v3",
    edit: (spec) => delete listLicenses(spec).responses["403"],
    expected: /^GET \/v3\/licenses \(listLicenses\) 403: response status removed$/,
  },
  {
    name: "a removed response media type",
    version: "v3",
    edit: (spec) => (listLicenses(spec).responses["200"].content = { "application/xml": {} }),
    expected: /^GET \/v3\/licenses \(listLicenses\) 200 application\/json: media type removed$/,
  },
  {
    name: "a removed required response header",
    version: "v3",
    edit: (spec) => delete listLicenses(spec).responses["200"].headers["Pagination-Count"],
    expected: /^GET \/v3\/licenses \(listLicenses\) 200 header Pagination-Count: required header removed$/,
  },
  {
    name: "a changed security scope",
    version: "v3",
    edit: (spec) => (listLicenses(spec).security = [{ bearerAuth: ["license:admin"] }]),
    expected: /^GET \/v3\/licenses \(listLicenses\): security bearerAuth\[license:read\] dropped$/,
  },
  {
    name: "security added to a public operation",
    version: "v3",
    edit: (spec) => (operation(spec, "/v3/activations", "post").security = [{ bearerAuth: [] }]),
    expected: /^POST \/v3\/activations \(createActivation\): security anonymous dropped$/,
  },
];

const nonBreakingCases: Case[] = [
  {
    name: "an added operation",
    version: "v3",
    edit: (spec) => (spec.paths["/v3/probe"] = { get: { operationId: "probe", responses: { "204": { description: "Done." } } } }),
    expected: /^GET \/v3\/probe \(probe\): operation added$/,
  },
  {
    name: "an added optional request field",
    version: "v3",
    edit: (spec) => (schemas(spec).LicenseCreate.properties.region = { type: "string" }),
    expected: /createLicense\) request body application\/json \$\.region: optional property added$/,
  },
  {
    name: "an added required response field",
    version: "v3",
    edit: (spec) => {
      schemas(spec).License.properties.region = { type: "string" };
      schemas(spec).License.required.push("region");
    },
    expected: /getLicense\) 200 application\/json \$\.region: required property added$/,
  },
  {
    name: "an added required webhook payload field",
    version: "v3",
    edit: (spec) => {
      schemas(spec).License.properties.region = { type: "string" };
      schemas(spec).License.required.push("region");
    },
    expected: /^POST license\.created \(licenseCreatedWebhook\) request body application\/json \$\.data\.region: required property added$/,
  },
  {
    name: "a removed request field of a schema that admits unknown properties",
    version: "v3",
    setup: (spec) => delete schemas(spec).LicenseCreate.additionalProperties,
    edit: (spec) => delete schemas(spec).LicenseCreate.properties.key,
    expected: /createLicense\) request body application\/json \$\.key: property removed$/,
  },
  {
    name: "a request field no longer required",
    version: "v3",
    edit: (spec) => withoutRequired(schemas(spec).LicenseCreate, "productId"),
    expected: /createLicense\) request body application\/json \$\.productId: now optional$/,
  },
  {
    name: "a request body no longer required",
    version: "v3",
    edit: (spec) => (operation(spec, "/v3/licenses/{id}", "patch").requestBody.required = false),
    expected: /^PATCH \/v3\/licenses\/\{id\} \(updateLicense\) request body: now optional$/,
  },
  {
    name: "an added optional parameter",
    version: "v3",
    edit: (spec) => listLicenses(spec).parameters.push({ name: "region", in: "query", schema: { type: "string" } }),
    expected: /^GET \/v3\/licenses \(listLicenses\) query parameter region: optional parameter added$/,
  },
  {
    name: "a request enum value added",
    version: "v3",
    edit: (spec) => (schemas(spec).LicenseCreate.properties.type = { type: "string", enum: [...licenseTypes(spec), "metered"] }),
    expected: /createLicense\) request body application\/json \$\.type: enum value "metered" added$/,
  },
  {
    name: "a response enum value removed",
    version: "v3",
    edit: (spec) => (schemas(spec).License.properties.type = { type: "string", enum: licenseTypes(spec).slice(1) }),
    expected: /getLicense\) 200 application\/json \$\.type: enum value "node-locked" removed$/,
  },
  {
    name: "a request type widened (null admitted)",
    version: "v3",
    edit: (spec) => (schemas(spec).LicenseCreate.properties.allowedActivations.type = ["integer", "null"]),
    expected: /createLicense\) request body application\/json \$\.allowedActivations: type integer → integer\|null$/,
  },
  {
    name: "a response type narrowed (null no longer sent)",
    version: "v4",
    edit: (spec) => (schemas(spec).LicenseBase.properties.license_key.type = "string"),
    expected: /activateLicense\) 200 application\/json \$\.license_key: type string\|null → string$/,
  },
  {
    name: "a higher request maxLength",
    version: "v3",
    edit: (spec) => (schemas(spec).LicenseCreate.properties.key.maxLength = 512),
    expected: /createLicense\) request body application\/json \$\.key: maxLength 256 → 512$/,
  },
  {
    name: "a lower request minimum",
    version: "v3",
    edit: (spec) => (schemas(spec).LicenseCreate.properties.allowedActivations.minimum = -2),
    expected: /createLicense\) request body application\/json \$\.allowedActivations: minimum -1 → -2$/,
  },
  {
    name: "a removed request pattern",
    version: "v3",
    edit: (spec) => delete schemas(spec).LicenseCreate.properties.key.pattern,
    expected: /createLicense\) request body application\/json \$\.key: pattern ".*" → \(none\)$/,
  },
  {
    name: "a lower response maxLength (constraints are hints to readers)",
    version: "v3",
    edit: (spec) => (schemas(spec).License.properties.key.maxLength = 8),
    expected: /getLicense\) 200 application\/json \$\.key: maxLength \d+ → 8$/,
  },
  {
    name: "a request enum restriction dropped",
    version: "v3",
    edit: (spec) => (schemas(spec).LicenseCreate.properties.type = { type: "string" }),
    expected: /createLicense\) request body application\/json \$\.type: no longer restricted to "node-locked", /,
  },
  {
    name: "a new response enum restriction",
    version: "v3",
    edit: (spec) => (schemas(spec).License.properties.notes.enum = ["none"]),
    expected: /getLicense\) 200 application\/json \$\.notes: restricted to "none"$/,
  },
  {
    name: "a request type widened (integer to number)",
    version: "v3",
    edit: (spec) => (schemas(spec).LicenseCreate.properties.allowedActivations.type = "number"),
    expected: /createLicense\) request body application\/json \$\.allowedActivations: type integer → number$/,
  },
  {
    name: "a removed request format",
    version: "v3",
    edit: (spec) => delete schemas(spec).LicenseCreate.properties.productId.format,
    expected: /createLicense\) request body application\/json \$\.productId: format "uuid" → \(none\)$/,
  },
  {
    name: "unknown request properties no longer refused",
    version: "v3",
    edit: (spec) => delete schemas(spec).LicenseCreate.additionalProperties,
    expected: /createLicense\) request body application\/json \$: additionalProperties false → \(none\)$/,
  },
  {
    name: "a response alternative removed (anyOf)",
    version: "v4",
    edit: (spec) => (schemas(spec).LicenseFeature.anyOf = [{ $ref: "#/components/schemas/FeatureConsumption" }]),
    expected: /activateLicense\) 200 application\/json \$\.product_features\[\]: alternative #\/components\/schemas\/FeatureActivation removed$/,
  },
  {
    name: "a request alternative added (anyOf)",
    version: "v4",
    setup: addProbe,
    edit: (spec) => schemas(spec).ProbeFeature.anyOf.push({ type: "string" }),
    expected: /^POST \/api\/v4\/probe \(probe\) request body application\/json \$: alternative #2 added$/,
  },
  {
    name: "an added response status",
    version: "v3",
    edit: (spec) => (listLicenses(spec).responses["404"] = { description: "Not found." }),
    expected: /^GET \/v3\/licenses \(listLicenses\) 404: response status added$/,
  },
  {
    name: "an added response media type",
    version: "v3",
    edit: (spec) => (listLicenses(spec).responses["200"].content["application/xml"] = {}),
    expected: /^GET \/v3\/licenses \(listLicenses\) 200 application\/xml: media type added$/,
  },
  {
    name: "a removed optional response header",
    version: "v3",
    setup: (spec) => (listLicenses(spec).responses["200"].headers["X-Rate-Limit-Limit"] = { schema: { type: "string" } }),
    edit: (spec) => delete listLicenses(spec).responses["200"].headers["X-Rate-Limit-Limit"],
    expected: /^GET \/v3\/licenses \(listLicenses\) 200 header X-Rate-Limit-Limit: optional header removed$/,
  },
  {
    name: "an added security alternative",
    version: "v3",
    edit: (spec) => listLicenses(spec).security.push({ bearerAuth: ["license:admin"] }),
    expected: /^GET \/v3\/licenses \(listLicenses\): security bearerAuth\[license:admin\] added$/,
  },
  {
    name: "an operation made public",
    version: "v3",
    edit: (spec) => (listLicenses(spec).security = []),
    expected: /^GET \/v3\/licenses \(listLicenses\): security bearerAuth\[license:read\] dropped$/,
  },
  {
    name: "changed descriptions and examples",
    version: "v3",
    edit: (spec) => {
      listLicenses(spec).description = "Lists licenses.";
      listLicenses(spec).responses["200"].content["application/json"].examples = {};
    },
    expected: /^GET \/v3\/licenses \(listLicenses\): descriptions, examples or other unchecked details changed$/,
  },
];

describe("the breaking-change classifier", () => {
  it.each(versions)("finds no change between two copies of %s", (version) => {
    expect(classifyChanges(structuredClone(realSpecs[version]), structuredClone(realSpecs[version]))).toEqual([]);
  });

  it.each(breakingCases)("$name is breaking, and allowed only with a major version bump", (testCase) => {
    const { base, head, changes } = classify(testCase);
    expect(matching(changes, testCase.expected, "breaking"), listed(changes)).not.toEqual([]);
    expect(judge(base, head, changes).passes).toBe(false);
    bumpMajor(head);
    expect(judge(base, head, classifyChanges(base, head)).passes).toBe(true);
  });

  it.each(nonBreakingCases)("$name is not breaking", (testCase) => {
    const { base, head, changes } = classify(testCase);
    expect(matching(changes, testCase.expected, "non-breaking"), listed(changes)).not.toEqual([]);
    expect(listed(changes.filter((change) => change.severity === "breaking"))).toBe("");
    expect(judge(base, head, changes).passes).toBe(true);
  });
});
