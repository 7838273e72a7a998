/** Classifies the differences between two versions of one JSON Schema, from one side of the wire. */

import { dereference, type OpenApiDocument } from "../../client/spec-document.js";
import { severityOf, type Severity, type Side } from "./change.js";
import { record, recordRequiredness, type Comparison } from "./comparison.js";

type Schema = Record<string, any>;

export function compareSchemas(comparison: Comparison, side: Side, baseNode: unknown, headNode: unknown, where: string): void {
  const recursion = refPair(side, baseNode, headNode);
  if (recursion && comparison.comparing.has(recursion)) return;
  if (recursion) comparison.comparing.add(recursion);
  compareFlattened(comparison, side, baseNode, headNode, where);
  if (recursion) comparison.comparing.delete(recursion);
}

function compareFlattened(comparison: Comparison, side: Side, baseNode: unknown, headNode: unknown, where: string): void {
  const base = flatten(comparison.base, baseNode);
  const head = flatten(comparison.head, headNode);
  const report: Report = (severity, what) => record(comparison, severity, where, what);
  compareTypes(side, base, head, report);
  compareEnums(side, base, head, report);
  compareConstraints(side, base, head, report);
  compareProperties(comparison, side, base, head, where);
  compareBranches(comparison, side, base, head, where);
  if (base.items && head.items) compareSchemas(comparison, side, base.items, head.items, `${where}[]`);
  if (isSchema(base.additionalProperties) && isSchema(head.additionalProperties))
    compareSchemas(comparison, side, base.additionalProperties, head.additionalProperties, `${where}{*}`);
}

function refPair(side: Side, baseNode: unknown, headNode: unknown): string | undefined {
  const baseRef = (baseNode as Schema | undefined)?.$ref;
  const headRef = (headNode as Schema | undefined)?.$ref;
  return baseRef && headRef ? `${side} ${baseRef} ${headRef}` : undefined;
}

const isSchema = (value: unknown): value is Schema => typeof value === "object" && value !== null;

/** The schema with its `$ref` followed and its `allOf` members merged in (v4 composes licenses that way). */
function flatten(document: OpenApiDocument, node: unknown): Schema {
  const { allOf, ...schema } = dereference(document, (node ?? {}) as Schema);
  if (!Array.isArray(allOf)) return schema;
  return allOf.map((member) => flatten(document, member)).reduce(
    (merged, member) => ({
      ...member,
      ...merged,
      properties: { ...member.properties, ...merged.properties },
      required: [...new Set([...(member.required ?? []), ...(merged.required ?? [])])],
    }),
    schema,
  );
}

type Report = (severity: Severity, what: string) => void;

/** The declared types, `integer` counted inside `number`; undefined means any type. */
function typesOf(schema: Schema): string[] | undefined {
  if (schema.type === undefined) return undefined;
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

function admits(types: string[] | undefined, type: string): boolean {
  return !types || types.includes(type) || (type === "integer" && types.includes("number"));
}

function compareTypes(side: Side, base: Schema, head: Schema, report: Report): void {
  const before = typesOf(base);
  const after = typesOf(head);
  const narrowed = after !== undefined && (before ?? ["any"]).some((type) => !admits(after, type));
  const widened = before !== undefined && (after ?? ["any"]).some((type) => !admits(before, type));
  if (narrowed || widened)
    report(severityOf(side, narrowed, widened), `type ${before?.join("|") ?? "any"} → ${after?.join("|") ?? "any"}`);
}

/** `enum` and `const` both list the admitted values; undefined means no restriction. */
function valuesOf(schema: Schema): string[] | undefined {
  if ("const" in schema) return [JSON.stringify(schema.const)];
  return Array.isArray(schema.enum) ? schema.enum.map((value: unknown) => JSON.stringify(value)) : undefined;
}

function compareEnums(side: Side, base: Schema, head: Schema, report: Report): void {
  const before = valuesOf(base);
  const after = valuesOf(head);
  if (!before && after) return report(severityOf(side, true, false), `restricted to ${after.join(", ")}`);
  if (before && !after) return report(severityOf(side, false, true), `no longer restricted to ${before.join(", ")}`);
  for (const value of before?.filter((v) => !after!.includes(v)) ?? [])
    report(severityOf(side, true, false), `enum value ${value} removed`);
  for (const value of after?.filter((v) => !before!.includes(v)) ?? [])
    report(severityOf(side, false, true), `enum value ${value} added`);
}

type Bound = "upper" | "lower" | "exact" | "closed";

/** How each constraint keyword narrows: a lower upper bound, a higher lower bound, any new exact value. */
const constraints: Record<string, Bound> = {
  maximum: "upper",
  exclusiveMaximum: "upper",
  maxLength: "upper",
  maxItems: "upper",
  maxProperties: "upper",
  minimum: "lower",
  exclusiveMinimum: "lower",
  minLength: "lower",
  minItems: "lower",
  minProperties: "lower",
  pattern: "exact",
  format: "exact",
  multipleOf: "exact",
  additionalProperties: "closed",
  unevaluatedProperties: "closed",
};

function narrows(bound: Bound, before: any, after: any): boolean {
  if (after === undefined || before === after) return false;
  if (before === undefined) return bound !== "closed" || after === false;
  if (bound === "upper") return after < before;
  if (bound === "lower") return after > before;
  return bound === "exact" || after === false;
}

/**
 * Constraints only break requests: a client keeps sending what the old bounds allowed. On a response they are
 * validation hints, so any change there is reported as non-breaking.
 */
function compareConstraints(side: Side, base: Schema, head: Schema, report: Report): void {
  for (const [keyword, bound] of Object.entries(constraints)) {
    const before = base[keyword];
    const after = head[keyword];
    if (JSON.stringify(before) === JSON.stringify(after) || isSchema(before) || isSchema(after)) continue;
    const narrowed = narrows(bound, before, after);
    report(side === "request" && narrowed ? "breaking" : "non-breaking", `${keyword} ${describe(before)} → ${describe(after)}`);
  }
}

const describe = (value: unknown) => (value === undefined ? "(none)" : JSON.stringify(value));

/** Properties a side carries: clients never send `readOnly` ones and never receive `writeOnly` ones. */
function propertiesOf(document: OpenApiDocument, side: Side, schema: Schema): Map<string, unknown> {
  const hidden = side === "request" ? "readOnly" : "writeOnly";
  return new Map(
    Object.entries((schema.properties ?? {}) as Schema).filter(([, property]) => !dereference(document, property as Schema)[hidden]),
  );
}

function compareProperties(comparison: Comparison, side: Side, base: Schema, head: Schema, where: string): void {
  const before = propertiesOf(comparison.base, side, base);
  const after = propertiesOf(comparison.head, side, head);
  const requiredBefore = new Set<string>(base.required ?? []);
  const requiredAfter = new Set<string>(head.required ?? []);
  const report = (severity: Severity, name: string, what: string) => record(comparison, severity, `${where}.${name}`, what);
  for (const name of before.keys()) {
    if (!after.has(name)) report(removalSeverity(side, head), name, "property removed");
  }
  for (const [name, schema] of after) {
    const required = requiredAfter.has(name);
    if (!before.has(name)) report(side === "request" && required ? "breaking" : "non-breaking", name, `${required ? "required" : "optional"} property added`);
    else {
      recordRequiredness(comparison, side, `${where}.${name}`, requiredBefore.has(name), required);
      compareSchemas(comparison, side, before.get(name), schema, `${where}.${name}`);
    }
  }
}

/**
 * Clients read response properties, so removing one breaks them; a removed request property is ignored unless the
 * schema refuses unknown properties, when the clients still sending it are turned away.
 */
function removalSeverity(side: Side, head: Schema): Severity {
  const closed = head.additionalProperties === false || head.unevaluatedProperties === false;
  return side === "response" || closed ? "breaking" : "non-breaking";
}

/** Alternatives (`oneOf`/`anyOf`) are matched by the component they name, else by position. */
function branchesOf(schema: Schema): Map<string, unknown> | undefined {
  const branches = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  return branches && new Map(branches.map((branch, index) => [branch.$ref ?? (branch.type === "null" ? "null" : `#${index}`), branch]));
}

function compareBranches(comparison: Comparison, side: Side, base: Schema, head: Schema, where: string): void {
  const before = branchesOf(base);
  const after = branchesOf(head);
  const report: Report = (severity, what) => record(comparison, severity, where, what);
  if (!before && !after) return;
  if (!before || !after) return report("breaking", after ? "became a choice of alternatives" : "no longer a choice of alternatives");
  for (const key of before.keys()) if (!after.has(key)) report(severityOf(side, true, false), `alternative ${key} removed`);
  for (const [key, branch] of after) {
    if (!before.has(key)) report(severityOf(side, false, true), `alternative ${key} added`);
    else compareSchemas(comparison, side, before.get(key), branch, where);
  }
}
