import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { sqliteConnection, type SqliteStatement } from './sqlite-connection';

/** Equality on each listed property; `{ not: v }` for "is not v". */
export type Where<T> = { [K in keyof T]?: T[K] | { not: T[K] } };

/**
 * Single-row statements for the per-message hot path (find by key, insert,
 * update by key). TypeORM's query builder costs more CPU than SQLite itself
 * for these; here the SQL text is built once per shape and, on SQLite,
 * prepared once. Values go through the driver's own conversion
 * (preparePersistentValue / prepareHydratedValue), so rows read and written
 * here are the same as TypeORM's. Runs on the manager's connection, hence
 * inside its transaction when there is one.
 */
@Injectable()
export class EntityStatements {
  private readonly sqlite: boolean;
  private readonly sqlCache = new Map<string, string>();
  private readonly stmtCache = new Map<string, SqliteStatement>();

  constructor(private readonly ds: DataSource) {
    this.sqlite = ds.options.type !== 'postgres';
  }

  /**
   * `fixed`: conditions whose values are constants of the code (string or number), written into
   * the SQL text instead of bound. SQLite can use a partial index only when it sees that the
   * query implies the index's WHERE; with a bound parameter it re-prepares the statement on
   * every run to find out (~6× the cost of the whole look-up).
   */
  async findOne<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, where: Where<T>, fixed: Where<T> = {}): Promise<T | null> {
    const meta = this.ds.getMetadata(target);
    const sql = this.sql(`s|${meta.name}|${shapeOf(where)}|${JSON.stringify(fixed)}`, () => {
      const cols = meta.columns.map((c) => this.q(c.databaseName)).join(', ');
      const conditions = [this.conditions(meta, where, 1), ...this.literalConditions(meta, fixed)].filter(Boolean).join(' AND ');
      return `SELECT ${cols} FROM ${this.table(meta)} WHERE ${conditions} LIMIT 1`;
    });
    const rows = await this.select(m, sql, this.whereParams(meta, where));
    return rows.length ? this.hydrate(meta, rows[0]) : null;
  }

  async insert<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, entity: T): Promise<void> {
    const meta = this.ds.getMetadata(target);
    const cols = meta.columns.filter((c) => c.getEntityValue(entity) !== undefined);
    const sql = this.sql(`i|${meta.name}|${cols.map((c) => c.propertyName).join(',')}`, () => {
      const names = cols.map((c) => this.q(c.databaseName)).join(', ');
      const marks = cols.map((_, i) => this.mark(i + 1)).join(', ');
      return `INSERT INTO ${this.table(meta)} (${names}) VALUES (${marks})`;
    });
    await this.run(
      m,
      sql,
      cols.map((c) => this.persistent(c, c.getEntityValue(entity))),
    );
  }

  /** Returns the number of rows changed. */
  async update<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, where: Where<T>, set: Partial<T>): Promise<number> {
    const meta = this.ds.getMetadata(target);
    const setCols = Object.keys(set)
      .filter((k) => set[k] !== undefined)
      .map((k) => column(meta, k));
    // Like TypeORM's UpdateValuesMissingError: an UPDATE with nothing to set is a caller's mistake.
    if (!setCols.length) throw new Error(`update of ${meta.name} with no values to set`);
    const sql = this.sql(`u|${meta.name}|${setCols.map((c) => c.propertyName).join(',')}|${shapeOf(where)}`, () => {
      const assignments = setCols.map((c, i) => `${this.q(c.databaseName)} = ${this.mark(i + 1)}`).join(', ');
      return `UPDATE ${this.table(meta)} SET ${assignments} WHERE ${this.conditions(meta, where, setCols.length + 1)}`;
    });
    const params = [...setCols.map((c) => this.persistent(c, set[c.propertyName as keyof T])), ...this.whereParams(meta, where)];
    return this.run(m, sql, params);
  }

  private conditions<T>(meta: EntityMetadata, where: Where<T>, firstMark: number): string {
    let n = firstMark;
    return (Object.keys(where) as (keyof T & string)[])
      .map((k) => {
        const c = column(meta, k);
        const v = where[k];
        if (v === null) return `${this.q(c.databaseName)} IS NULL`;
        if (isNot(v) && v.not === null) return `${this.q(c.databaseName)} IS NOT NULL`;
        return `${this.q(c.databaseName)} ${isNot(v) ? '<>' : '='} ${this.mark(n++)}`;
      })
      .join(' AND ');
  }

  private literalConditions<T>(meta: EntityMetadata, fixed: Where<T>): string[] {
    return (Object.keys(fixed) as (keyof T & string)[]).map((k) => {
      const v = fixed[k];
      const value = isNot(v) ? v.not : v;
      if (typeof value === 'number' && Number.isFinite(value)) return `${this.q(column(meta, k).databaseName)} ${isNot(v) ? '<>' : '='} ${value}`;
      if (typeof value !== 'string') throw new Error(`fixed condition on ${meta.name}.${k} must be a string or number constant`);
      return `${this.q(column(meta, k).databaseName)} ${isNot(v) ? '<>' : '='} '${value.replace(/'/g, "''")}'`;
    });
  }

  private whereParams<T>(meta: EntityMetadata, where: Where<T>): unknown[] {
    const out: unknown[] = [];
    for (const k of Object.keys(where) as (keyof T & string)[]) {
      const v = where[k];
      if (v === null || (isNot(v) && v.not === null)) continue;
      out.push(this.persistent(column(meta, k), isNot(v) ? v.not : v));
    }
    return out;
  }

  /** The driver's own conversion: on SQLite it already turns Dates into strings and booleans into 1/0. */
  private persistent(c: ColumnMetadata, value: unknown): unknown {
    return this.ds.driver.preparePersistentValue(value, c);
  }

  private hydrate<T extends ObjectLiteral>(meta: EntityMetadata, row: Record<string, unknown>): T {
    const entity = meta.create() as T;
    for (const c of meta.columns) c.setEntityValue(entity, this.ds.driver.prepareHydratedValue(row[c.databaseName], c));
    return entity;
  }

  private sql(key: string, build: () => string): string {
    let s = this.sqlCache.get(key);
    if (!s) this.sqlCache.set(key, (s = build()));
    return s;
  }

  private q(name: string): string {
    return `"${name}"`;
  }

  /** "schema"."table" on PostgreSQL with DATABASE_SCHEMA: each part quoted on its own. */
  private table(meta: EntityMetadata): string {
    return meta.tablePath
      .split('.')
      .map((p) => this.q(p))
      .join('.');
  }

  private mark(n: number): string {
    return this.sqlite ? '?' : `$${n}`;
  }

  private async select(m: EntityManager, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    if (this.sqlite) return this.statement(sql).all(...params);
    return (await this.onRunner(m, (r) => r.query(sql, params, true))).records;
  }

  private async run(m: EntityManager, sql: string, params: unknown[]): Promise<number> {
    if (this.sqlite) return this.statement(sql).run(...params).changes;
    return (await this.onRunner(m, (r) => r.query(sql, params, true))).affected ?? 0;
  }

  /** better-sqlite3 gives TypeORM one connection, so this is the transaction's connection too. */
  private statement(sql: string): SqliteStatement {
    let stmt = this.stmtCache.get(sql);
    if (!stmt) {
      this.stmtCache.set(sql, (stmt = sqliteConnection(this.ds).prepare(sql)));
    }
    return stmt;
  }

  private async onRunner<R>(m: EntityManager, work: (r: QueryRunner) => Promise<R>): Promise<R> {
    if (m.queryRunner) return work(m.queryRunner);
    const r = this.ds.createQueryRunner();
    try {
      return await work(r);
    } finally {
      await r.release();
    }
  }
}

/** The WHERE clause's shape: which properties, negated or not, compared with NULL or a value. */
function shapeOf(where: Record<string, unknown>): string {
  return Object.keys(where)
    .map((k) => {
      const v = where[k];
      const not = isNot(v);
      const isNull = not ? v.not === null : v === null;
      return `${not ? '!' : ''}${k}${isNull ? '=null' : ''}`;
    })
    .join(',');
}

function isNot(v: unknown): v is { not: unknown } {
  return typeof v === 'object' && v !== null && !(v instanceof Date) && !Array.isArray(v) && 'not' in v;
}

function column(meta: EntityMetadata, property: string): ColumnMetadata {
  const c = meta.findColumnWithPropertyName(property);
  if (!c) throw new Error(`${meta.name} has no column ${property}`);
  return c;
}
