import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Contact } from '../../../src/schema/contact.entity';
import { dataSourceOptions, initializeDataSource } from '../../../src/database/data-source';
import { ENTITIES } from '../../../src/entities';
import { TransactionRunner } from '../../../src/database/transaction-runner';

/** Group commit on SQLite: units that queue up together share one COMMIT, but not each other's failures. */
describe('TransactionRunner on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tx-runner-'));
  let ds: DataSource;
  let tx: TransactionRunner;
  /** A second connection, as another process would have: it sees only committed rows. */
  let otherDs: DataSource;
  let other: { prepare(sql: string): { get(...params: unknown[]): unknown } };

  beforeAll(async () => {
    ds = await initializeDataSource(dataSourceOptions({ DATABASE_URL: undefined, DATABASE_SCHEMA: undefined, dataDir: dir }, ENTITIES));
    tx = new TransactionRunner(ds);
    otherDs = await new DataSource(dataSourceOptions({ DATABASE_URL: undefined, DATABASE_SCHEMA: undefined, dataDir: dir }, ENTITIES)).initialize();
    // better-sqlite3's own handle, read synchronously: what it sees is committed at the moment of asking.
    other = (otherDs.driver as unknown as { databaseConnection: typeof other }).databaseConnection;
  });

  afterAll(async () => {
    await otherDs?.destroy();
    await ds?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const contact = (id: string): Contact =>
    Object.assign(new Contact(), { id, name: id, phone: null, email: null, mergedIntoId: null, createdAt: new Date(), updatedAt: new Date() });
  const committed = (id: string): boolean => !!other.prepare('SELECT 1 FROM contacts WHERE id = ?').get(id);

  it('commits each unit before its caller hears of it, and a failing unit loses only its own writes', async () => {
    const seenOnResolve = new Map<string, boolean>();
    const ids = Array.from({ length: 20 }, (_, i) => `c-${i}`);
    const results = await Promise.allSettled(
      ids.map((id, i) =>
        tx
          .run(async (m) => {
            await m.insert(Contact, contact(id));
            // A second write in the same unit: both or neither must survive.
            await m.update(Contact, { id }, { email: `${id}@example.test` });
            if (i % 7 === 3) throw new Error(`unit ${id} refused`);
            return id;
          })
          .then((v) => {
            seenOnResolve.set(id, committed(id));
            return v;
          }),
      ),
    );
    ids.forEach((id, i) => {
      const r = results[i];
      if (i % 7 === 3) {
        expect(r).toEqual({ status: 'rejected', reason: new Error(`unit ${id} refused`) });
        expect(committed(id)).toBe(false);
      } else {
        expect(r).toEqual({ status: 'fulfilled', value: id });
        expect(seenOnResolve.get(id)).toBe(true);
        expect(other.prepare('SELECT email FROM contacts WHERE id = ?').get(id)).toEqual({ email: `${id}@example.test` });
      }
    });
  });

  it('keeps a unit that fails on a constraint from spoiling the others in its group', async () => {
    await tx.run((m) => m.insert(Contact, contact('dup')));
    const [a, b, c] = await Promise.allSettled([
      tx.run((m) => m.insert(Contact, contact('before-dup'))),
      tx.run((m) => m.insert(Contact, contact('dup'))),
      tx.run((m) => m.insert(Contact, contact('after-dup'))),
    ]);
    expect(a.status).toBe('fulfilled');
    expect(b.status).toBe('rejected');
    expect((b as PromiseRejectedResult).reason.message).toMatch(/UNIQUE/);
    expect(c.status).toBe('fulfilled');
    expect(['before-dup', 'after-dup'].map(committed)).toEqual([true, true]);
  });

  it('lets a plain read take its turn between groups without waiting forever', async () => {
    const before = await tx.exclusive(() => tx.manager.count(Contact));
    const writes = Array.from({ length: 10 }, (_, i) => tx.run((m) => m.insert(Contact, contact(`r-${i}`))));
    const during = await tx.exclusive(() => tx.manager.count(Contact));
    await Promise.all(writes);
    // The read ran between whole groups: it saw all of the ten or none.
    expect([before, before + 10]).toContain(during);
    expect(await tx.exclusive(() => tx.manager.count(Contact))).toBe(before + 10);
  });

  it('recovers when SQLite ends a group transaction under it', async () => {
    // What SQLite does itself on FULL or IOERR: the transaction is gone, savepoints and all.
    const broken = tx.run(async (m) => {
      await m.insert(Contact, contact('lost'));
      await m.query('ROLLBACK');
    });
    const sameGroup = tx.run((m) => m.insert(Contact, contact('lost-too')));
    await expect(broken).rejects.toThrow();
    await expect(sameGroup).rejects.toThrow();
    expect(['lost', 'lost-too'].map(committed)).toEqual([false, false]);
    // better-sqlite3 has one query runner per process: it must not believe it is still in a transaction.
    expect(ds.createQueryRunner().isTransactionActive).toBe(false);
    // The next transactions start clean.
    await tx.run((m) => m.insert(Contact, contact('after-loss')));
    expect(committed('after-loss')).toBe(true);
  });
});
