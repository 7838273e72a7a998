import type { Middleware, ParameterizedContext } from "koa";
import { DomainError } from "../core/errors.js";
import type { Core } from "../core/index.js";
import { verifyOAuthToken } from "../core/oauth-clients.js";
import type { BoundOperation } from "../http/bind-operations.js";
import { WireError } from "../http/failures.js";
import { authenticateHmac } from "./auth-hmac.js";
import type { V4Auth } from "./context.js";

/**
 * The guard of one operation, from its `security` in the spec: public operations pass; protected ones accept an
 * OAuth bearer token (where the spec allows it) or the HMAC-signed `Date` + `Authorization` of an API key. A
 * read-only API key may call GET operations only.
 */
export function v4Guard(core: Core) {
  return (operation: BoundOperation): Middleware => {
    if (operation.security.length === 0) return (_ctx, next) => next();
    const oauthAllowed = operation.security.some((requirement) => "oauthBearer" in requirement);
    return async (ctx, next) => {
      const authorization = ctx.get("authorization");
      const bearer = /^Bearer\s+(\S*)\s*$/i.exec(authorization);
      ctx.state.auth = bearer && oauthAllowed ? await bearerAuth(core, bearer[1]!) : await hmacAuth(core, ctx.get("date"), authorization, operation);
      await next();
    };
  };
}

async function bearerAuth(core: Core, token: string): Promise<V4Auth> {
  if (!token) throw new DomainError("TOKEN_INVALID");
  const identity = await verifyOAuthToken(core, token);
  return { accountId: identity.accountId, credential: { kind: "oauth", clientId: identity.clientId, clientSecret: identity.clientSecret } };
}

async function hmacAuth(core: Core, date: string, authorization: string, operation: BoundOperation): Promise<V4Auth> {
  const identity = await authenticateHmac(core, { date: date || undefined, authorization: authorization || undefined });
  if (identity.readOnly && operation.method !== "GET") throw new WireError("read_only_api_key", "This API key is read-only.");
  return {
    accountId: identity.accountId,
    credential: { kind: "hmac", apiKey: identity.apiKey, sharedKey: identity.sharedKey, readOnly: identity.readOnly, productIds: identity.productIds },
  };
}

/** The rate-limit bucket of a verified caller: its API key or OAuth client (public operations have none). */
export function v4CredentialBucket(ctx: ParameterizedContext): string | undefined {
  const credential = (ctx.state.auth as V4Auth | undefined)?.credential;
  if (!credential) return undefined;
  return credential.kind === "hmac" ? `v4:key:${credential.apiKey}` : `v4:oauth:${credential.clientId}`;
}
