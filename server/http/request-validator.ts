import { followRefs, pointerSegment, resolvePointer, type OpenApiDocument, type OperationRef } from "../../client/spec-document.js";
import type { SpecValidator } from "../../client/spec-validator.js";
import { maxBodyDepth, nestsDeeperThan } from "./body-depth.js";
import { problemsFromAjv, RequestValidationError, type InputLocation, type RequestProblem } from "./request-problems.js";

/** A request as Koa hands it over, before validation. */
export interface RawRequest {
  path: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed body (JSON value, text or form fields), or undefined when none was sent. */
  body: unknown;
  contentType: string;
}

/** The validated, coerced input a handler receives. */
export interface OperationInput {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body: unknown;
  contentType: string;
}

interface Parameter {
  name: string;
  in: InputLocation | "cookie";
  required?: boolean;
  schema?: { default?: unknown };
}

type Validators = { parameters: SpecValidator; bodies: SpecValidator };

/**
 * Compiles, once at start-up, the validator of one operation: path, query and header parameters
 * (coerced from strings) and the body of each documented media type (not coerced).
 */
export function compileRequestValidator(validators: Validators, op: OperationRef): (raw: RawRequest) => OperationInput {
  const document = validators.parameters.document;
  const groups = (["path", "query", "header"] as const).map((location) => ({
    location,
    defaults: parameterDefaults(document, op, location),
    validate: validators.parameters.compile(parameterGroupSchema(validators.parameters, document, op, location)),
  }));
  const body = compileBodyValidators(validators.bodies, document, op);
  return (raw) => {
    const input: OperationInput = {
      path: { ...raw.path },
      query: { ...raw.query },
      headers: { ...raw.headers },
      body: raw.body,
      contentType: raw.contentType,
    };
    const problems: RequestProblem[] = [];
    for (const { location, defaults, validate } of groups) {
      const values = location === "path" ? input.path : location === "query" ? input.query : input.headers;
      for (const [name, value] of defaults) values[name] ??= value;
      if (!validate(values)) problems.push(...problemsFromAjv(location, validate.errors));
    }
    problems.push(...body(input));
    if (problems.length > 0) throw new RequestValidationError(problems);
    return input;
  };
}

function parameterGroupSchema(validator: SpecValidator, document: OpenApiDocument, op: OperationRef, location: InputLocation) {
  const parameters = operationParameters(document, op).filter(({ parameter }) => parameter.in === location);
  const nameOf = (p: Parameter) => (location === "header" ? p.name.toLowerCase() : p.name);
  return {
    type: "object",
    properties: Object.fromEntries(parameters.map(({ parameter, pointer }) => [nameOf(parameter), validator.ref(`${pointer}/schema`)])),
    required: parameters.filter(({ parameter }) => parameter.required).map(({ parameter }) => nameOf(parameter)),
  };
}

/** The spec's `default` of each parameter that has one (Ajv's useDefaults does not reach through `$ref`). */
function parameterDefaults(document: OpenApiDocument, op: OperationRef, location: InputLocation): Array<[string, unknown]> {
  return operationParameters(document, op)
    .filter(({ parameter }) => parameter.in === location && parameter.schema?.default !== undefined)
    .map(({ parameter }) => [location === "header" ? parameter.name.toLowerCase() : parameter.name, parameter.schema!.default]);
}

/** Path-item and operation parameters (the operation's win on name clashes), with their resolved pointers. */
function operationParameters(document: OpenApiDocument, op: OperationRef) {
  const itemPointer = op.pointer.slice(0, op.pointer.lastIndexOf("/"));
  const pointers = [`${itemPointer}/parameters`, `${op.pointer}/parameters`].flatMap((listPointer) => {
    const list = (resolvePointer(document, listPointer) ?? []) as unknown[];
    return list.map((_, i) => followRefs(document, `${listPointer}/${i}`));
  });
  const byKey = new Map(pointers.map((pointer) => {
    const parameter = resolvePointer(document, pointer) as Parameter;
    return [`${parameter.in}:${parameter.name}`, { parameter, pointer }] as const;
  }));
  return [...byKey.values()];
}

function compileBodyValidators(validator: SpecValidator, document: OpenApiDocument, op: OperationRef) {
  const bodyPointer = op.operation.requestBody ? followRefs(document, `${op.pointer}/requestBody`) : undefined;
  const requestBody = bodyPointer
    ? (resolvePointer(document, bodyPointer) as { required?: boolean; content?: Record<string, unknown> })
    : undefined;
  const mediaTypes = Object.keys(requestBody?.content ?? {});
  const compiled = new Map(mediaTypes.map((m) => [m, validator.validatorAt(`${bodyPointer}/content/${pointerSegment(m)}/schema`)]));
  return (input: OperationInput): RequestProblem[] => {
    if (!requestBody) return [];
    if (input.body === undefined) return requestBody.required ? [bodyProblem("is required", "required")] : [];
    const mediaType = mediaTypes.find((m) => m === input.contentType);
    if (!mediaType) return [bodyProblem(`must be sent as ${mediaTypes.join(" or ")}`, "contentType")];
    if (nestsDeeperThan(input.body, maxBodyDepth)) return [bodyProblem(`is nested deeper than ${maxBodyDepth} levels`, "maxDepth")];
    const validate = compiled.get(mediaType)!;
    return validate(input.body) ? [] : problemsFromAjv("body", validate.errors);
  };
}

function bodyProblem(message: string, keyword: string): RequestProblem {
  return { location: "body", field: "", message, keyword };
}
