import type { Middleware, ParameterizedContext } from "koa";
import { DomainError } from "../core/errors.js";
import { verifyAccessToken, type Core } from "../core/index.js";
import type { BoundOperation } from "../http/bind-operations.js";

/** Who is calling a protected v3 operation. */
export interface V3Auth {
  accountId: string;
  tokenId: string;
  scopes: string[];
}

/**
 * The guard of one operation, derived from its `security` in the spec: public operations pass;
 * protected ones need a valid, unrevoked personal access token (401) that carries the scope (403).
 */
export function v3Guard(core: Core) {
  return (operation: BoundOperation): Middleware => {
    const required = operation.security.flatMap((requirement) => requirement.bearerAuth ?? []);
    if (operation.security.length === 0) return (_ctx, next) => next();
    return async (ctx, next) => {
      const token = bearerToken(ctx.get("authorization"));
      const auth: V3Auth = await verifyAccessToken(core, token);
      const missing = required.filter((scope) => !auth.scopes.includes(scope));
      if (missing.length > 0) throw new DomainError("FORBIDDEN", { missing }, `This token lacks the scope ${missing.join(", ")}.`);
      ctx.state.auth = auth;
      await next();
    };
  };
}

function bearerToken(header: string): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new DomainError("TOKEN_MISSING", undefined, "Send a personal access token as `Authorization: Bearer <token>`.");
  return match[1]!;
}

/** The rate-limit bucket of a verified caller: its access token (public operations have none). */
export function v3CredentialBucket(ctx: ParameterizedContext): string | undefined {
  const auth = ctx.state.auth as V3Auth | undefined;
  return auth && `v3:token:${auth.tokenId}`;
}
