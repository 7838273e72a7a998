/** What an operation of a parsed spec says about its JSON body and answer, for tests generated from the spec. */
import { dereference, type OpenApiDocument, type OperationRef } from "../../client/spec-document.js";
import { exampleRequest } from "./example-requests.js";

/** The parts of a JSON Schema the generated tests read. */
export interface Schema {
  type?: string | string[];
  format?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: unknown;
}

type Content = { content?: Record<string, { schema: Schema }> };

/** A schema node with its local `$ref` followed. */
export const resolveSchema = (document: OpenApiDocument, node: unknown) => dereference(document, node as object) as Schema | undefined;

/** The schema of the operation's JSON request body, if it takes one. */
export function jsonBodySchema(document: OpenApiDocument, op: OperationRef): Schema | undefined {
  const body = dereference(document, op.operation.requestBody) as Content | undefined;
  return resolveSchema(document, body?.content?.["application/json"]?.schema);
}

/** The schema of the operation's first 2xx JSON answer, if it has one. */
export function jsonAnswerSchema(document: OpenApiDocument, op: OperationRef): Schema | undefined {
  const [, response] = Object.entries(op.operation.responses ?? {}).find(([status]) => status.startsWith("2")) ?? [];
  const answer = dereference(document, response as Content | undefined);
  return resolveSchema(document, answer?.content?.["application/json"]?.schema);
}

/** The operation's first JSON body example, parsed (a fresh copy each call). */
export function exampleJsonBody(document: OpenApiDocument, op: OperationRef): Record<string, unknown> | undefined {
  const { init } = exampleRequest("v3", document, "http://unused", op);
  return init.headers["content-type"] === "application/json" && typeof init.body === "string" ? JSON.parse(init.body) : undefined;
}

/** Whether the operation needs no credentials (`security: []`). */
export function isPublicOperation(document: OpenApiDocument, op: OperationRef): boolean {
  return ((op.operation.security ?? document.security ?? []) as unknown[]).length === 0;
}
