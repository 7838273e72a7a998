/**
 * Negative, property-based cases for every operation with parameters or a body, on either spec: generated invalid
 * requests (test/contract/generate/) must each get a documented 4xx of the operation in the version's error format;
 * a 5xx, an undocumented status or a hang (the client gives up after 15 s) fails, with the seed and the shrunk
 * request in the message. Every mutation is refused by a check made before any state change (credentials, then the
 * request's schema and encoding), so the cases are safe against a shared deployment; path ids are fixtures', so
 * those operations reach their validation.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { followRefs, listOperations, resolvePointer, type OperationRef } from "../../../client/spec-document.js";
import { describeExchange, type ContractRequest, type Exchange } from "../exchange.js";
import { authMutations } from "../generate/auth.js";
import { OperationRequests, type Family } from "../generate/requests.js";
import { contractSuite } from "../suite.js";

const { target, client, fixtures } = contractSuite();
const requests = new OperationRequests(client.document);
const numRuns = target.deep ? 200 : 50;
const families: Family[] = ["parameter", "body", "raw body", "auth"];
/** A well-formed id of nothing: for path ids the suite has no fixture of (the operation then answers 400 or 404). */
const unknownId = "00000000-0000-4000-8000-000000000000";

/** Fixture ids by path template and parameter name (set up before the cases). */
const fixtureIds: Record<string, string> = {};

beforeAll(async () => {
  if (target.mock) return;
  const product = await fixtures.product({ name: `contract negative ${Date.now()}` });
  const license = await fixtures.license(product.id);
  const user = await fixtures.v3("POST", "/v3/users", { email: `negative-${Date.now()}@contract.example` });
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/users/${user.id}`, undefined, 204));
  const customer = await fixtures.v3("POST", "/v3/customers", { email: `negative-customer-${Date.now()}@contract.example` });
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/customers/${customer.id}`, undefined, 204));
  const token = await fixtures.v3("POST", "/v3/personal-access-tokens", { name: "contract negative", scopes: ["product:read"] });
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/personal-access-tokens/${token.id}`, undefined, 204));
  const apiKey = await fixtures.v3("POST", "/v3/api-keys", { name: "contract negative" });
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/api-keys/${apiKey.id}`, undefined, 204));
  const activation = await fixtures.v3("POST", "/v3/activations", {
    key: license.key, productId: product.id, accountId: product.accountId ?? "", fingerprint: "contract-negative-".padEnd(64, "0"),
    hostname: "contract-negative", userHash: "0".repeat(64), os: "linux",
  });
  const activationId = activation.activationId ?? activation.id;
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/activations/${activationId}`, undefined, 204));
  Object.assign(fixtureIds, {
    "/v3/activations/{id}": activationId, "/v3/activations/{id}/deactivate": activationId, "/v3/activations/meter-attributes/{id}": activationId,
    "/v3/products/{id}": product.id, "/v3/licenses/{id}": license.id, "/v3/licenses/{id}/users": license.id,
    "/v3/licenses/{id}/users/{userId}": license.id, "/v3/licenses/{id}/users/{userId} userId": user.id,
    "/v3/users/{id}": user.id, "/v3/customers/{id}": customer.id, "/v3/personal-access-tokens/{id}": token.id, "/v3/api-keys/{id}": apiKey.id,
  });
});

function pathValues(op: OperationRef): Record<string, string> {
  const names = requests.parameters(op).filter((p) => p.in === "path").map((p) => p.name);
  return Object.fromEntries(names.map((name) => [name, fixtureIds[name === "id" ? op.path : `${op.path} ${name}`] ?? unknownId]));
}

/** What the case may be answered: a documented 4xx, except 429, which the client waits out and retries. */
function refusals(op: OperationRef): number[] {
  return Object.keys(op.operation.responses).map(Number).filter((status) => status >= 400 && status < 500 && status !== 429);
}

/**
 * The version's error format: the status's documented schema is the spec's `Error` (or, for the OAuth token
 * endpoint, RFC 6749's `OAuthError`; the body was validated against it), and a v4 error repeats the HTTP status.
 */
function errorFormatProblems(op: OperationRef, exchange: Exchange & { json: any }): string[] {
  const response = resolvePointer(client.document, followRefs(client.document, `${op.pointer}/responses/${exchange.status}`)) as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined;
  const schema = response?.content?.["application/json"]?.schema?.$ref;
  if (!schema) return response ? [`status ${exchange.status} documents no JSON error body`] : [];
  if (schema === "#/components/schemas/OAuthError" && target.spec === "v4") return [];
  if (schema !== "#/components/schemas/Error") return [`status ${exchange.status} is documented with ${schema}, not the error format`];
  return target.spec === "v4" && exchange.json?.status !== exchange.status ? [`the error body's status ${exchange.json?.status} is not ${exchange.status}`] : [];
}

/** A generated case, printed (in fast-check's counterexample) as its label and request. */
function labelled(label: string, request: ContractRequest) {
  const shown = { ...request, rawBody: request.rawBody && request.rawBody.length > 600 ? `${request.rawBody.slice(0, 600)}… (${request.rawBody.length} characters)` : request.rawBody };
  return { label, request, [fc.toStringMethod]: () => `${label}: ${JSON.stringify(shown)}` };
}

const operations = listOperations(client.document).filter((op) => op.operation.requestBody || requests.parameters(op).some((p) => p.in === "path" || p.in === "query"));

describe.skipIf(target.mock)("invalid requests get a documented 4xx in the error format", () => {
  it.each(operations.map((op) => [op.operation.operationId as string, op] as const))("%s", async (operationId, op) => {
    const auth = client.isSecured(op) ? authMutations(target.spec, target.apiKey && target.sharedKey ? { apiKey: target.apiKey, sharedKey: target.sharedKey } : undefined) : [];
    const cases = requests.invalid(op, pathValues(op), auth);
    if (cases.length === 0) return;
    const byFamily = families.map((family) => cases.filter((c) => c.family === family)).filter((group) => group.length > 0);
    const invalid = fc.oneof(...byFamily.map((group) => fc.oneof(...group.map((c) => c.request.map((request) => labelled(c.label, request))))));
    const allowed = refusals(op);
    await fc.assert(
      fc.asyncProperty(invalid, async ({ label, request }) => {
        const exchange = await client.send(operationId, request, allowed);
        expect([...exchange.violations, ...errorFormatProblems(op, exchange)], `${label}\n${describeExchange(exchange)}`).toEqual([]);
      }),
      { seed: target.seed, numRuns },
    );
  });
});
