/** Classifies the differences between the operations (and webhooks) of two versions of a spec. */

import { dereference, listOperations, type OpenApiDocument, type OperationRef } from "../../client/spec-document.js";
import { opposite, type Severity, type Side } from "./change.js";
import { record, recordRequiredness, type Comparison } from "./comparison.js";
import { compareSchemas } from "./compare-schemas.js";

type Node = Record<string, any>;

const operationKey = (ref: OperationRef) => `${ref.method.toUpperCase()} ${ref.path}`;

/**
 * `paths` are called by clients, so what they send is the request side; `webhooks` are called by the server, so
 * their bodies are read by the receivers like responses.
 */
export function compareOperations(comparison: Comparison, section: "paths" | "webhooks"): void {
  const sent: Side = section === "paths" ? "request" : "response";
  const before = new Map(listOperations(comparison.base, section).map((ref) => [operationKey(ref), ref]));
  const after = new Map(listOperations(comparison.head, section).map((ref) => [operationKey(ref), ref]));
  for (const [key, ref] of before) {
    if (!after.has(key)) record(comparison, "breaking", label(key, ref), "operation removed");
  }
  for (const [key, ref] of after) {
    const old = before.get(key);
    if (!old) record(comparison, "non-breaking", label(key, ref), "operation added");
    else compareOperation(comparison, sent, old, ref, label(key, old));
  }
}

const label = (key: string, ref: OperationRef) => `${key} (${ref.operation.operationId ?? "no operationId"})`;

function compareOperation(comparison: Comparison, sent: Side, base: OperationRef, head: OperationRef, where: string): void {
  const found = comparison.changes.length;
  if (base.operation.operationId !== head.operation.operationId)
    record(comparison, "breaking", where, `operationId renamed to ${head.operation.operationId}`);
  compareSecurity(comparison, base.operation, head.operation, where);
  compareParameters(comparison, sent, base, head, where);
  compareRequestBodies(comparison, sent, base.operation.requestBody, head.operation.requestBody, `${where} request body`);
  compareResponses(comparison, opposite(sent), base.operation.responses ?? {}, head.operation.responses ?? {}, where);
  if (comparison.changes.length === found && JSON.stringify(base.operation) !== JSON.stringify(head.operation))
    record(comparison, "non-breaking", where, "descriptions, examples or other unchecked details changed");
}

/**
 * Each alternative of `security` as one string (schemes and scopes sorted); an empty alternative admits anonymous
 * callers. Dropping an alternative (including the anonymous one) locks its callers out, unless anonymous callers
 * are now admitted; adding one does not.
 */
function securityAlternatives(document: OpenApiDocument, operation: Node): Set<string> {
  const requirements = (operation.security ?? document.security ?? [{}]) as Record<string, string[]>[];
  const alternatives = requirements.length === 0 ? [{}] : requirements;
  return new Set(
    alternatives.map((requirement) =>
      Object.entries(requirement).map(([scheme, scopes]) => `${scheme}[${[...scopes].sort().join(" ")}]`).sort().join(" + ") || "anonymous",
    ),
  );
}

function compareSecurity(comparison: Comparison, base: Node, head: Node, where: string): void {
  const before = securityAlternatives(comparison.base, base);
  const after = securityAlternatives(comparison.head, head);
  const severity = after.has("anonymous") ? "non-breaking" : "breaking";
  for (const alternative of before)
    if (!after.has(alternative)) record(comparison, severity, where, `security ${alternative} dropped`);
  for (const alternative of after)
    if (!before.has(alternative)) record(comparison, "non-breaking", where, `security ${alternative} added`);
}

/** The operation's parameters by location and name, path-level ones overridden by the operation's own. */
function parametersOf(document: OpenApiDocument, ref: OperationRef): Map<string, Node> {
  const pathItem = (document.paths?.[ref.path] ?? {}) as Node;
  const parameters = [...(pathItem.parameters ?? []), ...(ref.operation.parameters ?? [])].map((p: Node) => dereference(document, p));
  return new Map(parameters.map((parameter) => [`${parameter.in} parameter ${parameter.name}`, parameter]));
}

function compareParameters(comparison: Comparison, sent: Side, base: OperationRef, head: OperationRef, where: string): void {
  const before = parametersOf(comparison.base, base);
  const after = parametersOf(comparison.head, head);
  const report = (severity: Severity, key: string, what: string) => record(comparison, severity, `${where} ${key}`, what);
  for (const key of before.keys()) if (!after.has(key)) report("breaking", key, "removed");
  for (const [key, parameter] of after) {
    const old = before.get(key);
    const required = Boolean(parameter.required);
    if (!old) report(required ? "breaking" : "non-breaking", key, `${required ? "required" : "optional"} parameter added`);
    else {
      recordRequiredness(comparison, sent, `${where} ${key}`, Boolean(old.required), required);
      compareSchemas(comparison, sent, old.schema, parameter.schema, `${where} ${key}`);
    }
  }
}

function compareRequestBodies(comparison: Comparison, sent: Side, baseNode: unknown, headNode: unknown, where: string): void {
  const base = baseNode ? dereference(comparison.base, baseNode as Node) : undefined;
  const head = headNode ? dereference(comparison.head, headNode as Node) : undefined;
  const report = (severity: Severity, what: string) => record(comparison, severity, where, what);
  if (!base && !head) return;
  if (!head) return report("breaking", "removed");
  const required = Boolean(head.required);
  if (!base) return report(required && sent === "request" ? "breaking" : "non-breaking", `${required ? "required" : "optional"} body added`);
  recordRequiredness(comparison, sent, where, Boolean(base.required), required);
  compareContent(comparison, sent, base.content, head.content, where);
}

/** Media types by name: a removed one is breaking on either side, an added one is not. */
function compareContent(comparison: Comparison, side: Side, base: Node = {}, head: Node = {}, where: string): void {
  for (const type of Object.keys(base))
    if (!head[type]) record(comparison, "breaking", `${where} ${type}`, "media type removed");
  for (const [type, media] of Object.entries(head)) {
    if (!base[type]) record(comparison, "non-breaking", `${where} ${type}`, "media type added");
    else compareSchemas(comparison, side, base[type].schema, (media as Node).schema, `${where} ${type} $`);
  }
}

function compareResponses(comparison: Comparison, read: Side, base: Node, head: Node, where: string): void {
  for (const status of Object.keys(base))
    if (!head[status]) record(comparison, "breaking", `${where} ${status}`, "response status removed");
  for (const status of Object.keys(head)) {
    if (!base[status]) record(comparison, "non-breaking", `${where} ${status}`, "response status added");
    else compareResponse(comparison, read, dereference(comparison.base, base[status]), dereference(comparison.head, head[status]), `${where} ${status}`);
  }
}

/** A removed header breaks clients only when it was promised (`required`). */
function compareResponse(comparison: Comparison, read: Side, base: Node, head: Node, where: string): void {
  const headersAfter = (head.headers ?? {}) as Node;
  for (const [name, header] of Object.entries((base.headers ?? {}) as Node)) {
    if (headersAfter[name]) continue;
    const promised = Boolean(dereference(comparison.base, header as Node).required);
    record(comparison, promised ? "breaking" : "non-breaking", `${where} header ${name}`, `${promised ? "required" : "optional"} header removed`);
  }
  for (const name of Object.keys(headersAfter))
    if (!base.headers?.[name]) record(comparison, "non-breaking", `${where} header ${name}`, "header added");
  compareContent(comparison, read, base.content, head.content, where);
}
