import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { loadKnowledgeBase } from '../knowledge/kb.loader';
import { loadOfficeValues } from '../knowledge/placeholders';
import { RedisConnections } from '../redis/redis-connections';
import { BOT_CONFIG, BotConfig } from './bot.config';
import type { KnowledgeSnapshot, KnowledgeSource } from './bot.ports';
import { NluEngine } from './nlu/nlu-engine';

export interface KnowledgeCounts {
  entries: number;
  questions: number;
  withEnglish: number;
  labels: number;
  loadedAt: string;
}

/** Builds the engine and the answer index from KB_DIR; throws (naming file and problem) when invalid. */
export function buildKnowledge(cfg: Pick<BotConfig, 'KB_DIR' | 'OFFICE_CONFIG' | 'APP_NUMBER_PATTERNS'>): KnowledgeSnapshot {
  const entries = loadKnowledgeBase(cfg.KB_DIR, cfg.OFFICE_CONFIG);
  const values = loadOfficeValues(cfg.OFFICE_CONFIG);
  const engine = NluEngine.build({ kbEntries: entries, appNumberPatterns: cfg.APP_NUMBER_PATTERNS });
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
 * Holds the current knowledge base. Loaded at module init (an invalid KB
 * stops the hub from starting); reloaded without restart on request, in
 * every api and worker process at once through a Redis channel. A failed
 * reload keeps the previous, valid knowledge base.
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
  ) {}

  private get channel(): string {
    return `${this.redis.prefix}:kb:reload`;
  }

  async onModuleInit(): Promise<void> {
    this.snapshot = buildKnowledge(this.cfg);
    const c = countsOf(this.snapshot);
    this.log.log(`knowledge base loaded: ${c.entries} entries, ${c.questions} questions`);
    this.sub = this.redis.open('kb-reload', { maxRetriesPerRequest: null });
    this.sub.on('message', (_ch: string, origin: string) => {
      if (origin === String(process.pid) + this.instance) return;
      try {
        this.reloadLocal();
      } catch (err) {
        this.log.error(`knowledge base reload failed, keeping the previous one: ${(err as Error).message}`);
      }
    });
    await this.sub.subscribe(this.channel);
  }

  current(): KnowledgeSnapshot {
    if (!this.snapshot) this.snapshot = buildKnowledge(this.cfg);
    return this.snapshot;
  }

  private reloadLocal(): KnowledgeCounts {
    const next = buildKnowledge(this.cfg);
    this.snapshot = next;
    const c = countsOf(next);
    this.log.log(`knowledge base reloaded: ${c.entries} entries, ${c.questions} questions`);
    return c;
  }

  /** Reloads here, then tells the other processes. Throws (KnowledgeBaseError) when the files are invalid. */
  async reload(): Promise<KnowledgeCounts> {
    const counts = this.reloadLocal();
    await this.redis.client().publish(this.channel, String(process.pid) + this.instance);
    return counts;
  }
}
