/**
 * One request to the target for one operation of the spec, checked and recorded: the status must be documented (and
 * the one the case expects), the body valid against its schema, the content type and required headers as documented.
 * Every exchange is appended to the run's record file, from which report.ts builds the coverage report.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { expect } from "vitest";
import { checkResponse } from "../../client/check-response.js";
import { listOperations, type OpenApiDocument, type OperationRef } from "../../client/spec-document.js";
import { SpecValidator } from "../../client/spec-validator.js";
import { licenseSpringAuthHeaders } from "../../client/v4-signing.js";
import { loadSpec } from "../support/spec.js";
import { waitOutRateLimit } from "./rate-limit.js";
import type { ContractTarget } from "./target.js";

export interface ContractRequest {
  /** Values of the operation's path parameters. */
  path?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
  /** A JSON body, sent compact; or `rawBody`, sent as given (malformed JSON, multipart, base64 text). */
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  /** `default`: the target's credentials where the operation is secured; `none`: no credentials; or these headers instead. */
  auth?: "default" | "none" | Record<string, string>;
}

export interface Exchange {
  type: "exchange";
  case: string;
  operationId: string;
  method: string;
  pathTemplate: string;
  expected: number[];
  status: number;
  durationMs: number;
  request: { url: string; headers: Record<string, string>; body?: string };
  response: { headers: Record<string, string>; body: string };
  /** Contract problems; empty when the exchange keeps the contract and got an expected status. */
  violations: string[];
}

/** A pair the suite cannot provoke on this target, with the reason the report gives. */
export interface Unreachable {
  type: "unreachable";
  operationId: string;
  status: number;
  reason: string;
}

const recordedBodyLimit = 4096;
const requestTimeoutMs = 15_000;
const rateLimitRetries = 5;

export class ContractClient {
  readonly document: OpenApiDocument;
  private readonly validator: SpecValidator;
  private readonly operations: Map<string, OperationRef>;

  constructor(readonly target: ContractTarget) {
    this.document = loadSpec(target.spec);
    this.validator = new SpecValidator(this.document);
    this.operations = new Map(listOperations(this.document).map((op) => [op.operation.operationId as string, op]));
  }

  operation(operationId: string): OperationRef {
    const op = this.operations.get(operationId);
    if (!op) throw new Error(`${operationId} is not an operation of the ${this.target.spec} spec`);
    return op;
  }

  /** Sends the request, checks the answer against the spec and `expected`, records it, and returns it. */
  async send(operationId: string, request: ContractRequest, expected: number | number[]): Promise<Exchange & { json: any }> {
    const { exchange, text } = await this.perform(operationId, request, [expected].flat());
    record(this.target, exchange);
    return { ...exchange, json: parseJson(text) };
  }

  /**
   * Asks for a 429 or 500 with `Prefer: code=…`, which Prism and servers with FAULT_INJECTION=true honour. A target
   * that answers something else cannot be made to fail that way from outside: the pair is recorded as unreachable.
   */
  async fault(operationId: string, request: ContractRequest, status: 429 | 500): Promise<void> {
    const faulty = { ...request, headers: { ...request.headers, prefer: `code=${status}` } };
    const { exchange } = await this.perform(operationId, faulty, [status]);
    if (exchange.status !== status) return this.unreachable(operationId, status, `the target does not inject faults (Prefer: code=${status}); ${status === 500 ? "an unexpected failure" : "the rate limit"} cannot be provoked per operation from outside`);
    record(this.target, exchange);
    expect(exchange.violations, describeExchange(exchange)).toEqual([]);
  }

  private async perform(operationId: string, request: ContractRequest, expected: number[]): Promise<{ exchange: Exchange; text: string }> {
    const op = this.operation(operationId);
    const url = this.urlOf(op, request);
    for (let attempt = 0; ; attempt++) {
      const headers = this.headersOf(op, request);
      const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
      const started = performance.now();
      const response = await fetch(url, { method: op.method.toUpperCase(), headers, body, signal: AbortSignal.timeout(requestTimeoutMs) });
      const text = await response.text();
      // A deployment's rate limit is not what the case tests: wait as a well-behaved client would, then retry.
      if (response.status === 429 && !expected.includes(429) && attempt < rateLimitRetries) {
        await waitOutRateLimit(response);
        continue;
      }
      const violations = checkResponse(this.validator, { method: op.method, pathTemplate: op.path, status: response.status, headers: response.headers, body: text });
      if (!expected.includes(response.status)) violations.unshift(`expected status ${expected.join(" or ")}, got ${response.status}`);
      const exchange: Exchange = {
        type: "exchange",
        case: expect.getState().currentTestName ?? operationId,
        operationId,
        method: op.method.toUpperCase(),
        pathTemplate: op.path,
        expected,
        status: response.status,
        durationMs: Math.round(performance.now() - started),
        request: { url, headers, body: body?.slice(0, recordedBodyLimit) },
        response: { headers: headersOf(response.headers), body: text.slice(0, recordedBodyLimit) },
        violations,
      };
      return { exchange, text };
    }
  }

  /** `send`, then fails the test with the request and response when the exchange breaks the contract. */
  async call(operationId: string, request: ContractRequest, expected: number | number[]): Promise<any> {
    const exchange = await this.send(operationId, request, expected);
    expect(exchange.violations, describeExchange(exchange)).toEqual([]);
    return exchange.json;
  }

  /** Records that `status` of `operationId` cannot be provoked on this target, and why. */
  unreachable(operationId: string, status: number, reason: string): void {
    this.operation(operationId);
    record(this.target, { type: "unreachable", operationId, status, reason });
  }

  private urlOf(op: OperationRef, request: ContractRequest): string {
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = request.path?.[name];
      if (value === undefined) throw new Error(`${op.operation.operationId}: path parameter ${name} is missing`);
      return encodeURIComponent(value);
    });
    const query = new URLSearchParams(Object.entries(request.query ?? {}).map(([k, v]) => [k, String(v)]));
    return `${this.target.baseUrl}${path}${query.size ? `?${query}` : ""}`;
  }

  private headersOf(op: OperationRef, request: ContractRequest): Record<string, string> {
    const headers: Record<string, string> = { accept: "application/json", ...request.headers };
    if (request.rawBody !== undefined || request.body !== undefined) headers["content-type"] = request.contentType ?? "application/json";
    if (request.auth && request.auth !== "default" && request.auth !== "none") Object.assign(headers, request.auth);
    else if (request.auth !== "none" && this.isSecured(op)) Object.assign(headers, this.credentials());
    return headers;
  }

  /** Whether the operation needs credentials (public operations have `security: []` or an empty requirement). */
  isSecured(op: OperationRef): boolean {
    const security = (op.operation.security ?? this.document.security ?? []) as unknown[];
    return security.length > 0 && !security.some((requirement) => Object.keys(requirement as object).length === 0);
  }

  /** The target's own credentials (on a mock, any of the right shape). */
  credentials(): Record<string, string> {
    const { spec, token, apiKey, sharedKey, mock } = this.target;
    if (spec === "v3") return { authorization: `Bearer ${token ?? (mock ? "mock-token" : "")}` };
    if (mock) return licenseSpringAuthHeaders({ apiKey: apiKey ?? "mock-api-key", sharedKey: sharedKey ?? "mock-shared-key" });
    if (!apiKey || !sharedKey) throw new Error("v4 runs need an API key and shared key (--api-key/--shared-key, or made by run.ts)");
    return licenseSpringAuthHeaders({ apiKey, sharedKey });
  }
}

function record(target: ContractTarget, entry: Exchange | Unreachable): void {
  mkdirSync(dirname(target.recordFile), { recursive: true });
  appendFileSync(target.recordFile, `${JSON.stringify(entry)}\n`);
}

function headersOf(headers: Headers): Record<string, string> {
  const plain: Record<string, string> = {};
  headers.forEach((value, name) => (plain[name] = value));
  return plain;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The request and response of an exchange, as a failing test prints them. */
export function describeExchange(exchange: Exchange): string {
  const { request, response } = exchange;
  return [
    `${exchange.method} ${request.url} → ${exchange.status} (expected ${exchange.expected.join(" or ")})`,
    `request headers: ${JSON.stringify(request.headers)}`,
    request.body ? `request body: ${request.body}` : "",
    `response headers: ${JSON.stringify(response.headers)}`,
    `response body: ${response.body}`,
  ].filter(Boolean).join("\n");
}
