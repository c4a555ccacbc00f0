import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { Mutex } from '../common/mutex';
import { isConnectionLost, isRetryableDbError } from './db-errors';
import { sqliteConnection, type SqliteConnection, type SqliteStatement } from './sqlite-connection';

interface Unit {
  work: (m: EntityManager) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  attempt: number;
}

interface UnitSavepoint {
  begin: SqliteStatement;
  release: SqliteStatement;
  rollback: SqliteStatement;
}

/** Most units a group commit takes at once, so one slow unit delays few others. */
const MAX_GROUP = 32;

/**
 * Runs a unit of work in one transaction. Lock contention between processes
 * (SQLITE_BUSY) and PostgreSQL serialization failures are retried.
 *
 * On SQLite, better-sqlite3 gives TypeORM a single connection per process,
 * so units take turns. Units that queue up while one group runs are
 * committed together in the next (group commit): each runs in a savepoint of
 * one transaction, a failing unit rolls back only its own savepoint, and
 * every caller hears of its result only after the COMMIT. One COMMIT (one
 * WAL write) for many units is where SQLite spends most of a small
 * transaction's time.
 */
@Injectable()
export class TransactionRunner {
  private readonly sqliteLock = new Mutex();
  private readonly isSqlite: boolean;
  private waiting: Unit[] = [];
  /** Per better-sqlite3 connection object: a data source destroyed and opened again gets new statements. */
  private readonly savepointStatements = new WeakMap<object, UnitSavepoint>();

  constructor(private readonly ds: DataSource) {
    this.isSqlite = ds.options.type !== 'postgres';
  }

  async run<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    if (this.isSqlite) return new Promise<T>((resolve, reject) => this.enqueue({ work, resolve: resolve as (v: unknown) => void, reject, attempt: 1 }));
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ds.transaction(work);
      } catch (err) {
        if (!isRetryableDbError(err) || attempt >= 8) throw err;
        await backoff(attempt);
      }
    }
  }

  /**
   * Like `run`, for work that may safely run twice (a conditional UPDATE): also retried when the
   * connection is lost (server restart, terminated backend), where the first attempt may or may
   * not have committed — for ~10 s, long enough for a pool to reconnect after a restart.
   */
  async runIdempotent<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.run(work);
      } catch (err) {
        if (!isConnectionLost(err) || attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, Math.min(1000, 50 * attempt)));
      }
    }
  }

  /** For reads outside a transaction. */
  get manager(): EntityManager {
    return this.ds.manager;
  }

  /**
   * A read outside a transaction, with the handle repositories take. On SQLite it waits its turn
   * on the single connection; services and repositories use this instead of `exclusive` + `manager`.
   */
  read<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.exclusive(() => work(this.ds.manager));
  }

  /** Serialises plain reads/writes with transactions on SQLite; a no-op wrapper on PostgreSQL. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.isSqlite ? this.sqliteLock.run(work) : work();
  }

  /**
   * Each unit's savepoint as three prepared statements straight on better-sqlite3's connection
   * (the one TypeORM's runner uses): TypeORM's query path costs more CPU than SQLite's work for
   * these, twice per unit. TypeORM's own nesting inside a unit (typeorm_N) still works: its depth
   * is untouched, and the names differ.
   */
  private unitSavepoint(db: SqliteConnection): UnitSavepoint {
    let sp = this.savepointStatements.get(db);
    if (!sp) {
      sp = { begin: db.prepare('SAVEPOINT group_unit'), release: db.prepare('RELEASE group_unit'), rollback: db.prepare('ROLLBACK TO group_unit') };
      this.savepointStatements.set(db, sp);
    }
    return sp;
  }

  private enqueue(u: Unit): void {
    this.waiting.push(u);
    // The first unit of a group books the group's turn on the lock; later ones ride along.
    if (this.waiting.length === 1) void this.sqliteLock.run(() => this.commitGroup());
  }

  private async commitGroup(): Promise<void> {
    const group = this.waiting.splice(0, MAX_GROUP);
    if (this.waiting.length) void this.sqliteLock.run(() => this.commitGroup());
    const outcomes: { ok: boolean; value: unknown }[] = [];
    const runner = this.ds.createQueryRunner();
    try {
      await runner.startTransaction();
      try {
        if (group.length === 1) {
          // Alone in its group: the transaction itself is the unit's, no savepoint needed.
          outcomes.push(await settle(group[0], runner.manager));
          if (!outcomes[0].ok) {
            await inFlightLanded();
            throw outcomes[0].value;
          }
        } else {
          const db = sqliteConnection(this.ds);
          const sp = this.unitSavepoint(db);
          for (const u of group) {
            sp.begin.run();
            const o = await settle(u, runner.manager);
            outcomes.push(o);
            if (!o.ok) await inFlightLanded();
            // SQLite ended the transaction itself (FULL, IOERR, some BUSY): every unit's writes are gone, and
            // the group fails with the cause, so that a retryable one is retried (the savepoint rollback's
            // "no such savepoint" would hide it).
            if (!db.inTransaction) throw o.ok ? new Error('the group transaction ended inside a unit') : o.value;
            if (!o.ok) sp.rollback.run();
            sp.release.run();
          }
        }
        await runner.commitTransaction();
      } catch (err) {
        await abandon(runner);
        // Nothing of this group is stored: every unit fails with the group's error (and may be retried);
        // a lone unit keeps its own error.
        outcomes.splice(0, outcomes.length, ...group.map(() => ({ ok: false, value: err })));
      }
    } finally {
      await runner.release();
    }
    group.forEach((u, i) => {
      const o = outcomes[i];
      if (o.ok) return u.resolve(o.value);
      if (!isRetryableDbError(o.value) || u.attempt >= 8) return u.reject(o.value);
      void backoff(u.attempt).then(() => this.enqueue({ ...u, attempt: u.attempt + 1 }));
    });
  }
}

async function settle(u: Unit, m: EntityManager): Promise<{ ok: boolean; value: unknown }> {
  try {
    return { ok: true, value: await u.work(m) };
  } catch (err) {
    return { ok: false, value: err };
  }
}

/**
 * A unit that rejects may still have writes on their way (Promise.all rejects on the first failure
 * while its siblings run): better-sqlite3 is synchronous, so they land within a few microtask turns.
 * One macrotask turn lets them land inside the unit's savepoint or transaction before it is rolled
 * back; after the rollback they would be committed with the group (or on their own, outside any).
 */
const inFlightLanded = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Rolls the whole group back, even when SQLite has already ended the
 * transaction itself (FULL, IOERR, some BUSY) and a savepoint rollback
 * failed half-way: better-sqlite3 has one query runner per process, and a
 * runner left believing it is inside a transaction would spoil every later one.
 */
async function abandon(runner: QueryRunner): Promise<void> {
  await runner.query('ROLLBACK').catch(() => undefined); // "no transaction is active" is fine
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = false;
  state.transactionDepth = 0;
}

const backoff = (attempt: number): Promise<void> => new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 30));

/**
 * The handle of one unit of work (a transaction, or a plain read from `read`). Services only pass
 * it from TransactionRunner to repositories; every query on it lives in a `*.repository.ts`.
 */
export type Tx = EntityManager;
