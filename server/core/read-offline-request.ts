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

/** Every member OfflineRequestPayload declares, checked as it says: the payload is stored, so nothing loose gets in. */
function isWellFormed(p: Partial<OfflineRequestPayload>): p is OfflineRequestPayload {
  const optional = p as Record<string, unknown>;
  return (
    (p.type === "activation" || p.type === "deactivation") && Number.isInteger(p.iat) && text(p.productId, 1, 256) &&
    text(p.fingerprint, 64, 1024) && operatingSystems.includes(p.os as OperatingSystem) && text(p.hostname, 1, 1024) &&
    text(p.userHash, 1, 256) && (p.key === undefined || text(p.key, 1, 256)) && (p.aid === undefined || text(p.aid, 1, 256)) &&
    optionalTexts.every((name) => optional[name] === undefined || text(optional[name], 0, 256)) &&
    (p.releasePublishedAt === undefined || isDateTime(p.releasePublishedAt)) &&
    (p.container === undefined || typeof p.container === "boolean") && (p.metadata === undefined || isMetadata(p.metadata))
  );
}

const optionalTexts = ["accountId", "osVersion", "vmName", "appVersion", "releaseVersion", "releaseChannel", "releasePlatform", "userId"];

/** A string of `min`..`max` characters without control characters. */
function text(value: unknown, min: number, max: number): value is string {
  return typeof value === "string" && value.length >= min && value.length <= max && !/[\x00-\x1F\x7F]/.test(value);
}

/** An RFC 3339 date-time (the `date-time` format), as stored. */
function isDateTime(value: unknown): boolean {
  return text(value, 1, 64) && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value));
}

/** ActivationMetadataInput[]: at most 50 `{key, value}` pairs of strings. */
function isMetadata(value: unknown): boolean {
  return Array.isArray(value) && value.length <= 50 && value.every(isMetadataEntry);
}

function isMetadataEntry(entry: unknown): boolean {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return false;
  const { key, value, ...rest } = entry as Record<string, unknown>;
  return Object.keys(rest).length === 0 && text(key, 1, 256) && typeof value === "string" && value.length <= 4096;
}
