import type { DataSource } from 'typeorm';

export interface SqliteStatement {
  all(...params: unknown[]): Record<string, unknown>[];
  run(...params: unknown[]): { changes: number };
}

export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  /** False once SQLite has ended the transaction itself (FULL, IOERR, some BUSY). */
  readonly inTransaction: boolean;
}

/**
 * better-sqlite3's own handle under a SQLite data source: TypeORM gives it one
 * connection per process, so this is also the connection of its transaction.
 * The object changes when the data source is destroyed and opened again.
 */
export function sqliteConnection(ds: DataSource): SqliteConnection {
  return (ds.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
}
