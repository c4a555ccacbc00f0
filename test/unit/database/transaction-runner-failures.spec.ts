import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Contact } from '../../../src/schema/contact.entity';
import { dataSourceOptions, initializeDataSource } from '../../../src/database/data-source';
import { ENTITIES } from '../../../src/entities';
import { TransactionRunner } from '../../../src/database/transaction-runner';

interface Db {
  pragma(s: string, o?: { simple: boolean }): unknown;
  prepare(sql: string): { get(...p: unknown[]): unknown };
  inTransaction: boolean;
}

/** Group commit when a unit's failure is SQLite's own (it ended the transaction), nested TypeORM transactions, a reopened data source. */
describe('TransactionRunner on SQLite: failures that end the transaction', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tx-runner-f-'));
  let ds: DataSource;
  let tx: TransactionRunner;
  const db = (): Db => (ds.driver as unknown as { databaseConnection: Db }).databaseConnection;

  beforeAll(async () => {
    ds = await initializeDataSource(dataSourceOptions({ DATABASE_URL: undefined, DATABASE_SCHEMA: undefined, dataDir: dir }, ENTITIES));
    tx = new TransactionRunner(ds);
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const contact = (id: string, notes: string | null = null): Contact =>
    Object.assign(new Contact(), { id, name: id, phone: null, email: null, notes, mergedIntoId: null, createdAt: new Date(), updatedAt: new Date() });
  const committed = (id: string): boolean => !!db().prepare('SELECT 1 FROM contacts WHERE id = ?').get(id);
  const codeOf = (e: unknown): string | undefined =>
    (e as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (e as { code?: string }).code;

  /** A disk that is full: SQLite rolls the whole transaction back itself (db.inTransaction turns false). */
  async function withFullDisk<T>(fn: () => Promise<T>): Promise<T> {
    const pages = db().pragma('page_count', { simple: true }) as number;
    db().pragma(`max_page_count = ${pages + 2}`);
    try {
      return await fn();
    } finally {
      db().pragma('max_page_count = 1073741823');
    }
  }

  it('a lone unit that hits a full disk fails with SQLITE_FULL, and nothing of it is stored', async () => {
    const r = await withFullDisk(() => tx.run((m) => m.insert(Contact, contact('full-alone', 'x'.repeat(200_000)))).catch((e: unknown) => e));
    expect(codeOf(r)).toBe('SQLITE_FULL');
    expect(committed('full-alone')).toBe(false);
    expect(db().inTransaction).toBe(false);
  });

  it('a unit that hits a full disk inside a group fails with SQLITE_FULL too (its own error, not the savepoint rollback that follows)', async () => {
    const results = await withFullDisk(() =>
      Promise.allSettled([
        tx.run((m) => m.insert(Contact, contact('full-a'))),
        tx.run((m) => m.insert(Contact, contact('full-b', 'x'.repeat(200_000)))),
        tx.run((m) => m.insert(Contact, contact('full-c'))),
      ]),
    );
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    // The unit that filled the disk, and its neighbours whose writes SQLite threw away with it, hear the cause.
    expect(results.map((r) => codeOf((r as PromiseRejectedResult).reason))).toEqual(['SQLITE_FULL', 'SQLITE_FULL', 'SQLITE_FULL']);
    expect(['full-a', 'full-b', 'full-c'].map(committed)).toEqual([false, false, false]);
    await tx.run((m) => m.insert(Contact, contact('after-full')));
    expect(committed('after-full')).toBe(true);
  });

  it('when SQLite ends a group transaction with a retryable error, every unit of the group is retried and stored once', async () => {
    let attempts = 0;
    // What SQLite may do on SQLITE_BUSY: the transaction is rolled back, savepoints and all.
    const busy = tx.run(async (m) => {
      await m.insert(Contact, contact('busy-1'));
      if (++attempts === 1) {
        await m.query('ROLLBACK');
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      }
      return 'busy-1';
    });
    const neighbour = tx.run(async (m) => {
      await m.insert(Contact, contact('busy-2'));
      return 'busy-2';
    });
    await expect(Promise.all([busy, neighbour])).resolves.toEqual(['busy-1', 'busy-2']);
    expect(attempts).toBe(2);
    expect(['busy-1', 'busy-2'].map(committed)).toEqual([true, true]);
  });

  it('keeps TypeORM nested transactions (typeorm_N) inside units of a group and of a lone unit', async () => {
    const nested = (id: string, failInner: boolean) =>
      tx.run(async (m) => {
        await m.insert(Contact, contact(`${id}-outer`));
        await m
          .transaction(async (inner) => {
            await inner.insert(Contact, contact(`${id}-inner`));
            if (failInner) throw new Error('inner refused');
          })
          .catch(() => undefined);
        return id;
      });
    await expect(nested('lone', true)).resolves.toBe('lone');
    expect([committed('lone-outer'), committed('lone-inner')]).toEqual([true, false]);
    const group = await Promise.allSettled([nested('g1', false), nested('g2', true), tx.run(() => Promise.reject(new Error('refused'))), nested('g3', false)]);
    expect(group.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(['g1-outer', 'g1-inner', 'g2-outer', 'g2-inner', 'g3-outer', 'g3-inner'].map(committed)).toEqual([true, true, true, false, true, true]);
    const runner = ds.createQueryRunner() as unknown as { isTransactionActive: boolean; transactionDepth: number };
    expect([runner.isTransactionActive, runner.transactionDepth]).toEqual([false, 0]);
  });

  it('rolls back the writes a failing unit still had in flight when it rejected (Promise.all), alone and in a group', async () => {
    // Promise.all rejects on the first failure while the sibling write is still on its way: it must land
    // inside the unit's transaction or savepoint, not after the rollback (where it would be committed).
    const unit = (id: string) =>
      tx.run(async (m) => {
        await Promise.all([
          m.insert(Contact, contact('inflight-dup')),
          m.save(Contact, contact(`${id}-save`)),
          m.query('SELECT 1').then(() => m.insert(Contact, contact(`${id}-later`))),
        ]);
      });
    await tx.run((m) => m.insert(Contact, contact('inflight-dup')));
    await expect(unit('alone')).rejects.toThrow(/UNIQUE/);
    const group = await Promise.allSettled([unit('g1'), tx.run((m) => m.insert(Contact, contact('inflight-ok'))), unit('g2')]);
    expect(group.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'rejected']);
    await new Promise((r) => setTimeout(r, 50));
    expect(['alone-save', 'alone-later', 'g1-save', 'g1-later', 'g2-save', 'g2-later', 'inflight-ok'].map(committed)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it('prepares its savepoints again after the data source is destroyed and opened again', async () => {
    await Promise.all([tx.run((m) => m.insert(Contact, contact('before-reopen-1'))), tx.run((m) => m.insert(Contact, contact('before-reopen-2')))]);
    await ds.destroy();
    await ds.initialize();
    await expect(
      Promise.all([
        tx.run((m) => m.insert(Contact, contact('after-reopen-1')).then(() => 1)),
        tx.run((m) => m.insert(Contact, contact('after-reopen-2')).then(() => 2)),
      ]),
    ).resolves.toEqual([1, 2]);
    expect(['before-reopen-1', 'after-reopen-1', 'after-reopen-2'].map(committed)).toEqual([true, true, true]);
  });
});
