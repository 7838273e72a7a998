/**
 * A Prism mock keeps no state, so its conformance is the spec's own examples: every operation's example request, and
 * every documented status of it asked for with `Prefer: code=…` (and each named error example with `example=…`).
 */
import { describe, it } from "vitest";
import { listOperations, type OperationRef } from "../../../client/spec-document.js";
import { documentedErrorExamples, exampleRequest } from "../../support/example-requests.js";
import type { ContractRequest } from "../exchange.js";
import { contractSuite } from "../suite.js";

const { target, client } = contractSuite();
const operations = listOperations(client.document);

/** The spec's example request of `op`, in the suite's request form. */
function exampleOf(op: OperationRef): ContractRequest {
  const { url, init } = exampleRequest(target.spec, client.document, target.baseUrl, op);
  const { pathname, searchParams } = new URL(url);
  const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  const values = new RegExp(`^${op.path.replace(/\{\w+\}/g, "([^/]+)")}$`).exec(pathname)?.slice(1) ?? [];
  const { "content-type": contentType, authorization: _, ...headers }: Record<string, string> = init.headers;
  return {
    path: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(values[i] ?? "")])),
    query: Object.fromEntries([...searchParams.entries()]),
    headers: Object.fromEntries(Object.entries(headers).filter(([name]) => !/^(date|accept)$/i.test(name))),
    ...(typeof init.body === "string" ? { rawBody: init.body, contentType } : {}),
  };
}

describe.each(operations.map((op) => [op.operation.operationId as string, op] as const))("%s", (operationId, op) => {
  const request = exampleOf(op);
  const errorExamples = documentedErrorExamples(client.document, op);
  const statuses = Object.keys(op.operation.responses ?? {}).map(Number);

  it.each(statuses.filter((status) => !errorExamples.some((e) => e.status === status)))("answers %i for Prefer: code", (status) =>
    client.call(operationId, { ...request, headers: { ...request.headers, prefer: `code=${status}` } }, status),
  );
  it.each(errorExamples.map((e) => [e.status, e.name] as const))("answers %i %s for Prefer: code, example", (status, name) =>
    client.call(operationId, { ...request, headers: { ...request.headers, prefer: `code=${status}, example=${name}` } }, status),
  );
});
