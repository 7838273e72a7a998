import { describe, expect, it } from "vitest";
import { dereference, pointerSegment } from "../../client/spec-document.js";
import { SpecValidator } from "../../client/spec-validator.js";
import { listOperations, loadSpec, versions } from "../support/spec.js";

interface ExampleCase {
  where: string;
  schemaPointer: string;
  value: unknown;
}

/** Every example in the document next to the schema it illustrates (media types, parameters, headers, schemas). */
function collectExamples(document: Record<string, unknown>): ExampleCase[] {
  const cases: ExampleCase[] = [];
  const visit = (node: unknown, pointer: string) => {
    if (typeof node !== "object" || node === null) return;
    const holder = node as Record<string, any>;
    if (holder.schema && typeof holder.schema === "object") {
      for (const [name, value] of exampleValues(document, holder)) {
        cases.push({ where: `${pointer} example ${name}`, schemaPointer: `${pointer}/schema`, value });
      }
    }
    if (pointer.startsWith("/components/schemas/") && Array.isArray(holder.examples) && holder.type) {
      holder.examples.forEach((value: unknown, i: number) =>
        cases.push({ where: `${pointer} examples[${i}]`, schemaPointer: pointer, value }),
      );
    }
    for (const [key, child] of Object.entries(holder)) {
      if (key !== "examples" && key !== "example") visit(child, `${pointer}/${pointerSegment(key)}`);
    }
  };
  visit(document, "");
  return cases;
}

function exampleValues(document: Record<string, unknown>, holder: Record<string, any>): Array<[string, unknown]> {
  if ("example" in holder) return [["example", holder.example]];
  return Object.entries((holder.examples ?? {}) as Record<string, any>).map(([name, example]) => {
    return [name, (dereference(document, example) as { value?: unknown }).value];
  });
}

function hasExample(document: Record<string, unknown>, content: Record<string, any> | undefined): boolean {
  return Object.values(content ?? {}).some((media) => exampleValues(document, media).length > 0);
}

describe.each(versions)("%s examples", (version) => {
  const document = loadSpec(version);
  const validator = new SpecValidator(document);
  const cases = collectExamples(document);

  it("has examples to check", () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it.each(cases.map((c) => [c.where, c] as const))("%s validates against its schema", (_where, example) => {
    const validate = validator.validatorAt(example.schemaPointer);
    expect(validate(example.value), SpecValidator.describe(validate).join("\n")).toBe(true);
  });

  const operations = [...listOperations(document), ...listOperations(document, "webhooks")];
  it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))(
    "%s has a request example and an example for every response status",
    (_name, { operation }) => {
      const resolve = (node: any) => dereference(document, node) as any;
      const body = resolve(operation.requestBody);
      if (body) expect(hasExample(document, body.content), "request body example").toBe(true);
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const content = resolve(response).content;
        if (content) expect(hasExample(document, content), `response ${status} example`).toBe(true);
      }
    },
  );
});

describe("the checker itself", () => {
  it("refuses an example that breaks its schema", () => {
    const document = {
      openapi: "3.1.0",
      info: { title: "probe", version: "1" },
      components: { schemas: { Thing: { type: "object", required: ["id"], properties: { id: { type: "string", maxLength: 3 } } } } },
    };
    const validate = new SpecValidator(document).validatorAt("/components/schemas/Thing");
    expect(validate({ id: "abc" })).toBe(true);
    expect(validate({ id: "abcd" })).toBe(false);
    expect(validate({})).toBe(false);
  });
});
