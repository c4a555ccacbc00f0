import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { BOT_CONFIG, type BotConfig } from '../bot/bot.config';
import { NluEngine, type NluResult } from '../bot/nlu';
import { TransactionRunner } from '../database/transaction-runner';
import { type KbContent, type KbEntry, KnowledgeStore, toEntry } from '../knowledge';
import { KnowledgeRepository } from '../knowledge/knowledge.repository';

interface Outcome {
  label: string;
  title: string | null;
  confidence: number;
  decision: NluResult['decision'];
}

/** Engines kept: the published one and a few draft sets (all drafts, one entry's). */
const CACHED_ENGINES = 4;

/**
 * "Coba bot": how a question would be answered under the published knowledge
 * base and under the drafts, and which saved questions a draft would send
 * elsewhere. Builds engines of its own: the live one is never touched.
 * Building one takes about a second, so engines are kept by a hash of the
 * entries they were built from: a question re-uses them until a draft or a
 * publish changes the content.
 */
@Injectable()
export class TryBotService {
  constructor(
    @Inject(BOT_CONFIG) private readonly cfg: BotConfig,
    private readonly tx: TransactionRunner,
    private readonly repo: KnowledgeRepository,
    private readonly store: KnowledgeStore,
  ) {}

  /** Most recently used last. */
  private readonly engines = new Map<string, NluEngine>();
  /** Engines built since start (for the tests and the figure in the README). */
  builds = 0;

  /** The published entries, and the same with drafts applied (all, or only `entryId`'s). */
  private async sets(entryId?: string): Promise<{ published: KbEntry[]; drafted: KbEntry[] }> {
    const { entries } = await this.store.published();
    const rows = await this.tx.read((m) => this.repo.listEntries(m));
    const byId = new Map(entries.map((e) => [e.id, e]));
    for (const r of rows) if (r.draft && (!entryId || r.id === entryId)) byId.set(r.id, toEntry(JSON.parse(r.draft) as KbContent));
    return { published: entries, drafted: [...byId.values()] };
  }

  private engine(entries: KbEntry[]): NluEngine {
    // The order is part of the key: the classifier breaks ties by it.
    const key = createHash('sha256').update(JSON.stringify(entries)).digest('hex');
    let engine = this.engines.get(key);
    if (engine) this.engines.delete(key);
    else {
      engine = NluEngine.build({ kbEntries: entries, appNumberPatterns: this.cfg.APP_NUMBER_PATTERNS });
      this.builds++;
      if (this.engines.size >= CACHED_ENGINES) this.engines.delete(this.engines.keys().next().value!);
    }
    this.engines.set(key, engine);
    return engine;
  }

  async tryQuestion(question: string, entryId?: string) {
    const { published, drafted } = await this.sets(entryId);
    const outcome = (entries: KbEntry[]): Outcome => {
      const r = this.engine(entries).classify(question);
      const label = r.decision === 'fallback' ? (r.candidates[0]?.label ?? r.label) : r.label;
      return { label, title: entries.find((e) => e.id === label)?.title ?? null, confidence: Math.round(r.confidence * 1000) / 1000, decision: r.decision };
    };
    return { question, published: outcome(published), draft: outcome(drafted) };
  }

  /** Every saved question of every entry, re-classified with the drafts: those that would now go elsewhere. */
  async impact(entryId?: string) {
    const { published, drafted } = await this.sets(entryId);
    const before = this.engine(published);
    const after = this.engine(drafted);
    const moved: Array<{ question: string; entryId: string; before: string; after: string; confidence: number }> = [];
    for (const e of drafted) {
      for (const q of e.questions) {
        const a = after.classify(q);
        const b = before.classify(q);
        const label = (r: NluResult) => (r.decision === 'fallback' ? 'fallback' : r.label);
        // A question the draft no longer sends to its own entry, and whose answer changes.
        if (label(a) !== e.id && label(a) !== label(b))
          moved.push({ question: q, entryId: e.id, before: label(b), after: label(a), confidence: Math.round(a.confidence * 1000) / 1000 });
      }
    }
    return { checked: drafted.reduce((n, e) => n + e.questions.length, 0), moved };
  }
}
