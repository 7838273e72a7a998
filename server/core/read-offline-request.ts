/**
 * Reading an `offlineRequest`: a compact JWS, HS256 keyed with the UTF-8 product id. The product is checked before
 * the signature (a request for another product is OFFLINE_REQUEST_PRODUCT_MISMATCH, not a bad signature).
 * @see openapi/v3.yaml components/schemas/OfflineRequestPayload
 */
import { compactVerify, decodeJwt, decodeProtectedHeader } from "jose";
import type { OperatingSystem } from "../db/index.js";
import type { ActivationRequest } from "./activate-machine.js";
import { DomainError } from "./errors.js";

export interface OfflineRequestPayload extends Omit<ActivationRequest, "key" | "accountId" | "ipAddress"> {
  type: "activation" | "deactivation";
  iat: number;
  aid?: string;
  key?: string;
  accountId?: string;
}

const operatingSystems: readonly OperatingSystem[] = ["windows", "linux", "macos", "android", "ios"];

/** Verifies `jws` for `productId` and operation `type`; INVALID_OFFLINE_REQUEST or OFFLINE_REQUEST_PRODUCT_MISMATCH. */
export async function readOfflineRequest(jws: string, productId: string, type: OfflineRequestPayload["type"]): Promise<OfflineRequestPayload> {
  const payload = decodeUnverified(jws);
  if (payload.productId !== productId) throw new DomainError("OFFLINE_REQUEST_PRODUCT_MISMATCH");
  try {
    await compactVerify(jws, new TextEncoder().encode(productId), { algorithms: ["HS256"] });
  } catch {
    throw new DomainError("INVALID_OFFLINE_REQUEST");
  }
  if (!isWellFormed(payload) || payload.type !== type || (type === "deactivation" && !payload.aid)) {
    throw new DomainError("INVALID_OFFLINE_REQUEST");
  }
  return payload;
}

function decodeUnverified(jws: string): Partial<OfflineRequestPayload> {
  try {
    if (decodeProtectedHeader(jws).alg !== "HS256") throw new Error("alg");
    return decodeJwt(jws) as Partial<OfflineRequestPayload>;
  } catch {
    throw new DomainError("INVALID_OFFLINE_REQUEST");
  }
}

function isWellFormed(p: Partial<OfflineRequestPayload>): p is OfflineRequestPayload {
  const text = (value: unknown, min: number, max: number) => typeof value === "string" && value.length >= min && value.length <= max;
  return (
    (p.type === "activation" || p.type === "deactivation") && Number.isInteger(p.iat) && text(p.productId, 1, 256) &&
    text(p.fingerprint, 64, 1024) && operatingSystems.includes(p.os as OperatingSystem) && text(p.hostname, 1, 1024) &&
    text(p.userHash, 1, 256) && (p.key === undefined || text(p.key, 1, 256)) && (p.metadata === undefined || Array.isArray(p.metadata))
  );
}
