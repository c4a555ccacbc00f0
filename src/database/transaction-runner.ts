import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Mutex } from '../common/mutex';
import { isRetryableDbError } from './db-errors';

/**
 * Runs a unit of work in one transaction. better-sqlite3 gives TypeORM a
 * single connection per process, so concurrent transactions would interleave
 * on it: on SQLite they take turns. Lock contention between processes
 * (SQLITE_BUSY) and PostgreSQL serialization failures are retried.
 */
@Injectable()
export class TransactionRunner {
  private readonly sqliteLock = new Mutex();
  private readonly isSqlite: boolean;

  constructor(private readonly ds: DataSource) {
    this.isSqlite = ds.options.type !== 'postgres';
  }

  async run<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (this.isSqlite) return await this.sqliteLock.run(() => this.ds.transaction(work));
        return await this.ds.transaction(work);
      } catch (err) {
        if (!isRetryableDbError(err) || attempt >= 8) throw err;
        await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 30));
      }
    }
  }

  /** For reads outside a transaction. */
  get manager(): EntityManager {
    return this.ds.manager;
  }

  /** Serialises plain reads/writes with transactions on SQLite; a no-op wrapper on PostgreSQL. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.isSqlite ? this.sqliteLock.run(work) : work();
  }
}
