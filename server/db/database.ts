/**
 * Transactions and locks: the only place that knows how each engine isolates concurrent writers.
 * SQLite: one in-process mutex around every transaction and read (TypeORM's better-sqlite3 driver shares ONE
 * query runner, so concurrent transactions would collide and reads would see uncommitted rows), and write
 * transactions begin IMMEDIATE. PostgreSQL: real READ COMMITTED transactions and `SELECT … FOR UPDATE`.
 * Inside `atomically`, every transaction and read joins the enclosing transaction (transactions as savepoints).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { QueryFailedError, type DataSource, type EntityManager } from "typeorm";
import { engineOf, type Engine } from "./data-source.js";
import {
  CustomerEntity, IdempotencyKeyEntity, LicenseEntity, WebhookAttemptEntity,
  type CustomerRow, type IdempotencyKeyRow, type LicenseRow, type WebhookAttemptRow,
} from "./entities/index.js";
import { Mutex } from "./mutex.js";

/** A unique index refused a row (SQLite SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY, PostgreSQL 23505). */
export class UniqueViolation extends Error {
  override name = "UniqueViolation";
  constructor(readonly constraint: string | undefined, options?: { cause: unknown }) {
    super(`unique constraint violated${constraint ? `: ${constraint}` : ""}`, options);
  }
}

export class Database {
  readonly engine: Engine;
  private readonly mutex = new Mutex();
  /** The transaction of the `atomically` call the current async flow runs in, if any. */
  private readonly enclosing = new AsyncLocalStorage<EntityManager>();

  constructor(readonly dataSource: DataSource, url: string) {
    this.engine = engineOf(url);
    if (this.engine === "sqlite") beginImmediately(dataSource);
  }

  /**
   * Runs `work` in one transaction; unique violations come out as `UniqueViolation`. Inside `atomically` it is a
   * savepoint of the enclosing transaction: a failure undoes only its own work.
   */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const enclosing = this.enclosing.getStore();
    if (enclosing) return mapErrors(enclosing.transaction(work));
    // PostgreSQL: READ COMMITTED is each connection's default (data-source.ts), so no SET TRANSACTION round trip.
    const run = () => this.dataSource.transaction(work);
    return mapErrors(this.engine === "sqlite" ? this.mutex.run(run) : run());
  }

  /** Checks the database answers (readiness probe). */
  async ping(): Promise<void> {
    await this.read((tx) => tx.query("SELECT 1"));
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  /**
   * Runs `work` in one transaction that every `transaction` and `read` called from it joins, so a whole service call
   * commits or rolls back together with what `work` writes after it (an idempotency key's answer).
   */
  atomically<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.transaction((tx) => this.enclosing.run(tx, () => work(tx)));
  }

  /** Runs read-only `work` outside any transaction (serialised with writers on SQLite, see above), or in `atomically`'s. */
  read<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.autocommit(work);
  }

  /**
   * Runs statements that each commit on their own, without BEGIN/COMMIT round trips (an atomic upsert, say);
   * serialised with transactions on SQLite, whose one shared connection would otherwise pull them into another's.
   * Inside `atomically` they run in its transaction instead.
   */
  autocommit<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    const enclosing = this.enclosing.getStore();
    if (enclosing) return mapErrors(work(enclosing));
    const run = () => work(this.dataSource.manager);
    return mapErrors(this.engine === "sqlite" ? this.mutex.run(run) : run());
  }
}

/**
 * Locks the license row for the rest of the transaction and returns it fresh. PostgreSQL: `SELECT … FOR UPDATE`;
 * SQLite has no row locks (TypeORM throws LockNotSupportedOnGivenDriverError) but its write transactions are
 * already exclusive. This file is the ONLY place locks are written.
 */
export async function lockLicense(tx: EntityManager, id: string): Promise<LicenseRow | null> {
  const query = tx.getRepository(LicenseEntity).createQueryBuilder("license").where("license.id = :id", { id });
  if (tx.connection.options.type === "postgres") query.setLock("pessimistic_write");
  return query.getOne();
}

/**
 * A customer locked until the transaction ends (PostgreSQL; SQLite's write transactions are exclusive anyway):
 * `share` while a license or license user is linked to it, `update` to delete it, so a link and a deletion racing
 * each other are decided by the lock instead of failing on the foreign key.
 */
export async function lockCustomer(tx: EntityManager, accountId: string, id: string, mode: "share" | "update"): Promise<CustomerRow | null> {
  const query = tx.getRepository(CustomerEntity).createQueryBuilder("customer").where("customer.id = :id AND customer.accountId = :accountId", { id, accountId });
  if (tx.connection.options.type === "postgres") query.setLock(mode === "share" ? "pessimistic_read" : "pessimistic_write");
  return query.getOne();
}

/**
 * Locks up to `limit` webhook attempts that are due at `now`: queued ones whose time has come, and running ones whose
 * claim expired (their dispatcher died). PostgreSQL: `FOR UPDATE SKIP LOCKED`, so dispatchers in several processes
 * each take different rows and never wait on one another; SQLite: the write transaction is exclusive.
 */
export async function lockDueAttempts(tx: EntityManager, now: Date, limit: number): Promise<WebhookAttemptRow[]> {
  const query = tx
    .getRepository(WebhookAttemptEntity)
    .createQueryBuilder("attempt")
    .where("(attempt.status = 'queued' AND attempt.nextAttemptAt <= :now) OR (attempt.status = 'running' AND attempt.claimedUntil <= :now)", {
      now: now.toISOString(),
    })
    .orderBy("attempt.nextAttemptAt", "ASC")
    .limit(limit);
  if (tx.connection.options.type === "postgres") query.setLock("pessimistic_write").setOnLocked("skip_locked");
  return query.getMany();
}

/** Locks one webhook attempt for the rest of the transaction (PostgreSQL `FOR UPDATE`) and returns it fresh. */
export async function lockAttempt(tx: EntityManager, id: string): Promise<WebhookAttemptRow | null> {
  const query = tx.getRepository(WebhookAttemptEntity).createQueryBuilder("attempt").where("attempt.id = :id", { id });
  if (tx.connection.options.type === "postgres") query.setLock("pessimistic_write");
  return query.getOne();
}

/** Locks one idempotency key for the rest of the transaction (PostgreSQL `FOR UPDATE`) and returns it fresh. */
export async function lockIdempotencyKey(tx: EntityManager, scope: string, key: string): Promise<IdempotencyKeyRow | null> {
  const query = tx.getRepository(IdempotencyKeyEntity).createQueryBuilder("record").where("record.scope = :scope AND record.key = :key", { scope, key });
  if (tx.connection.options.type === "postgres") query.setLock("pessimistic_write");
  return query.getOne();
}

/**
 * Locks up to `limit` idempotency keys kept past their expiry. PostgreSQL: `FOR UPDATE SKIP LOCKED`, so purges in
 * parallel requests never wait on one another or on a key being taken over; SQLite: the write transaction is exclusive.
 */
export async function lockExpiredIdempotencyKeys(tx: EntityManager, now: Date, limit: number): Promise<IdempotencyKeyRow[]> {
  const query = tx
    .getRepository(IdempotencyKeyEntity)
    .createQueryBuilder("record")
    .where("record.expiresAt <= :now", { now: now.toISOString() })
    .limit(limit);
  if (tx.connection.options.type === "postgres") query.setLock("pessimistic_write").setOnLocked("skip_locked");
  return query.getMany();
}

export function isUniqueViolation(error: unknown): error is UniqueViolation {
  return error instanceof UniqueViolation;
}

async function mapErrors<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw toUniqueViolation(error) ?? error;
  }
}

function toUniqueViolation(error: unknown): UniqueViolation | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: string; constraint?: string; message?: string } | undefined;
  const code = driverError?.code;
  if (code === "23505") return new UniqueViolation(driverError?.constraint, { cause: error });
  if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
    return new UniqueViolation(driverError?.message, { cause: error });
  }
  return undefined;
}

/**
 * NOTE: a deferred SQLite transaction that reads then writes fails with SQLITE_BUSY at once, ignoring busy_timeout,
 * when another process wrote meanwhile; `BEGIN IMMEDIATE` takes the write lock up front (waiting up to
 * busy_timeout). TypeORM hard-codes `BEGIN TRANSACTION`, so the single shared query runner rewrites it.
 */
function beginImmediately(dataSource: DataSource): void {
  const runner = dataSource.createQueryRunner();
  const query = runner.query.bind(runner);
  runner.query = ((sql: string, ...rest: unknown[]) =>
    (query as (...args: unknown[]) => Promise<unknown>)(sql === "BEGIN TRANSACTION" ? "BEGIN IMMEDIATE" : sql, ...rest)) as typeof runner.query;
}
