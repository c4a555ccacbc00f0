import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Contact } from '../../../src/schema/contact.entity';
import { dataSourceOptions, initializeDataSource } from '../../../src/database/data-source';
import { ENTITIES } from '../../../src/entities';
import { EntityStatements } from '../../../src/database/entity-statements';
import { ConversationsRepository } from '../../../src/conversations/conversations.repository';

describe('EntityStatements on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'entity-statements-'));
  let ds: DataSource;
  let rows: EntityStatements;

  beforeAll(async () => {
    ds = await initializeDataSource(dataSourceOptions({ DATABASE_URL: undefined, DATABASE_SCHEMA: undefined, dataDir: dir }, ENTITIES));
    rows = new EntityStatements(ds);
    const at = new Date('2026-11-28T08:00:00.000Z');
    for (const [id, mergedIntoId] of [
      ['a', null],
      ['b', 'a'],
    ] as const) {
      await rows.insert(
        ds.manager,
        Contact,
        Object.assign(new Contact(), { id, name: `n-${id}`, phone: null, email: null, mergedIntoId, createdAt: at, updatedAt: at }),
      );
    }
  });

  afterAll(async () => {
    await ds?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads back what it wrote, dates included', async () => {
    const b = await rows.findOne(ds.manager, Contact, { id: 'b' });
    expect(b).toBeInstanceOf(Contact);
    expect(b).toEqual(expect.objectContaining({ id: 'b', name: 'n-b', mergedIntoId: 'a', phone: null }));
    expect(b!.createdAt.toISOString()).toBe('2026-11-28T08:00:00.000Z');
  });

  it('keeps a property compared with a value apart from the same property compared with NULL', async () => {
    expect((await rows.findOne(ds.manager, Contact, { mergedIntoId: 'a' }))?.id).toBe('b');
    expect((await rows.findOne(ds.manager, Contact, { mergedIntoId: null }))?.id).toBe('a');
    expect((await rows.findOne(ds.manager, Contact, { mergedIntoId: { not: null } }))?.id).toBe('b');
    expect(await rows.findOne(ds.manager, Contact, { id: 'a', mergedIntoId: { not: 'a' } })).toBeNull(); // <> never matches NULL, as in SQL
    expect((await rows.findOne(ds.manager, Contact, { mergedIntoId: 'a' }))?.id).toBe('b');
  });

  it('updates by key, counts what it changed, and refuses an update with nothing to set', async () => {
    expect(await rows.update(ds.manager, Contact, { id: 'a', mergedIntoId: null }, { email: 'a@example.test' })).toBe(1);
    expect(await rows.update(ds.manager, Contact, { id: 'nobody' }, { email: 'x@example.test' })).toBe(0);
    await expect(rows.update(ds.manager, Contact, { id: 'a' }, { email: undefined })).rejects.toThrow(/no values to set/);
    expect((await rows.findOne(ds.manager, Contact, { id: 'a' }))?.email).toBe('a@example.test');
  });

  it('writes fixed conditions into the SQL as literals (quotes escaped) and refuses anything but a constant', async () => {
    expect((await rows.findOne(ds.manager, Contact, { mergedIntoId: 'a' }, { name: 'n-b' }))?.id).toBe('b');
    expect(await rows.findOne(ds.manager, Contact, { mergedIntoId: 'a' }, { name: { not: 'n-b' } })).toBeNull();
    // A quote in the constant is data, not SQL.
    expect(await rows.findOne(ds.manager, Contact, { id: 'b' }, { name: "n-b' OR '1'='1" })).toBeNull();
    await expect(rows.findOne(ds.manager, Contact, { id: 'b' }, { createdAt: new Date() })).rejects.toThrow(/string or number constant/);
  });

  it('looks up the active conversation with SQL that lets SQLite use its partial index (no re-planning per run)', async () => {
    await new ConversationsRepository(rows).findActiveForContact(ds.manager, 'nobody');
    const sql = [...(rows as unknown as { sqlCache: Map<string, string> }).sqlCache.values()].find((q) => q.includes('"conversations"'))!;
    expect(sql).toContain(`"status" <> 'resolved'`);
    const db = (ds.driver as unknown as { databaseConnection: { prepare(sql: string): { all(...p: unknown[]): { detail: string }[] } } }).databaseConnection;
    const [plan] = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('nobody');
    expect(plan.detail).toContain('uq_conversations_active_contact');
  });
});
