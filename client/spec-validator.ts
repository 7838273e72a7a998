import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { OpenApiDocument } from "./spec-document.js";

export interface SpecValidatorOptions {
  /** Coerce strings to the schema's types (for path, query and header parameters, never for JSON bodies). */
  coerceTypes?: boolean;
}

/**
 * Compiles schemas that live anywhere inside an OpenAPI document, addressed by JSON pointer.
 * The whole document is registered once, so `$ref: '#/components/…'` inside any schema resolves, and
 * each schema is compiled once and cached (never per request or per response).
 */
export class SpecValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Each SpecValidator has its own Ajv, so one fixed id for the registered document is enough. */
  private readonly id = "https://openapi.invalid/document.json";

  constructor(readonly document: OpenApiDocument, options: SpecValidatorOptions = {}) {
    // strict: false because an OpenAPI document mixes schema keywords with OpenAPI ones (example, xml, …).
    this.ajv = new Ajv2020({
      strict: false,
      allErrors: true,
      coerceTypes: options.coerceTypes ? "array" : false,
    });
    addFormats.default(this.ajv);
    this.ajv.addSchema({ ...document, $id: this.id });
  }

  /** A `$ref` to the schema at `pointer`, usable inside schemas given to `compile`. */
  ref(pointer: string): { $ref: string } {
    return { $ref: `${this.id}#${encodeURI(pointer)}` };
  }

  /** The compiled validator of the schema at `pointer` (e.g. `/components/schemas/Error`). */
  validatorAt(pointer: string): ValidateFunction {
    return this.compile(this.ref(pointer), pointer);
  }

  /** Compiles a schema that may `$ref` into the document (see `ref`); cached under `cacheKey` when given. */
  compile(schema: object, cacheKey?: string): ValidateFunction {
    const cached = cacheKey ? this.compiled.get(cacheKey) : undefined;
    if (cached) return cached;
    const validate = this.ajv.compile(schema);
    if (cacheKey) this.compiled.set(cacheKey, validate);
    return validate;
  }

  /** Ajv's errors as readable lines: `/fingerprint must NOT have fewer than 64 characters`. */
  static describe(validate: ValidateFunction): string[] {
    return (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}`);
  }
}
