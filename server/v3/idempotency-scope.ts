import { canonicalJson } from "../http/canonical-json.js";
import type { OperationInput } from "../http/request-validator.js";
import type { V3Context } from "./context.js";

/** The body fields by which a public client operation's caller proves who it is (license key, product, machine, …). */
const credentialFields = ["accountId", "productId", "key", "email", "password", "activationId", "fingerprint", "userHash", "offlineRequest"];

/**
 * Who may receive the replay of a v3 answer: the account of the access token; on public client operations, which
 * have no token, the credentials in the request (with the path) and the operation. So one caller's key never
 * replays another caller's answer, and callers choosing the same key do not collide.
 */
export function v3IdempotencyScope(operationId: string, input: OperationInput, context: V3Context): string {
  if (context.auth) return `account ${context.auth.accountId}`;
  const body = (input.body ?? {}) as Record<string, unknown>;
  const credentials = Object.fromEntries(credentialFields.filter((field) => field in body).map((field) => [field, body[field]]));
  return `public ${operationId} ${canonicalJson({ path: input.path, credentials })}`;
}
