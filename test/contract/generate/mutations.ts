/**
 * Invalid values of a JSON Schema node, each labelled with the one rule it breaks: a required field removed, a
 * length, bound, enum, pattern or format violated, the wrong type, an unknown field where none is allowed, too many
 * or too few items or properties; nested fields too (`/licenseApi/features/0/code: longer than maxLength 64`).
 * Every mutation breaks its rule whatever the random parts are, so a schema validator refuses every value; except
 * `content` mutations, which keep the schema but break what it says the text holds (`contentEncoding: base64`,
 * `contentMediaType: application/jwt` or `application/json`, `contentSchema`), which Ajv does not check.
 */
import fc from "fast-check";
import type { OpenApiDocument } from "../../../client/spec-document.js";
import { allowedTypes, flatten, jsonType, mergeInto, patternOf, typesOf, type JsonType, type Node, type Schema } from "./schema.js";
import { integerBounds, validString, ValidValues } from "./values.js";

export interface Mutation {
  /** What is wrong, e.g. `/name: longer than maxLength 256`. */
  label: string;
  value: fc.Arbitrary<unknown>;
  /**
   * Set when the schema accepts the value and only the server's reading of a text refuses it (Base64, JWS, JSON
   * inside): the string node whose `contentEncoding`/`contentMediaType`/`contentSchema` the text breaks, and where
   * the text is in the value (keys from the top).
   */
  content?: { node: Node; path: string[] };
}

/** Nested objects and arrays are mutated this many levels down (request bodies nest three or four levels). */
const maxDepth = 4;

/** One value of each JSON type, for "wrong type" mutations. */
const valueOfType: Record<JsonType, unknown> = { string: "text", integer: 12345, number: 1.5, boolean: true, null: null, object: {}, array: [] };

/** Characters that break most patterns of the specs (control characters, space, punctuation, non-ASCII). */
const patternBreakers = ["\u0001", "\u007f", " ", "!", "\u00e9", "/", ".", "%", "-", "a", "0"];

/** Strings that break each string format Ajv checks (ajv-formats, full mode). */
const brokenFormats: Record<string, string> = {
  uuid: "not-a-uuid",
  email: "not-an-email.example",
  "date-time": "2024-13-45T25:61:00Z",
  uri: "no-scheme.example/path",
};

export class Mutations {
  private readonly valid: ValidValues;

  constructor(readonly document: OpenApiDocument) {
    this.valid = new ValidValues(document);
  }

  of(schema: Schema | boolean | undefined, path = ""): Mutation[] {
    return this.node(flatten(this.document, schema), path, 0);
  }

  private node(node: Node, path: string, depth: number): Mutation[] {
    const types = typesOf(node);
    const mutations = [...this.wrongType(node, path), ...this.enumOutside(node, types, path)];
    if (node.alternatives?.length) return dedupe([...mutations, ...this.alternatives(node, path, depth)]);
    if (node.const !== undefined || node.enum) return mutations;
    for (const type of types) {
      // A type list (["string", "null"]) generates either type: structural mutations need a base of their own type.
      const valid = () => this.valid.node(types.length > 1 ? { ...node, type } : node);
      if (type === "string") mutations.push(...stringMutations(node, path));
      if (type === "integer" || type === "number") mutations.push(...numberMutations(node, type, path));
      if (type === "array" && depth < maxDepth) mutations.push(...this.arrayMutations(node, valid() as fc.Arbitrary<unknown[]>, path, depth));
      if (type === "object" && depth < maxDepth) mutations.push(...this.objectMutations(node, valid() as fc.Arbitrary<Record<string, unknown>>, path, depth));
    }
    return mutations;
  }

  private wrongType(node: Node, path: string): Mutation[] {
    const allowed = allowedTypes(this.document, node);
    const wrong = Object.values(valueOfType).filter((value) => !allowed.includes(jsonType(value)));
    return wrong.length ? [{ label: `${path || "(root)"}: wrong type`, value: fc.constantFrom(...wrong) }] : [];
  }

  private enumOutside(node: Node, types: JsonType[], path: string): Mutation[] {
    const allowed = node.const !== undefined ? [node.const] : (node.enum as unknown[] | undefined);
    if (!allowed) return [];
    const outside = types.includes("string") ? `not-${allowed.join("-")}` : types.includes("integer") || types.includes("number") ? Math.max(...(allowed as number[]).filter((v) => typeof v === "number")) + 1 : undefined;
    return outside === undefined ? [] : [{ label: `${path || "(root)"}: not one of ${JSON.stringify(allowed)}`, value: fc.constant(outside) }];
  }

  /**
   * `anyOf`/`oneOf`: the rules of the node with one branch merged in are mutated (a value breaking a rule of the
   * base or of a branch's own properties breaks every branch), except that only the base's own required fields are
   * dropped (a branch's required field may be optional in another); a group of `required`-only branches is broken
   * by dropping every field its branches name.
   */
  private alternatives(node: Node, path: string, depth: number): Mutation[] {
    const { alternatives, ...base } = node;
    const mutations: Mutation[] = [];
    for (const group of alternatives!) {
      const branches = group.map((branch) => flatten(this.document, branch));
      if (branches.every((branch) => branch.required?.length && Object.keys(branch).every((k) => k === "required" || k === "properties" || k === "description"))) {
        const named = [...new Set(branches.flatMap((branch) => branch.required as string[]))];
        const valid = this.valid.node(node) as fc.Arbitrary<Record<string, unknown>>;
        mutations.push({ label: `${path || "(root)"}: none of ${branches.map((b) => `{${b.required.join(", ")}}`).join(" | ")}`, value: valid.map((value) => omit(value, named)) });
      }
    }
    const droppable = new Set(((base.required ?? []) as string[]).map((name) => `${path}/${name}: required, missing`));
    for (const branches of product(alternatives!)) {
      const merged = branches.reduce<Node>((all, branch) => mergeInto(all, flatten(this.document, branch)), structuredClone(base));
      delete merged.alternatives;
      mutations.push(...this.node(merged, path, depth).filter((m) => !m.label.endsWith("wrong type") && (!m.label.endsWith("required, missing") || droppable.has(m.label))));
    }
    return mutations;
  }

  private arrayMutations(node: Node, valid: fc.Arbitrary<unknown[]>, path: string, depth: number): Mutation[] {
    const where = path || "(root)";
    const mutations: Mutation[] = [];
    const item = this.valid.of(node.items);
    if (node.minItems) mutations.push({ label: `${where}: fewer than minItems ${node.minItems}`, value: valid.map((a) => a.slice(0, node.minItems - 1)) });
    if (node.maxItems !== undefined) {
      // Not necessarily unique: a small enum may not have maxItems + 1 distinct values.
      mutations.push({ label: `${where}: more than maxItems ${node.maxItems}`, value: fc.array(item, { minLength: node.maxItems + 1, maxLength: node.maxItems + 1 }) });
    }
    if (node.uniqueItems) mutations.push({ label: `${where}: duplicate items`, value: fc.tuple(valid, item).map(([a, first]) => [first, ...a.slice(0, Math.max(0, (node.maxItems ?? 2) - 2)), first]) });
    for (const m of this.node(flatten(this.document, node.items), `${path}/0`, depth + 1)) {
      mutations.push({ ...m, value: fc.tuple(valid, m.value).map(([a, bad]) => [bad, ...a.slice(1)]), content: nested("0", m.content) });
    }
    return mutations;
  }

  private objectMutations(node: Node, valid: fc.Arbitrary<Record<string, unknown>>, path: string, depth: number): Mutation[] {
    const where = path || "(root)";
    const properties = (node.properties ?? {}) as Record<string, Schema>;
    const names = Object.keys(properties);
    const mutations: Mutation[] = [];
    for (const name of (node.required ?? []) as string[]) mutations.push({ label: `${path}/${name}: required, missing`, value: valid.map((v) => omit(v, [name])) });
    if (node.additionalProperties === false) {
      mutations.push({ label: `${where}: unknown field`, value: valid.map((v) => ({ ...v, [unknownName(names)]: "unexpected" })) });
    } else if (node.maxProperties !== undefined) {
      const extra = (v: Record<string, unknown>) => Object.fromEntries(Array.from({ length: node.maxProperties + 1 }, (_, i) => [unknownName([...names, ...Object.keys(v)], `extra${i}`), 1]));
      mutations.push({ label: `${where}: more than maxProperties ${node.maxProperties}`, value: valid.map((v) => ({ ...v, ...extra(v) })) });
    }
    if (node.minProperties) mutations.push({ label: `${where}: fewer than minProperties ${node.minProperties}`, value: valid.map((v) => Object.fromEntries(Object.entries(v).slice(0, node.minProperties - 1))) });
    if (node.propertyNames && node.additionalProperties !== false) {
      const value = this.valid.of(node.additionalProperties);
      for (const m of this.node(flatten(this.document, node.propertyNames), "", maxDepth).filter((m) => !m.label.endsWith("wrong type"))) {
        mutations.push({ label: `${where}: property name ${m.label.replace(/^\(root\): /, "")}`, value: fc.tuple(valid, m.value as fc.Arbitrary<string>, value).map(([v, key, x]) => ({ ...v, [key]: x })) });
      }
    }
    for (const name of names) {
      for (const m of this.node(flatten(this.document, properties[name]), `${path}/${name}`, depth + 1)) {
        mutations.push({ ...m, value: fc.tuple(valid, m.value).map(([v, bad]) => ({ ...v, [name]: bad })), content: nested(name, m.content) });
      }
    }
    return mutations;
  }
}

function stringMutations(node: Node, path: string): Mutation[] {
  const where = path || "(root)";
  const valid = validString(node);
  const { minLength, maxLength } = node;
  const pattern = patternOf(node);
  const mutations: Mutation[] = [];
  if (minLength) mutations.push({ label: `${where}: shorter than minLength ${minLength}`, value: valid.map((s) => [...s].slice(0, minLength - 1).join("")) });
  if (maxLength !== undefined) mutations.push({ label: `${where}: longer than maxLength ${maxLength}`, value: valid.map((s) => [...s, ..."x".repeat(maxLength + 1)].slice(0, maxLength + 1).join("")) });
  if (pattern) {
    const fits = (s: string) => [...s].length >= (minLength ?? 0) && [...s].length <= (maxLength ?? Infinity) && !pattern.test(s);
    const broken = (s: string) => patternBreakers.flatMap((c) => [c + s, s + c, c + s.slice(1), s.slice(0, -1) + c, c.repeat(Math.max(minLength ?? 1, 1))]).find(fits);
    if (broken("a") !== undefined || broken("") !== undefined) mutations.push({ label: `${where}: does not match ${node.pattern}`, value: valid.map(broken).filter((s): s is string => s !== undefined) });
  }
  const format = node.format as string | undefined;
  if (format && brokenFormats[format]) mutations.push({ label: `${where}: not a valid ${format}`, value: fc.constant(brokenFormats[format]) });
  return [...mutations, ...contentMutations(node, where)];
}

const base64 = (text: string, encoding: BufferEncoding = "base64") => Buffer.from(text).toString(encoding);

/** Texts that keep the string's own rules but whose content is not what the schema says it holds. */
function contentMutations(node: Node, where: string): Mutation[] {
  const pattern = patternOf(node);
  const fits = (s: string) => s.length >= (node.minLength ?? 0) && s.length <= (node.maxLength ?? Infinity) && (!pattern || pattern.test(s));
  const mutation = (label: string, values: string[]): Mutation[] => {
    const fitting = values.filter(fits);
    return fitting.length ? [{ label: `${where}: ${label}`, value: fc.constantFrom(...fitting), content: { node, path: [] } }] : [];
  };
  if (node.contentMediaType === "application/jwt") {
    const header = base64('{"alg":"HS256","typ":"JWT"}', "base64url");
    return mutation("not a compact JWS", ["not-a-jwt", "a.b.c", `${base64("{}", "base64url")}.${base64("{}", "base64url")}.`, `${header}.${base64("not json", "base64url")}.${base64("signature", "base64url")}`]);
  }
  if (node.contentEncoding !== "base64") return [];
  return [
    ...mutation("not Base64", ["not base64!", "%%%%", "YWJj*", "a"]),
    ...(node.contentMediaType === "application/json" ? mutation("Base64 of text that is not JSON", [base64("not json"), base64("{'a': 1}"), base64("{")]) : []),
    ...(node.contentSchema ? mutation("Base64 of JSON that breaks its content schema", ["{}", "[]", "null", '"text"'].map((text) => base64(text))) : []),
  ];
}

function numberMutations(node: Node, type: "integer" | "number", path: string): Mutation[] {
  const where = path || "(root)";
  const { min, max } = integerBounds(node);
  const explicitMin = node.minimum ?? node.exclusiveMinimum;
  const explicitMax = node.maximum ?? node.exclusiveMaximum;
  const mutations: Mutation[] = [];
  if (explicitMin !== undefined) mutations.push({ label: `${where}: below minimum ${explicitMin}`, value: fc.constant(node.exclusiveMinimum ?? beyond(explicitMin, -1)) });
  if (explicitMax !== undefined) mutations.push({ label: `${where}: above maximum ${explicitMax}`, value: fc.constant(node.exclusiveMaximum ?? beyond(explicitMax, 1)) });
  if (node.format === "int32" && explicitMax === undefined) mutations.push({ label: `${where}: beyond int32`, value: fc.constant(2 ** 31) });
  // Near zero, so that n + 0.5 is exactly representable (large doubles have no halves).
  const low = Math.max(min, -1e6);
  if (type === "integer") mutations.push({ label: `${where}: not an integer`, value: fc.integer({ min: low, max: Math.max(low, Math.min(max - 1, low + 1e6)) }).map((n) => n + 0.5) });
  return mutations;
}

/** The next integer past a bound; past an int64 bound (where doubles have no units), twice as far from zero. */
function beyond(bound: number, direction: 1 | -1): number {
  return bound + direction === bound ? bound + direction * Math.abs(bound) : bound + direction;
}

function nested(key: string, content: Mutation["content"]): Mutation["content"] {
  return content && { ...content, path: [key, ...content.path] };
}

function unknownName(taken: string[], name = "unexpectedField"): string {
  while (taken.includes(name)) name += "_";
  return name;
}

function omit(value: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !names.includes(key)));
}

/** Every combination of one branch per group. */
function product(groups: Schema[][]): Schema[][] {
  return groups.reduce<Schema[][]>((combos, group) => combos.flatMap((combo) => group.map((branch) => [...combo, branch])), [[]]);
}

function dedupe(mutations: Mutation[]): Mutation[] {
  const seen = new Set<string>();
  return mutations.filter((m) => !seen.has(m.label) && seen.add(m.label));
}
