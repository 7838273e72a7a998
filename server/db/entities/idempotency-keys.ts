/** Idempotency keys of v3 POST requests: who holds each key, and the answer a retry gets again. */
import { EntitySchema } from "typeorm";
import { col } from "../columns.js";

export type IdempotencyKeyState = "running" | "done";

export interface IdempotencyKeyRow {
  id: string;
  /** SHA-256 of who may see the answer (an account, or a public operation's credentials); with `key`, unique. */
  scope: string;
  /** The `Idempotency-Key` as the client sent it. */
  key: string;
  /** SHA-256 of the operation, path, query and body: a retry must send the same request. */
  requestHash: string;
  state: IdempotencyKeyState;
  /** The request that holds (or held) the key; only it records the answer or releases the key. */
  claim: string;
  /** While `running`: the holder's lease; a key whose holder died is taken over after it. */
  lockedUntil: Date;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  /** The answer's body as JSON text (null when it had none). */
  responseBody: string | null;
  createdAt: Date;
  /** Kept until then (at least 24 hours after the first request), then purged. */
  expiresAt: Date;
}

export const IdempotencyKeyEntity = new EntitySchema<IdempotencyKeyRow>({
  name: "IdempotencyKey",
  tableName: "idempotency_keys",
  columns: {
    id: col.id(),
    scope: col.text(64),
    key: col.text(255),
    requestHash: col.text(64),
    state: col.text(16),
    claim: col.ref(),
    lockedUntil: col.date(),
    responseStatus: { type: "integer", nullable: true },
    responseHeaders: col.json(true),
    responseBody: col.longText(true),
    createdAt: col.date(),
    expiresAt: col.date(),
  },
});
