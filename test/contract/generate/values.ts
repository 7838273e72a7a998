/**
 * Valid values of a JSON Schema node, as fast-check arbitraries.
 *
 * Hand-written: fast-check's JSON Schema connector (json-schema-fast-check) is archived and covers a subset without
 * oneOf or min/maxProperties, and the maintained connectors start from Zod, Valibot or Effect schemas, not OpenAPI 3.1
 * (2020-12 keywords, `$ref` into a whole document, type lists with "null"); this mapper covers the keywords the two
 * specs use in requests (type, enum, const, lengths, simple patterns, formats, bounds, items, properties, required,
 * additionalProperties, propertyNames, min/maxProperties, allOf, anyOf, oneOf). Strings stay short (boundaries are
 * exercised by the mutations) so generated requests are small.
 */
import fc from "fast-check";
import type { OpenApiDocument } from "../../../client/spec-document.js";
import { flatten, mergeInto, patternOf, typesOf, type JsonType, type Node, type Schema } from "./schema.js";

/** How much longer than its minimum a generated string or array may be. */
const slack = 24;
const int32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

export class ValidValues {
  constructor(readonly document: OpenApiDocument) {}

  /** Values that validate against `schema`. */
  of(schema: Schema | boolean | undefined): fc.Arbitrary<unknown> {
    return this.node(flatten(this.document, schema));
  }

  node(node: Node): fc.Arbitrary<unknown> {
    if (node.alternatives?.length) return this.oneBranchEach(node);
    if (node.const !== undefined) return fc.constant(node.const);
    if (node.enum) return fc.constantFrom(...(node.enum as unknown[]));
    const types = typesOf(node);
    if (types.length === 0) return fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
    // `null` is a valid choice for nullable fields, but rarely the interesting one.
    const typed = types.map((type) => ({ arbitrary: this.typed(node, type), weight: type === "null" ? 1 : 4 }));
    return fc.oneof(...typed);
  }

  /** Picks one branch of every `anyOf`/`oneOf` group and generates from the node with those branches merged in. */
  private oneBranchEach(node: Node): fc.Arbitrary<unknown> {
    const { alternatives, ...base } = node;
    return fc
      .tuple(...alternatives!.map((group) => fc.constantFrom(...group)))
      .chain((branches) => this.node(branches.reduce<Node>((merged, branch) => mergeInto(merged, flatten(this.document, branch)), structuredClone(base))));
  }

  private typed(node: Node, type: JsonType): fc.Arbitrary<unknown> {
    switch (type) {
      case "null": return fc.constant(null);
      case "boolean": return fc.boolean();
      case "integer": return fc.integer(integerBounds(node));
      case "number": return fc.double({ ...numberBounds(node), noNaN: true, noDefaultInfinity: true });
      case "string": return validString(node);
      case "array": return this.array(node);
      case "object": return this.object(node);
    }
  }

  private array(node: Node): fc.Arbitrary<unknown[]> {
    const minLength = node.minItems ?? 0;
    const maxLength = Math.min(node.maxItems ?? minLength + 3, minLength + 3);
    const items = this.of(node.items);
    return node.uniqueItems ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) }) : fc.array(items, { minLength, maxLength });
  }

  private object(node: Node): fc.Arbitrary<Record<string, unknown>> {
    const properties = (node.properties ?? {}) as Record<string, Schema>;
    const names = Object.keys(properties);
    const required = ((node.required ?? []) as string[]).filter((name) => names.includes(name));
    const minKeys = node.minProperties ?? 0;
    const maxKeys = node.maxProperties ?? Infinity;
    if (names.length === 0 && node.additionalProperties !== false) {
      const key = node.propertyNames ? (this.of(node.propertyNames) as fc.Arbitrary<string>) : fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,15}$/);
      return fc.dictionary(key, this.of(node.additionalProperties), { minKeys, maxKeys: Math.min(maxKeys, minKeys + 3) });
    }
    const record = fc.record(Object.fromEntries(names.map((name) => [name, this.of(properties[name])])), { requiredKeys: required });
    return record.filter((value) => Object.keys(value).length >= minKeys && Object.keys(value).length <= maxKeys);
  }
}

export function integerBounds(node: Node): { min: number; max: number } {
  const wide = node.format === "int32" ? int32 : { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };
  const min = node.exclusiveMinimum !== undefined ? Math.floor(node.exclusiveMinimum) + 1 : node.minimum ?? wide.min;
  const max = node.exclusiveMaximum !== undefined ? Math.ceil(node.exclusiveMaximum) - 1 : node.maximum ?? wide.max;
  // int64 bounds lie beyond what a double holds exactly; generate within the safe range.
  return { min: Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER), max: Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER) };
}

function numberBounds(node: Node): { min?: number; max?: number; minExcluded?: boolean; maxExcluded?: boolean } {
  return {
    min: node.exclusiveMinimum ?? node.minimum,
    max: node.exclusiveMaximum ?? node.maximum,
    minExcluded: node.exclusiveMinimum !== undefined,
    maxExcluded: node.exclusiveMaximum !== undefined,
  };
}

/** Strings within the node's lengths that match its pattern and format. */
export function validString(node: Node): fc.Arbitrary<string> {
  const minLength = node.minLength ?? 0;
  const maxLength = node.maxLength ?? minLength + slack;
  const pattern = patternOf(node);
  const fits = (value: string) => [...value].length >= minLength && [...value].length <= maxLength && (!pattern || pattern.test(value));
  const formatted = formatString(node.format);
  if (formatted) return formatted.filter(fits);
  const unit = pattern && singleClass(node.pattern);
  if (unit || !pattern) {
    const chars = unit ?? printable;
    const short = fc.string({ unit: chars, minLength, maxLength: Math.min(maxLength, minLength + slack) });
    // The longest allowed value now and then: where a server truncates or overflows, it is at the limit.
    const longest = fc.string({ unit: chars, minLength: maxLength, maxLength });
    return (maxLength <= 4096 ? fc.oneof({ arbitrary: short, weight: 5 }, { arbitrary: longest, weight: 1 }) : short).filter(fits);
  }
  return fc.stringMatching(pattern).filter(fits);
}

/** Characters from U+0000 to U+02FF (ASCII, Latin-1 and more), without control characters. */
const printable = fc.integer({ min: 0x20, max: 0x2ff }).filter((code) => code !== 0x7f && (code < 0x80 || code > 0x9f)).map((code) => String.fromCharCode(code));

/** For patterns of the form `^[…]*$` / `^[…]+$`: an arbitrary of one character of the class. */
function singleClass(pattern: string): fc.Arbitrary<string> | undefined {
  const match = /^\^(\[(?:\\.|[^\]\\])+\])[*+]\$$/.exec(pattern);
  if (!match) return undefined;
  const oneChar = new RegExp(`^${match[1]}$`, "u");
  return fc.integer({ min: 0, max: 0x2ff }).map((code) => String.fromCharCode(code)).filter((char) => oneChar.test(char));
}

const label = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);

function formatString(format: string | undefined): fc.Arbitrary<string> | undefined {
  switch (format) {
    case "uuid": return fc.uuid();
    case "email": return fc.tuple(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,15}[a-z0-9]$/), label).map(([local, domain]) => `${local.replace(/\.\.+/g, ".")}@${domain}.example`);
    case "date-time": return fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true }).map((date) => date.toISOString());
    case "uri": return fc.tuple(label, fc.array(label, { maxLength: 3 })).map(([host, path]) => `https://${host}.example/${path.join("/")}`);
    default: return undefined;
  }
}
