import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { createTwoFilesPatch } from 'diff';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../common/principal';
import { isUniqueViolation } from '../database/db-errors';
import { type Tx, TransactionRunner } from '../database/transaction-runner';
import { checkAgainst, ENTRY_ID, toMarkdown, type KbContent, type KbIssue, KnowledgeStore, validateEntryFields } from '../knowledge';
import type { KnowledgeEntryRow, KnowledgeVersionRow } from '../knowledge/knowledge.entity';
import { KnowledgeRepository } from '../knowledge/knowledge.repository';
import { KnowledgeAnnouncer } from './knowledge-announcer';

export type EntryStatus = 'draft' | 'published' | 'unpublished';

/** Who writes a version: an officer, or the file import (no account). */
type Author = Pick<Principal, 'name' | 'role'> & { id: string | null };

/** What `npm run kb:import` did with one file. */
export type ImportOutcome = 'created' | 'drafted' | 'published' | 'unchanged' | 'kept-draft';

/** JSON with sorted keys: the same content compares equal whichever code wrote it. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** 400 with every problem, each naming its field (Indonesian). */
export function invalid(issues: KbIssue[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `Entri tidak valid — ${issues
      .slice(0, 3)
      .map((i) => i.id)
      .join('; ')}`,
    issues: issues.map((i) => ({ path: i.field, message: i.id })),
  });
}

const statusOf = (r: KnowledgeEntryRow): EntryStatus => (r.publishedVersion ? 'published' : r.latestVersion > 0 ? 'unpublished' : 'draft');

/** The content as the files and the API carry it (answer_en → answerEn, no empty optionals). */
function render(c: KbContent) {
  return { ...c, answerEn: c.answerEn ?? undefined };
}

/**
 * Drafts, publication, versions and rollback of knowledge-base entries. A
 * draft is never what citizens get: the bot reads only published versions
 * (KnowledgeStore.published), and every publication is announced to every
 * process (KnowledgeAnnouncer).
 */
@Injectable()
export class KnowledgeEditorService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: KnowledgeRepository,
    private readonly store: KnowledgeStore,
    private readonly audit: AuditService,
    private readonly announcer: KnowledgeAnnouncer,
  ) {}

  async list() {
    const rows = await this.tx.read((m) => this.repo.listEntries(m));
    return rows.map((r) => ({ id: r.id, title: r.title, status: statusOf(r), version: r.publishedVersion, draft: r.draft !== null }));
  }

  async get(id: string) {
    return this.tx.read(async (m) => {
      const row = await this.require(m, id);
      const published = row.publishedVersion ? await this.repo.findVersion(m, id, row.publishedVersion) : null;
      const latest = !published && row.latestVersion ? await this.repo.findVersion(m, id, row.latestVersion) : null;
      const base = published ?? latest;
      return {
        id,
        title: row.title,
        status: statusOf(row),
        version: row.publishedVersion,
        latestVersion: row.latestVersion,
        draft: row.draft ? render(JSON.parse(row.draft) as KbContent) : null,
        published: base ? render(JSON.parse(base.content) as KbContent) : null,
        updatedAt: row.updatedAt.toISOString(),
      };
    });
  }

  /** The rules of the file loader, then the checks over the whole set (related entries, office values). */
  private async validate(m: Tx, officeKeys: Set<string>, body: unknown, id?: string): Promise<KbContent> {
    const o = body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {};
    if (id !== undefined) {
      if (o.id !== undefined && o.id !== id) throw invalid([{ field: 'id', en: 'id cannot change', id: "kolom 'id' tidak boleh diubah" }]);
      o.id = id;
    }
    const { content, issues } = validateEntryFields(o);
    if (content.id && !ENTRY_ID.test(content.id))
      issues.push({ field: 'id', en: 'id: lower-case letters, digits and -', id: "kolom 'id' hanya boleh huruf kecil, angka dan tanda -, 2–80 karakter" });
    if (!issues.length) {
      const ids = new Set((await this.repo.listEntries(m)).map((r) => r.id));
      issues.push(...checkAgainst(content, ids, officeKeys, this.store.pictures()));
    }
    if (issues.length) throw invalid(issues);
    return content;
  }

  /** Read before a transaction: on SQLite a read inside one would wait for the transaction itself. */
  private async officeKeys(): Promise<Set<string>> {
    return new Set((await this.store.officeValues()).values.keys());
  }

  async create(p: Principal, body: unknown) {
    const now = new Date();
    const keys = await this.officeKeys();
    try {
      return await this.tx.run(async (m) => {
        const content = await this.validate(m, keys, body);
        if (await this.repo.findEntry(m, content.id)) throw new ConflictException(`Entri '${content.id}' sudah ada.`);
        await this.repo.insertEntry(m, {
          id: content.id,
          title: content.title,
          draft: JSON.stringify(content),
          publishedVersion: null,
          latestVersion: 0,
          updatedById: p.id,
          updatedAt: now,
        });
        return { id: content.id, title: content.title, status: 'draft' as const, version: null };
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictException('Entri dengan id ini sudah ada.');
      throw err;
    }
  }

  /** Replaces the entry's draft (the published version stays what citizens get). */
  async saveDraft(p: Principal, id: string, body: unknown) {
    const keys = await this.officeKeys();
    return this.tx.run(async (m) => {
      const row = await this.require(m, id);
      const content = await this.validate(m, keys, body, id);
      await this.repo.updateEntry(m, id, { draft: JSON.stringify(content), title: content.title, updatedById: p.id, updatedAt: new Date() });
      return { id, title: content.title, status: statusOf(row), version: row.publishedVersion, draft: true };
    });
  }

  /** The draft (or, for an unpublished entry without one, its last version) becomes the next version. */
  async publish(p: Principal, id: string, note?: string) {
    const keys = await this.officeKeys();
    const version = await this.tx.run(async (m) => {
      const row = await this.require(m, id);
      let content: string;
      if (row.draft) {
        const draft = JSON.parse(row.draft) as KbContent;
        await this.validate(m, keys, draft, id); // office values or related entries may have changed since it was saved
        content = JSON.stringify(draft);
      } else if (!row.publishedVersion && row.latestVersion) content = (await this.repo.findVersion(m, id, row.latestVersion))!.content;
      else throw new ConflictException('Tidak ada draf untuk diterbitkan.');
      return this.newVersion(m, p, row, content, note ?? null, 'knowledge.publish');
    });
    await this.announcer.announce();
    return { version };
  }

  async rollback(p: Principal, id: string, to: number, note?: string) {
    const version = await this.tx.run(async (m) => {
      const row = await this.require(m, id);
      const old = await this.repo.findVersion(m, id, to);
      if (!old) throw new NotFoundException(`Versi ${to} dari entri '${id}' tidak ada.`);
      return this.newVersion(m, p, row, old.content, note ?? `kembali ke versi ${to}`, 'knowledge.rollback');
    });
    await this.announcer.announce();
    return { version };
  }

  private async newVersion(
    m: Tx,
    p: Author,
    row: KnowledgeEntryRow,
    content: string,
    note: string | null,
    action: 'knowledge.publish' | 'knowledge.rollback',
  ): Promise<number> {
    const version = row.latestVersion + 1;
    const now = new Date();
    await this.repo.insertVersion(m, { entryId: row.id, version, content, authorId: p.id, authorName: p.name, note, createdAt: now });
    const title = (JSON.parse(content) as KbContent).title;
    await this.repo.updateEntry(m, row.id, { draft: null, title, publishedVersion: version, latestVersion: version, updatedById: p.id, updatedAt: now });
    await this.audit.record(
      m,
      { actor: p.id ? { id: p.id, role: p.role } : null, action, targetType: 'knowledge', targetId: row.id, detail: { version } },
      now,
    );
    return version;
  }

  /** Citizens stop getting the entry; its versions stay for a later publish or rollback. */
  async unpublish(p: Principal, id: string) {
    await this.tx.run(async (m) => {
      const row = await this.require(m, id);
      if (!row.publishedVersion && !row.latestVersion) throw new ConflictException('Entri ini belum pernah diterbitkan.');
      await this.repo.updateEntry(m, id, { publishedVersion: null, updatedById: p.id, updatedAt: new Date() });
      await this.audit.record(m, { actor: p, action: 'knowledge.unpublish', targetType: 'knowledge', targetId: id, detail: { version: row.publishedVersion } });
    });
    await this.announcer.announce();
    return { id, status: 'unpublished' as const };
  }

  async versions(id: string) {
    return this.tx.read(async (m) => {
      const row = await this.require(m, id);
      const rows = await this.repo.listVersions(m, id);
      return rows.map((v) => ({
        version: v.version,
        author: v.authorName,
        at: v.createdAt.toISOString(),
        note: v.note,
        current: v.version === row.publishedVersion,
      }));
    });
  }

  /** A unified diff of two versions' Markdown; version 0 is the current draft. */
  async diff(id: string, from: number, to?: number) {
    return this.tx.read(async (m) => {
      const row = await this.require(m, id);
      const text = async (v: number): Promise<string> => {
        if (v === 0) {
          if (!row.draft) throw new NotFoundException('Entri ini tidak punya draf.');
          return toMarkdown(JSON.parse(row.draft) as KbContent);
        }
        const ver: KnowledgeVersionRow | null = await this.repo.findVersion(m, id, v);
        if (!ver) throw new NotFoundException(`Versi ${v} dari entri '${id}' tidak ada.`);
        return toMarkdown(JSON.parse(ver.content) as KbContent);
      };
      const target = to ?? (row.draft ? 0 : (row.publishedVersion ?? row.latestVersion));
      const name = (v: number) => (v === 0 ? 'draf' : `versi ${v}`);
      return { from, to: target, diff: createTwoFilesPatch(name(from), name(target), await text(from), await text(target), '', '', { context: 3 }) };
    });
  }

  /**
   * npm run kb:import: the knowledge-base files as new drafts (or, with
   * `publish`, new versions) of their entries; versions are only ever added.
   * All files are checked first, so one bad file changes nothing. An entry
   * whose file equals its current content is left alone; one with an
   * officer's pending draft keeps that draft unless `replaceDrafts`.
   */
  async importFiles(
    files: KbContent[],
    opts: { publish: boolean; replaceDrafts: boolean; note: string },
  ): Promise<Array<{ id: string; outcome: ImportOutcome; version?: number }>> {
    const keys = await this.officeKeys();
    const author: Author = { id: null, name: 'impor knowledge-base/', role: 'admin' };
    const pictures = this.store.pictures();
    const out = await this.tx.run(async (m) => {
      const rows = new Map((await this.repo.listEntries(m)).map((r) => [r.id, r]));
      const ids = new Set([...rows.keys(), ...files.map((f) => f.id)]);
      const checked = files.map((f) => {
        const { content, issues } = validateEntryFields({ ...f });
        if (!issues.length) issues.push(...checkAgainst(content, ids, keys, pictures));
        if (issues.length) throw invalid(issues.map((i) => ({ ...i, id: `${f.id}: ${i.id}`, en: `${f.id}: ${i.en}` })));
        return content;
      });
      const done: Array<{ id: string; outcome: ImportOutcome; version?: number }> = [];
      const now = new Date();
      for (const content of checked) {
        let row = rows.get(content.id);
        const published = row?.publishedVersion ? (await this.repo.findVersion(m, content.id, row.publishedVersion))?.content : undefined;
        const same = (json: string | null | undefined) => json != null && canonical(JSON.parse(json)) === canonical(content);
        if (row?.draft && !same(row.draft) && !opts.replaceDrafts) {
          done.push({ id: content.id, outcome: 'kept-draft' });
          continue;
        }
        if (opts.publish ? same(published) && !row?.draft : same(row?.draft ?? published)) {
          done.push({ id: content.id, outcome: 'unchanged' });
          continue;
        }
        const draft = JSON.stringify(content);
        if (!row) {
          row = { id: content.id, title: content.title, draft, publishedVersion: null, latestVersion: 0, updatedById: null, updatedAt: now };
          await this.repo.insertEntry(m, row);
        } else await this.repo.updateEntry(m, content.id, { draft, title: content.title, updatedById: null, updatedAt: now });
        if (opts.publish)
          done.push({ id: content.id, outcome: 'published', version: await this.newVersion(m, author, row, draft, opts.note, 'knowledge.publish') });
        else done.push({ id: content.id, outcome: rows.has(content.id) ? 'drafted' : 'created' });
      }
      return done;
    });
    if (out.some((o) => o.outcome === 'published')) await this.announcer.announce();
    return out;
  }

  /** Every published entry as knowledge-base Markdown (npm run kb:export). */
  async exportPublished(): Promise<Array<{ id: string; markdown: string }>> {
    const { entries } = await this.store.published();
    return entries.map(({ file: _f, ...c }) => ({ id: c.id, markdown: toMarkdown(c) }));
  }

  private async require(m: Tx, id: string): Promise<KnowledgeEntryRow> {
    const row = ENTRY_ID.test(id) ? await this.repo.findEntry(m, id) : null;
    if (!row) throw new NotFoundException(`Entri '${id}' tidak ditemukan.`);
    return row;
  }
}
