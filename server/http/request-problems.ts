import type { ErrorObject } from "ajv";

export type InputLocation = "path" | "query" | "header" | "body";

/** One thing wrong with a request, in terms a client can act on. */
export interface RequestProblem {
  location: InputLocation;
  /** The field, e.g. `fingerprint`, `metadata/0/key`, `limit`; empty for the body as a whole. */
  field: string;
  message: string;
  /** Ajv's keyword (`required`, `maxLength`, `type`, …) or `parse` for undecodable input. */
  keyword: string;
}

/** Thrown before a handler runs when the request breaks its operation's schema. */
export class RequestValidationError extends Error {
  constructor(readonly problems: RequestProblem[]) {
    super(problems.map(describeProblem).join("; "));
    this.name = "RequestValidationError";
  }
}

export function describeProblem(problem: RequestProblem): string {
  const where = problem.field ? `${problem.location} ${problem.field}` : problem.location;
  return `${where} ${problem.message}`;
}

/** Turns Ajv errors into problems; `required` and `additionalProperties` name the field itself. */
export function problemsFromAjv(location: InputLocation, errors: ErrorObject[] | null | undefined): RequestProblem[] {
  return (errors ?? []).map((error) => {
    const path = error.instancePath.replace(/^\//, "");
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    const child = params.missingProperty ?? params.additionalProperty;
    const field = child ? [path, child].filter(Boolean).join("/") : path;
    const message =
      error.keyword === "required" ? "is required"
      : error.keyword === "additionalProperties" ? "is not allowed"
      : (error.message ?? "is invalid");
    return { location, field, message, keyword: error.keyword };
  });
}
