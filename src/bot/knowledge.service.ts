import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { type KbEntry, KnowledgeStore, knowledgeChannel, loadKnowledgeBase, loadOfficeValues, type OfficeValues } from '../knowledge';
import { RedisConnections } from '../redis/redis-connections';
import { BOT_CONFIG, BotConfig } from './bot.config';
import type { KnowledgeSnapshot, KnowledgeSource } from './bot.ports';
import { buildCachedEngine } from './nlu/engine-cache';
import type { NluEngine } from './nlu/nlu-engine';

export interface KnowledgeCounts {
  entries: number;
  questions: number;
  withEnglish: number;
  labels: number;
  loadedAt: string;
}

/** Builds the engine and the answer index from KB_DIR; throws (naming file and problem) when invalid. */
export function buildKnowledge(
  cfg: Pick<BotConfig, 'KB_DIR' | 'OFFICE_CONFIG' | 'APP_NUMBER_PATTERNS'> & Partial<Pick<BotConfig, 'NLU_CACHE_DIR'>>,
): KnowledgeSnapshot {
  return snapshotOf(loadKnowledgeBase(cfg.KB_DIR, cfg.OFFICE_CONFIG), loadOfficeValues(cfg.OFFICE_CONFIG), cfg);
}

/**
 * The engine and answer index over these entries (the published ones, or a
 * draft set for "coba bot"). With `NLU_CACHE_DIR` the trained engine is read
 * from / written to the engine cache (the same results, without training).
 */
export function snapshotOf(
  entries: KbEntry[],
  values: OfficeValues,
  cfg: Pick<BotConfig, 'APP_NUMBER_PATTERNS'> & Partial<Pick<BotConfig, 'NLU_CACHE_DIR'>>,
): KnowledgeSnapshot {
  const { engine } = buildCachedEngine({ kbEntries: entries, appNumberPatterns: cfg.APP_NUMBER_PATTERNS }, cfg.NLU_CACHE_DIR ?? '');
  return { engine, values, byId: new Map(entries.map((e) => [e.id, e])), loadedAt: new Date() };
}

export function countsOf(k: KnowledgeSnapshot): KnowledgeCounts {
  const entries = [...k.byId.values()];
  return {
    entries: entries.length,
    questions: entries.reduce((n, e) => n + e.questions.length, 0),
    withEnglish: entries.filter((e) => e.answerEn).length,
    labels: (k.engine as NluEngine).knownLabels?.length ?? 0,
    loadedAt: k.loadedAt.toISOString(),
  };
}

/**
 * Holds the current knowledge base: the published entries and office values
 * in the database (the first start imports knowledge-base/; an invalid one
 * stops the hub from starting). Reloaded without restart whenever anything is
 * published, in every api and worker process at once through a Redis
 * channel. A failed reload keeps the previous, valid knowledge base.
 */
@Injectable()
export class KnowledgeService implements KnowledgeSource, OnModuleInit {
  private readonly log = new Logger(KnowledgeService.name);
  private snapshot?: KnowledgeSnapshot;
  private sub?: Redis;
  /** Tells this process's own publication apart from other processes'. */
  private readonly instance = `:${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    @Inject(BOT_CONFIG) private readonly cfg: BotConfig,
    private readonly redis: RedisConnections,
    private readonly store: KnowledgeStore,
  ) {}

  private get channel(): string {
    return knowledgeChannel(this.redis.prefix);
  }

  async onModuleInit(): Promise<void> {
    await this.store.ensureImported(this.cfg.KB_DIR, this.cfg.OFFICE_CONFIG);
    // Subscribed before the first load, so a publication during start-up is not missed.
    this.sub = this.redis.open('kb-reload', { maxRetriesPerRequest: null });
    this.sub.on('message', (_ch: string, origin: string) => {
      if (origin === String(process.pid) + this.instance) return;
      this.reloadLocal().catch((err: Error) => this.log.error(`knowledge base reload failed, keeping the previous one: ${err.message}`));
    });
    await this.sub.subscribe(this.channel);
    const c = await this.reloadLocal('loaded');
    const missing = await this.store.missingOfficeValues();
    if (missing.length) this.log.warn(`office values not filled in yet (answers leave those sentences out): ${missing.length} — ${missing.join(', ')}`);
    else this.log.log(`knowledge base: ${c.entries} entries`);
    const leftOut = await this.store.picturesLeftOut();
    if (leftOut.length) this.log.warn(`entries with pictures the hub does not host (left out of answers; upload them in Pengetahuan): ${leftOut.join(', ')}`);
  }

  current(): KnowledgeSnapshot {
    if (!this.snapshot) this.snapshot = buildKnowledge(this.cfg);
    return this.snapshot;
  }

  /** Loads are numbered so a slow, older load never replaces a newer one. */
  private loads = 0;

  private async reloadLocal(what = 'reloaded'): Promise<KnowledgeCounts> {
    const n = ++this.loads;
    const { entries, values } = await this.store.published();
    const next = snapshotOf(entries, values, this.cfg);
    if (n === this.loads || !this.snapshot) this.snapshot = next;
    const c = countsOf(next);
    this.log.log(`knowledge base ${what}: ${c.entries} entries, ${c.questions} questions`);
    return c;
  }

  /** Reloads the published knowledge base here, then tells the other processes. */
  async reload(): Promise<KnowledgeCounts> {
    const counts = await this.reloadLocal();
    await this.redis.client().publish(this.channel, String(process.pid) + this.instance);
    return counts;
  }
}
