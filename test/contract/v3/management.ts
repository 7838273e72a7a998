/**
 * What the v3 management conformance files share: ids and names for cases, a check of the error code, and the
 * refusals every secured management operation documents, generated from the spec: 401 without a token and with one
 * the target did not issue, 403 for a token lacking the scope, 400 for a malformed path parameter or an out-of-range
 * `limit`, 400 INVALID_JSON and 413 where the operation takes a body, and 429/500 where the target injects faults.
 * The statuses that depend on the resource (success, body validation, 404, 409) stay in each resource's file.
 */
import { beforeAll, expect, it } from "vitest";
import { dereference } from "../../../client/spec-document.js";
import type { ContractClient, ContractRequest } from "../exchange.js";
import { oversizedBody, type ContractSuite } from "../suite.js";

/** A well-formed id that names nothing. */
export const unknownId = "00000000-0000-4000-8000-000000000000";

/** A suffix no other run or file uses, for names, emails and codes that must be unique in the account. */
export const unique = (): string => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** Outside the path parameters' pattern `^[A-Za-z0-9._~-]+$`. */
const malformedId = "not-an-id!";

/** The scope the 403 token gets: none of the management operations covered here needs it. */
const outsiderScope = "activation:read";

/** Calls the operation and checks that the refusal has the documented `code`. */
export async function expectRefusal(client: ContractClient, operationId: string, request: ContractRequest, status: number, code: string): Promise<void> {
  const body = await client.call(operationId, request, status);
  expect(body?.code).toBe(code);
}

/**
 * Registers, for the file, a personal access token with only `activation:read` (revoked afterwards) and returns
 * `refusals(operationId, request)`, which adds the generated cases to the current `describe`. `request` must be a
 * valid request (real ids, a valid body), so each case fails only for the reason it names.
 */
export function managementRefusals({ client, fixtures }: ContractSuite): (operationId: string, request?: () => ContractRequest) => void {
  let outsider: Record<string, string>;
  beforeAll(async () => {
    const token = await fixtures.v3("POST", "/v3/personal-access-tokens", { name: `contract outsider ${unique()}`, scopes: [outsiderScope] });
    fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/personal-access-tokens/${token.id}`, undefined, 204));
    outsider = { authorization: `Bearer ${token.token}` };
  });

  return (operationId, request = () => ({})) => {
    const { operation, path } = client.operation(operationId);
    const scopes: string[] = operation.security?.[0]?.bearerAuth ?? [];
    if (scopes.includes(outsiderScope)) throw new Error(`${operationId} needs ${outsiderScope}: its 403 case needs another outsider scope`);
    const pathItem = (client.document.paths as Record<string, { parameters?: unknown[] }>)[path]!;
    const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])].map((p) => dereference(client.document, p) as { in: string; name: string });

    it("401 without a token", () => client.call(operationId, { ...request(), auth: "none" }, 401));
    it("401 with a token the target did not issue", () => client.call(operationId, { ...request(), auth: { authorization: "Bearer not-a-token" } }, 401));
    it(`403 with a token lacking ${scopes.join(", ")}`, () => client.call(operationId, { ...request(), auth: outsider }, 403));
    for (const { name } of parameters.filter((p) => p.in === "path")) {
      it(`400 VALIDATION_FAILED for a malformed ${name}`, () => {
        const valid = request();
        return expectRefusal(client, operationId, { ...valid, path: { ...valid.path, [name]: malformedId } }, 400, "VALIDATION_FAILED");
      });
    }
    if (parameters.some((p) => p.in === "query" && p.name === "limit")) {
      it("400 VALIDATION_FAILED for a limit over 100", () => {
        const valid = request();
        return expectRefusal(client, operationId, { ...valid, query: { ...valid.query, limit: 101 } }, 400, "VALIDATION_FAILED");
      });
    }
    if (operation.requestBody) {
      it("400 INVALID_JSON for a body that is not JSON", () => expectRefusal(client, operationId, { ...request(), rawBody: "{\"name\":" }, 400, "INVALID_JSON"));
      it("413 for a body over 1 MiB", () => client.call(operationId, { ...request(), rawBody: oversizedBody }, 413));
    }
    it("429 and 500 where the target injects faults", async () => {
      await client.fault(operationId, request(), 429);
      await client.fault(operationId, request(), 500);
    });
  };
}
