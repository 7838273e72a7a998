import type { Middleware } from "openapi-fetch";
import { checkResponse } from "./check-response.js";
import type { OpenApiDocument } from "./spec-document.js";
import { SpecValidator } from "./spec-validator.js";

export class ContractViolation extends Error {
  constructor(
    readonly request: string,
    readonly status: number,
    readonly problems: string[],
  ) {
    super(`${request} → ${status} breaks the contract:\n  - ${problems.join("\n  - ")}`);
    this.name = "ContractViolation";
  }
}

/**
 * Opt-in openapi-fetch middleware for tests and QA: every response is checked against the spec
 * (documented status, content type, body schema, required headers). A mismatch throws ContractViolation,
 * or is passed to `onViolation` when given (to collect a report instead of failing the call).
 */
export function validateResponses(
  document: OpenApiDocument,
  options: { onViolation?: (violation: ContractViolation) => void } = {},
): Middleware {
  const validator = new SpecValidator(document);
  return {
    async onResponse({ request, response, schemaPath }) {
      const body = await response.clone().text();
      const problems = checkResponse(validator, {
        method: request.method,
        pathTemplate: schemaPath,
        status: response.status,
        headers: response.headers,
        body,
      });
      if (problems.length === 0) return undefined;
      const violation = new ContractViolation(`${request.method} ${schemaPath}`, response.status, problems);
      if (!options.onViolation) throw violation;
      options.onViolation(violation);
      return undefined;
    },
  };
}
