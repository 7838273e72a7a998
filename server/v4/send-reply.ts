import type { ParameterizedContext } from "koa";
import { followRefs, listOperations, resolvePointer, type OpenApiDocument } from "../../client/spec-document.js";
import { getAccountSigningKey, type Core } from "../core/index.js";
import type { BoundOperation } from "../http/bind-operations.js";
import type { Reply } from "../http/handler.js";
import { signBody } from "./sign-response.js";

/** The operations whose 200 answer documents the `LicenseSignature` header (the SDKs refuse it unsigned). */
export function signedOperationIds(document: OpenApiDocument): Set<string> {
  const signed = listOperations(document).filter((op) => {
    const response = resolvePointer(document, followRefs(document, `${op.pointer}/responses/200`)) as { headers?: Record<string, unknown> } | undefined;
    return Boolean(response?.headers && "LicenseSignature" in response.headers);
  });
  return new Set(signed.map((op) => String(op.operation.operationId)));
}

/**
 * Writes a v4 reply. Objects go out as the compact JSON bytes that were signed (the SDKs verify `LicenseSignature`
 * over them); fixed texts (`license_deactivated`, …) as text/plain, or as a JSON string when the client prefers JSON.
 */
export function v4ReplySender(core: Core, signed: Set<string>) {
  return async (ctx: ParameterizedContext, reply: Reply, operation: BoundOperation): Promise<void> => {
    ctx.status = reply.status;
    for (const [name, value] of Object.entries(reply.headers ?? {})) ctx.set(name, value);
    if (typeof reply.body === "string") return sendText(ctx, reply.body);
    const accountId = (ctx.state.auth as { accountId?: string } | undefined)?.accountId;
    if (signed.has(operation.operationId) && accountId) {
      const { bytes, signature } = await signBody(await getAccountSigningKey(core, accountId), reply.body);
      ctx.set("LicenseSignature", signature);
      ctx.type = "application/json";
      ctx.body = bytes;
      return;
    }
    ctx.body = reply.body;
  };
}

function sendText(ctx: ParameterizedContext, text: string) {
  if (ctx.accepts("text/plain", "application/json") === "application/json") {
    ctx.type = "application/json";
    ctx.body = JSON.stringify(text);
  } else {
    ctx.type = "text/plain";
    ctx.body = text;
  }
}
