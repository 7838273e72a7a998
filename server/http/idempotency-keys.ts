/**
 * The records behind `Idempotency-Key`: claiming a key (the unique index on scope and key decides who is first, in
 * every process sharing the database), keeping the answer a retry gets again, releasing a key after a failure, and
 * purging keys past their retention.
 */
import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import type { Core } from "../core/context.js";
import { IdempotencyKeyEntity, isUniqueViolation, lockExpiredIdempotencyKeys, lockIdempotencyKey, type IdempotencyKeyRow } from "../db/index.js";
import type { Reply } from "./handler.js";

/** One request carrying a key. */
export interface KeyedRequest {
  scope: string;
  key: string;
  requestHash: string;
}

export interface KeyTimes {
  /** How long a running request holds its key before another may take it over (its process may have died). */
  leaseMs: number;
  /** How long a key and its answer are kept. */
  retentionMs: number;
}

/** What a request with a key does: run the operation (holding `claim`), replay an answer, or be refused. */
export type KeyClaim =
  | { outcome: "run"; claim: HeldKey }
  | { outcome: "replay"; answer: Reply }
  | { outcome: "inUse" }
  | { outcome: "reused" };

/** A key this request holds: only it may record the answer or release the key. */
export interface HeldKey {
  id: string;
  claim: string;
}

/** Keys purged per claim of a new key: bounded, so no request pays for a large backlog. */
const purgeBatch = 100;

/** Claims the key for `request`, or says why not. */
export async function claimKey(core: Core, request: KeyedRequest, times: KeyTimes): Promise<KeyClaim> {
  const now = core.now();
  const row = freshRow(request, now, times);
  try {
    await core.db.transaction(async (tx) => {
      await tx.insert(IdempotencyKeyEntity, row);
      const expired = await lockExpiredIdempotencyKeys(tx, now, purgeBatch);
      if (expired.length) await tx.delete(IdempotencyKeyEntity, expired.map((old) => old.id));
    });
    return { outcome: "run", claim: { id: row.id, claim: row.claim } };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  try {
    return await claimTakenKey(core, request, times);
  } catch (error) {
    // Another request inserted the key after this one found it purged: that one runs.
    if (isUniqueViolation(error)) return { outcome: "inUse" };
    throw error;
  }
}

/** The key exists: replay its answer, refuse, or take it over when it expired or its holder's lease ran out. */
function claimTakenKey(core: Core, request: KeyedRequest, times: KeyTimes): Promise<KeyClaim> {
  return core.db.transaction(async (tx): Promise<KeyClaim> => {
    const now = core.now();
    const existing = await lockIdempotencyKey(tx, request.scope, request.key);
    const current = existing && existing.expiresAt > now ? existing : undefined;
    if (current && current.requestHash !== request.requestHash) return { outcome: "reused" };
    if (current?.state === "done") return { outcome: "replay", answer: storedAnswer(current) };
    if (current && current.lockedUntil > now) return { outcome: "inUse" };
    const row = { ...freshRow(request, now, times), ...(existing ? { id: existing.id } : {}) };
    if (existing) await tx.update(IdempotencyKeyEntity, { id: existing.id }, row);
    else await tx.insert(IdempotencyKeyEntity, row);
    return { outcome: "run", claim: { id: row.id, claim: row.claim } };
  });
}

/**
 * Keeps the answer for retries, in the transaction of the operation that produced it. False when the key is no
 * longer held (its lease ran out and another request took it over): the caller must then undo the operation.
 */
export async function keepAnswer(tx: EntityManager, held: HeldKey, answer: Reply): Promise<boolean> {
  const result = await tx.update(IdempotencyKeyEntity, held, {
    state: "done",
    responseStatus: answer.status,
    responseHeaders: answer.headers ?? {},
    responseBody: answer.body === undefined ? null : JSON.stringify(answer.body),
  });
  return result.affected === 1;
}

/** Frees the key after a failure the client should retry (5xx): the retry runs the operation again. */
export async function releaseKey(core: Core, held: HeldKey): Promise<void> {
  await core.db.transaction((tx) => tx.delete(IdempotencyKeyEntity, held));
}

function freshRow(request: KeyedRequest, now: Date, times: KeyTimes): IdempotencyKeyRow {
  return {
    id: randomUUID(), ...request, state: "running", claim: randomUUID(), lockedUntil: new Date(now.getTime() + times.leaseMs),
    responseStatus: null, responseHeaders: null, responseBody: null, createdAt: now, expiresAt: new Date(now.getTime() + times.retentionMs),
  };
}

function storedAnswer(row: IdempotencyKeyRow): Reply {
  return {
    status: row.responseStatus!,
    ...(row.responseBody === null ? {} : { body: JSON.parse(row.responseBody) }),
    headers: row.responseHeaders ?? {},
  };
}
