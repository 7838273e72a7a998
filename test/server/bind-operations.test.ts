import { describe, expect, it } from "vitest";
import { SpecValidator } from "../../client/spec-validator.js";
import { bindOperations, koaPath } from "../../server/http/bind-operations.js";
import { loadSpec } from "../../server/http/spec.js";
import { v3Handlers } from "../../server/v3/handlers/index.js";

const document = loadSpec("v3");
const validators = { parameters: new SpecValidator(document, { coerceTypes: true }), bodies: new SpecValidator(document) };

function bind(handlers: Record<string, (typeof v3Handlers)[keyof typeof v3Handlers]>) {
  return bindOperations({ document, validators, handlers, guard: () => (_ctx, next) => next(), throttle: (_ctx, next) => next(), context: () => ({}) as never, send: () => undefined });
}

describe("building routes from the spec", () => {
  it("binds every operation when the handler table matches the spec", () => {
    const router = bind(v3Handlers);
    expect(router.stack.length).toBe(Object.keys(v3Handlers).length);
  });

  it("refuses to start when an operation has no handler", () => {
    const { createActivation: _missing, ...incomplete } = v3Handlers;
    expect(() => bind(incomplete)).toThrow(/operations without a handler: \[createActivation\]/);
  });

  it("refuses to start when a handler has no operation", () => {
    expect(() => bind({ ...v3Handlers, renewLicense: v3Handlers.getLicense })).toThrow(/handlers without an operation: \[renewLicense\]/);
  });

  it.each([
    ["/v3/activations", "/v3/activations"],
    ["/v3/activations/{id}/deactivate", "/v3/activations/:id/deactivate"],
  ])("turns %s into the Koa path %s", (template, expected) => {
    expect(koaPath(template)).toBe(expected);
  });

  it("routes the literal /v3/activations/meter-attributes/{id} before /v3/activations/{id}/deactivate", () => {
    const paths = bind(v3Handlers).stack.map((layer) => layer.path);
    expect(paths.indexOf("/v3/activations/meter-attributes/:id")).toBeLessThan(paths.indexOf("/v3/activations/:id/deactivate"));
  });
});
