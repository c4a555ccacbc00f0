import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transaction-runner';
import { KnowledgeEntryRow, KnowledgeVersionRow, OfficeValuesVersionRow } from './knowledge.entity';

/** The knowledge tables: entries (with their draft), published versions, office values versions. */
@Injectable()
export class KnowledgeRepository {
  countEntries(m: Tx): Promise<number> {
    return m.count(KnowledgeEntryRow);
  }

  listEntries(m: Tx): Promise<KnowledgeEntryRow[]> {
    return m.find(KnowledgeEntryRow, { order: { id: 'ASC' } });
  }

  findEntry(m: Tx, id: string): Promise<KnowledgeEntryRow | null> {
    return m.findOne(KnowledgeEntryRow, { where: { id } });
  }

  async insertEntry(m: Tx, row: KnowledgeEntryRow): Promise<void> {
    await m.insert(KnowledgeEntryRow, row);
  }

  async updateEntry(m: Tx, id: string, row: Partial<KnowledgeEntryRow>): Promise<void> {
    await m.update(KnowledgeEntryRow, { id }, row);
  }

  async insertVersion(m: Tx, row: KnowledgeVersionRow): Promise<void> {
    await m.insert(KnowledgeVersionRow, row);
  }

  findVersion(m: Tx, entryId: string, version: number): Promise<KnowledgeVersionRow | null> {
    return m.findOne(KnowledgeVersionRow, { where: { entryId, version } });
  }

  listVersions(m: Tx, entryId: string): Promise<KnowledgeVersionRow[]> {
    return m.find(KnowledgeVersionRow, { where: { entryId }, order: { version: 'DESC' } });
  }

  /** The content citizens get: each entry's published version. */
  async publishedContents(m: Tx): Promise<string[]> {
    const rows = await m
      .createQueryBuilder(KnowledgeVersionRow, 'v')
      .innerJoin(KnowledgeEntryRow, 'e', 'e.id = v.entry_id AND e.published_version = v.version')
      .select('v.content', 'content')
      .orderBy('v.entry_id', 'ASC')
      .getRawMany<{ content: string }>();
    return rows.map((r) => r.content);
  }

  /** Every version's content and every draft: all that may show a picture, now or after a rollback. */
  async everyContent(m: Tx): Promise<string[]> {
    const versions = await m.createQueryBuilder(KnowledgeVersionRow, 'v').select('v.content', 'content').getRawMany<{ content: string }>();
    const drafts = await m.createQueryBuilder(KnowledgeEntryRow, 'e').select('e.draft', 'draft').where('e.draft IS NOT NULL').getRawMany<{ draft: string }>();
    return [...versions.map((r) => r.content), ...drafts.map((r) => r.draft)];
  }

  latestOfficeValues(m: Tx): Promise<OfficeValuesVersionRow | null> {
    return m.findOne(OfficeValuesVersionRow, { where: {}, order: { version: 'DESC' } });
  }

  findOfficeValues(m: Tx, version: number): Promise<OfficeValuesVersionRow | null> {
    return m.findOne(OfficeValuesVersionRow, { where: { version } });
  }

  listOfficeValues(m: Tx): Promise<OfficeValuesVersionRow[]> {
    return m.find(OfficeValuesVersionRow, { order: { version: 'DESC' }, take: 100 });
  }

  async insertOfficeValues(m: Tx, row: OfficeValuesVersionRow): Promise<void> {
    await m.insert(OfficeValuesVersionRow, row);
  }
}
