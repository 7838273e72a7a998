/**
 * What the v3 conformance files share: ids that are unknown or malformed, a token lacking a scope, and the cases
 * every operation has by its place in the spec (401 and 403 when it is secured, 413 when it takes a body, 429 and
 * 500 always), so each file states only what is particular to its operations.
 */
import { expect, it } from "vitest";
import type { ContractClient, ContractRequest } from "../exchange.js";
import type { Fixtures } from "../fixtures.js";
import { oversizedBody } from "../suite.js";

/** A well-formed id that names nothing. */
export const unknownId = "00000000-0000-4000-8000-000000000000";
/** An id the path parameters' pattern refuses (400 VALIDATION_FAILED). */
export const malformedId = "not an id";

/** Bearer headers of a personal access token with only `scopes`, revoked after the file. */
export async function scopedToken(fixtures: Fixtures, scopes: string[]): Promise<Record<string, string>> {
  const token = await fixtures.v3("POST", "/v3/personal-access-tokens", { name: `contract ${scopes.join(" ")}`, scopes });
  fixtures.onCleanup(() => fixtures.v3("DELETE", `/v3/personal-access-tokens/${token.id}`, undefined, 204));
  return { authorization: `Bearer ${token.token}` };
}

/** The account of the run's admin token (public client operations name it). */
export async function accountIdOf(fixtures: Fixtures): Promise<string> {
  return (await fixtures.v3("GET", "/v3/account/signing-key")).accountId;
}

/** A suffix that keeps names, codes and fingerprints of parallel or repeated runs apart. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** A machine fingerprint of the documented minimum length, different on every call. */
export function fingerprint(): string {
  return unique().padEnd(64, "f");
}

/**
 * The cases `operationId` has by its place in the spec: 401 without a token and with one this server did not sign,
 * 403 with `lackingScope()` (secured operations); 413 for a body over 1 MiB (operations with a body); 429 and 500 as
 * injected faults. Each is sent as `request()`, which must be valid against the spec and change nothing even when
 * it is served (an unknown id, a body refused for a domain reason): a target without fault injection serves the
 * fault cases for real.
 */
export function sharedCases(
  client: ContractClient,
  operationId: string,
  request: () => ContractRequest,
  lackingScope?: () => Record<string, string>,
): void {
  const { operation } = client.operation(operationId);
  const documented = Object.keys(operation.responses ?? {});
  const scopes = ((operation.security ?? client.document.security ?? []) as Array<Record<string, string[]>>).flatMap((requirement) => Object.values(requirement).flat());
  if (documented.includes("401")) {
    it.each<[string, ContractRequest["auth"], string]>([
      ["without a token", "none", "TOKEN_MISSING"],
      ["with a token this server did not sign", { authorization: "Bearer not-a-token" }, "TOKEN_INVALID"],
    ])("401 %s", (_name, auth, code) => refused(client, operationId, { ...request(), auth }, 401, code));
  }
  if (documented.includes("403")) {
    if (!lackingScope) throw new Error(`${operationId} documents 403: give sharedCases a token lacking its scope`);
    it(`403 with a token lacking ${scopes.join(", ")}`, () => refused(client, operationId, { ...request(), auth: lackingScope() }, 403, "FORBIDDEN"));
  }
  if (documented.includes("413")) {
    it("413 for a body over 1 MiB", () => refused(client, operationId, { ...request(), body: undefined, rawBody: oversizedBody }, 413, "PAYLOAD_TOO_LARGE"));
  }
  it("429 and 500 where the target injects faults", async () => {
    await client.fault(operationId, request(), 429);
    await client.fault(operationId, request(), 500);
  });
}

/** Sends the request and expects `status` with the error `code`: the documented reason, not just any refusal. */
export async function refused(client: ContractClient, operationId: string, request: ContractRequest, status: number, code: string): Promise<void> {
  const body = await client.call(operationId, request, status);
  expect(body.code, `${operationId} answered ${status} ${body.code}`).toBe(code);
}
