/**
 * JSON Schema nodes of an OpenAPI 3.1 document, flattened for generation: local `$ref`s followed and `allOf` merged
 * into one node; the `anyOf`/`oneOf` left over become `alternatives` (one list of branches per group).
 */
import { dereference, type OpenApiDocument } from "../../../client/spec-document.js";

export type Schema = Record<string, any>;
export type JsonType = "string" | "integer" | "number" | "boolean" | "null" | "object" | "array";

export interface Node extends Schema {
  /** Each `anyOf`/`oneOf` group of the node: a value must satisfy one branch of every group. */
  alternatives?: Schema[][];
}

/** The node with `$ref` and `allOf` resolved (`true` and `{}` become an empty node: anything goes). */
export function flatten(document: OpenApiDocument, schema: Schema | boolean | undefined): Node {
  if (schema === undefined || schema === true) return {};
  if (schema === false) return { not: {} };
  const node = dereference(document, schema) as Schema;
  const { allOf, anyOf, oneOf, $ref, ...own } = node;
  const merged: Node = { ...own };
  if (own.properties) merged.properties = { ...own.properties };
  for (const part of (allOf ?? []) as Schema[]) mergeInto(merged, flatten(document, part));
  const groups = [anyOf, oneOf].filter(Boolean) as Schema[][];
  if (groups.length) merged.alternatives = [...(merged.alternatives ?? []), ...groups];
  return merged;
}

/** `base` with `extra` applied as `allOf` would: properties and required lists joined, other keywords overridden. */
export function mergeInto(base: Node, extra: Node): Node {
  const { properties, required, alternatives, ...rest } = extra;
  Object.assign(base, rest);
  for (const [name, schema] of Object.entries((properties ?? {}) as Record<string, Schema | boolean>)) {
    const existing = base.properties?.[name];
    // Both apply (allOf): `true` adds nothing, two real schemas are kept side by side.
    const combined = existing === undefined || existing === true ? schema : schema === true ? existing : { allOf: [existing, schema] };
    base.properties = { ...base.properties, [name]: combined };
  }
  if (required) base.required = [...new Set([...(base.required ?? []), ...required])];
  if (alternatives) base.alternatives = [...(base.alternatives ?? []), ...alternatives];
  return base;
}

/** The types a node allows, from `type` or, without it, from the keywords it uses. */
export function typesOf(node: Node): JsonType[] {
  if (node.type) return [node.type].flat() as JsonType[];
  if (node.const !== undefined) return [jsonType(node.const)];
  if (node.enum) return [...new Set((node.enum as unknown[]).map(jsonType))];
  if (node.properties || node.required || node.additionalProperties !== undefined) return ["object"];
  if (node.items) return ["array"];
  if (node.pattern || node.format || node.maxLength !== undefined) return ["string"];
  return [];
}

export function jsonType(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value as JsonType;
}

const allTypes: JsonType[] = ["string", "integer", "number", "boolean", "null", "object", "array"];

/**
 * The types a value may have to validate: only `type`, `const` and `enum` restrict it (`properties` and `required`
 * do not), intersected with what each `anyOf`/`oneOf` group allows. An integer is also a number.
 */
export function allowedTypes(document: OpenApiDocument, node: Node): JsonType[] {
  const explicit = (n: Node): JsonType[] => {
    const types: JsonType[] = n.type ? [n.type].flat() : n.const !== undefined ? [jsonType(n.const)] : n.enum ? (n.enum as unknown[]).map(jsonType) : allTypes;
    return types.includes("number") ? [...new Set([...types, "integer" as const])] : types;
  };
  return (node.alternatives ?? []).reduce(
    (allowed, group) => {
      const groupTypes = new Set(group.flatMap((branch) => allowedTypes(document, flatten(document, branch))));
      return allowed.filter((type) => groupTypes.has(type));
    },
    explicit(node),
  );
}

/** Ajv's (and ECMA-262's) reading of a schema `pattern`. */
export function patternOf(node: Node): RegExp | undefined {
  return node.pattern === undefined ? undefined : new RegExp(node.pattern, "u");
}
