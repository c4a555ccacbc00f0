import { existsSync } from 'node:fs';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { projectPath } from '../common/paths';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { copyFilePictures, referencedPictureNames, removeUnreferencedPictures, storedPicturePath, storedPictures, storePicture } from './kb-pictures';
import type { SniffedType } from '../common/file-bytes';
import { kbPictureName } from '../common/kb-pictures';
import { loadKnowledgeBase } from './kb.loader';
import type { KbEntry, OfficeValues } from './kb.types';
import type { KbContent, KbPictures } from './kb.validation';
import { KnowledgeRepository } from './knowledge.repository';
import { isMissingValue, loadOfficeValues, missingValueKeys } from './placeholders';

/** Plausible values shown in demo mode where config/office.yaml is still unfilled (marked as samples in the console). */
export const OFFICE_SAMPLES_FILE = projectPath('config', 'office.sample.yaml');
const IMPORTER = 'impor knowledge-base/';

export interface PublishedKnowledge {
  entries: KbEntry[];
  values: OfficeValues;
  /** Keys whose values are demo samples. */
  samples: string[];
}

/** Where published content is announced: every process's knowledge snapshot reloads on it. */
export const knowledgeChannel = (redisPrefix: string): string => `${redisPrefix}:kb:reload`;

export const toEntry = (c: KbContent): KbEntry => ({ ...c, media: c.media ?? [], file: `knowledge-base/${c.id}.md` });

/**
 * The knowledge base and the office values as stored in the database: the
 * first start imports knowledge-base/ and config/office.yaml (validated by the
 * file loader, so an invalid knowledge base still stops the start).
 */
@Injectable()
export class KnowledgeStore {
  private readonly log = new Logger(KnowledgeStore.name);

  constructor(
    @Inject(HUB_CONFIG) private readonly cfg: ResolvedConfig,
    private readonly tx: TransactionRunner,
    private readonly repo: KnowledgeRepository,
  ) {}

  /** Imports the files when the tables are empty; a no-op afterwards (and when another process won the race). */
  async ensureImported(kbDir: string, officeConfig: string): Promise<void> {
    const [entries, office] = await this.tx.read(async (m) => [await this.repo.countEntries(m), await this.repo.latestOfficeValues(m)] as const);
    if (!office) await this.ignoreRace(() => this.importOffice(officeConfig));
    // The shipped pictures go into the store before the entries that show them (at every start:
    // copying is by content hash, so a DATA_DIR restored without its media gets them back).
    this.copyPictures(kbDir);
    if (entries === 0) await this.ignoreRace(() => this.importEntries(kbDir, officeConfig));
  }

  private copyPictures(kbDir: string): void {
    const { copied, skipped } = copyFilePictures(kbDir, this.cfg.dataDir);
    if (copied) this.log.log(`${copied} knowledge-base pictures copied from ${kbDir}/media into the store`);
    if (skipped.length) this.log.warn(`knowledge-base pictures not copied (not a PNG/JPEG/WebP named by its SHA-256): ${skipped.join(', ')}`);
  }

  private async ignoreRace(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }

  private async importOffice(officeConfig: string): Promise<void> {
    const values = loadOfficeValues(officeConfig);
    const samples: string[] = [];
    if (this.cfg.DEMO_MODE && existsSync(OFFICE_SAMPLES_FILE)) {
      for (const [k, v] of loadOfficeValues(OFFICE_SAMPLES_FILE)) {
        if (values.has(k) && isMissingValue(values.get(k)) && !isMissingValue(v)) {
          values.set(k, v);
          samples.push(k);
        }
      }
    }
    await this.tx.run((m) =>
      this.repo.insertOfficeValues(m, {
        version: 1,
        data: JSON.stringify(Object.fromEntries(values)),
        samples: JSON.stringify(samples),
        authorId: null,
        authorName: IMPORTER,
        note: samples.length ? `impor ${officeConfig}; ${samples.length} nilai contoh (mode demo)` : `impor ${officeConfig}`,
        createdAt: new Date(),
      }),
    );
  }

  private async importEntries(kbDir: string, officeConfig: string): Promise<void> {
    const entries = loadKnowledgeBase(kbDir, officeConfig);
    const now = new Date();
    await this.tx.run(async (m) => {
      if ((await this.repo.countEntries(m)) > 0) return;
      for (const e of entries) {
        const { file: _file, ...content } = e;
        await this.repo.insertEntry(m, { id: e.id, title: e.title, draft: null, publishedVersion: 1, latestVersion: 1, updatedById: null, updatedAt: now });
        await this.repo.insertVersion(m, {
          entryId: e.id,
          version: 1,
          content: JSON.stringify(content),
          authorId: null,
          authorName: IMPORTER,
          note: null,
          createdAt: now,
        });
      }
    });
    this.log.log(`knowledge base imported into the database: ${entries.length} entries from ${kbDir}`);
  }

  /** The hosted pictures in DATA_DIR's store: what the console's entries may show. */
  pictures(): KbPictures {
    return storedPictures(this.cfg.dataDir);
  }

  /** Stores a checked picture by content hash (the same picture twice is one file). */
  storePicture(bytes: Buffer, type: SniffedType): Promise<{ url: string; mimeType: string; bytes: number }> {
    return storePicture(this.cfg.dataDir, bytes, type);
  }

  /** Deletes pictures no version or draft names, untouched for `olderThanMs`; returns how many. */
  async removeUnreferencedPictures(olderThanMs: number): Promise<number> {
    const contents = await this.tx.read((m) => this.repo.everyContent(m));
    const removed = removeUnreferencedPictures(this.cfg.dataDir, referencedPictureNames(contents), olderThanMs);
    if (removed.length) this.log.log(`${removed.length} unreferenced knowledge-base pictures removed from the store`);
    return removed.length;
  }

  /** The file of a hosted picture, or null when there is none by that name. */
  picturePath(name: string): string | null {
    return storedPicturePath(this.cfg.dataDir, name);
  }

  async officeValues(): Promise<{ values: OfficeValues; samples: string[]; version: number }> {
    const row = await this.tx.read((m) => this.repo.latestOfficeValues(m));
    if (!row) return { values: new Map(), samples: [], version: 0 };
    return {
      values: new Map(Object.entries(JSON.parse(row.data) as Record<string, string>)),
      samples: JSON.parse(row.samples) as string[],
      version: row.version,
    };
  }

  async published(): Promise<PublishedKnowledge> {
    const contents = await this.tx.read((m) => this.repo.publishedContents(m));
    const { values, samples } = await this.officeValues();
    return { entries: contents.map((c) => toEntry(JSON.parse(c) as KbContent)), values, samples };
  }

  /**
   * Published entries showing a picture answers must leave out: an image
   * address from elsewhere (stored before pictures were hosted) or a hosted
   * name whose file is gone. The editor refuses both on the next save.
   */
  async picturesLeftOut(): Promise<string[]> {
    const { entries } = await this.published();
    const store = this.pictures();
    return entries
      .filter((e) =>
        (e.media ?? []).some((m) => {
          if (m.type !== 'image') return false;
          const name = kbPictureName(m.url);
          return !name || !store.has(name);
        }),
      )
      .map((e) => e.id);
  }

  /** Office values the answers need that nobody has filled in yet (for /health, the Kanal page, the start log). */
  async missingOfficeValues(): Promise<string[]> {
    return missingValueKeys((await this.officeValues()).values);
  }
}
