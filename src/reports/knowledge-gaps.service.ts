import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Principal } from '../common/principal';
import { AuditService } from '../audit/audit.service';
import { WorkingCalendar } from '../common/calendar/working-calendar';
import { deterministicId } from '../common/ids';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { Normaliser } from '../bot/nlu';
import { opsSignals, type OpsSignal } from '../signals/ops-signals';
import { GapStatus, KnowledgeGapGroup } from './knowledge-gap.entity';
import { KnowledgeGapsRepository } from './knowledge-gaps.repository';
import { maskExample } from './masking';
import { reportPeriod } from './report-period';
import { KnowledgeEditorService } from '../knowledge-editor';
import type { GapDecision, GapNewEntry, GapQuery, GapToEntry } from './reports.dto';

type BotTurn = Extract<OpsSignal, { kind: 'bot.turn' }>;

/** Two messages are the same question when their word sets overlap this much (Jaccard). */
const SIMILARITY = 0.6;
const RECENT_GROUPS = 300;
const EXAMPLES = 5;
/** Examples a gap hands to the knowledge editor at most. */
const PHRASINGS = 10;

/** Words that only say personal data followed (after masking): no part of the question. */
const PERSONAL_WORDS = new Set([
  'nama',
  'nik',
  'ktp',
  'ponsel',
  'hp',
  'telepon',
  'telp',
  'wa',
  'whatsapp',
  'nomor',
  'no',
  'angka',
  'email',
  'phonenum',
  'appno',
  'aplikasi',
  'permohonan',
  'name',
  'phone',
  'number',
]);
let normaliser: Normaliser | undefined;

/**
 * The words a gap is grouped by: the bot's normaliser (slang, typos, stop
 * words, stems) over the masked message, without the words around personal
 * data; distinct and sorted. "jadwal kereta ke bandung kapan ya, hp saya
 * 0812…" and "kapan jadwal kereta bandung? nama saya Budi" give the same.
 */
export function gapSignature(text: string): string[] {
  normaliser ??= new Normaliser();
  const stems = normaliser.normalise(maskExample(text).replace(/\[[^\]]*\]/g, ' ')).stems;
  return [...new Set(stems.filter((w) => w.length >= 2 && !/^\d+$/.test(w) && !PERSONAL_WORDS.has(w)))].sort();
}

export function jaccard(a: string[], b: string[]): number {
  if (!a.length && !b.length) return 1;
  const sb = new Set(b);
  const inter = a.filter((w) => sb.has(w)).length;
  return inter / (a.length + b.length - inter);
}

/** Whether the bot answered a message by itself: a clarification, a fallback or a hand-off for not understanding is a gap. */
export function isGap(s: Pick<BotTurn, 'outcome' | 'handoffReason'>): boolean {
  return (
    s.outcome === 'clarify' || s.outcome === 'fallback' || s.outcome === 'out_of_scope' || (s.outcome === 'handoff' && s.handoffReason === 'misunderstood')
  );
}

/**
 * Knowledge gaps: every citizen message the bot could not answer by itself,
 * masked and grouped with similar ones, for supervisors to close (answered
 * by an entry, out of scope, ignored). Heard from the bot through the ops
 * signal bus after its replies are committed; a retried message records
 * nothing twice (the event id is the message's).
 */
@Injectable()
export class KnowledgeGapsService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('KnowledgeGaps');
  private off?: () => void;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: KnowledgeGapsRepository,
    private readonly calendar: WorkingCalendar,
    private readonly audit: AuditService,
    private readonly editor: KnowledgeEditorService,
  ) {}

  onModuleInit(): void {
    this.off = opsSignals.on(async (s) => {
      if (s.kind !== 'bot.turn' || !isGap(s)) return;
      await this.record(s).catch((e: Error) => this.log.error(`gap not recorded: ${e.message}`));
    });
  }

  onModuleDestroy(): void {
    this.off?.();
  }

  /** Records one unanswered message; false when it was recorded before or carries no words. */
  async record(s: BotTurn): Promise<boolean> {
    const signature = gapSignature(s.text);
    if (!signature.length) return false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tx.run((m) => this.recordOnce(m, s, signature));
      } catch (err) {
        // Another worker opened the same group at the same moment: the retry finds it.
        if (isUniqueViolation(err) && attempt < 3) continue;
        throw err;
      }
    }
  }

  private async recordOnce(m: Parameters<Parameters<TransactionRunner['run']>[0]>[0], s: BotTurn, signature: string[]): Promise<boolean> {
    const eventId = deterministicId(`gap|${s.messageId}`);
    if (await this.repo.eventExists(m, eventId)) return false;
    const sig = signature.join(' ').slice(0, 300);
    let group = await this.repo.findBySignature(m, sig);
    if (!group) {
      let best: { id: string; score: number } | null = null;
      for (const g of await this.repo.recentGroups(m, RECENT_GROUPS)) {
        const score = jaccard(signature, g.signature.split(' '));
        if (score >= SIMILARITY && (!best || score > best.score)) best = { id: g.id, score };
      }
      if (best) group = await this.repo.findGroup(m, best.id);
    }
    if (!group) {
      group = Object.assign(new KnowledgeGapGroup(), {
        id: deterministicId(`gap-group|${sig}`),
        signature: sig,
        normalized: maskExample(s.normalized).slice(0, 500),
        candidates: s.candidates.slice(0, 3),
        status: 'open' as const,
        entryId: null,
        total: 0,
        channels: [],
        firstSeen: s.at,
        lastSeen: s.at,
        decidedById: null,
        decidedAt: null,
      });
      await this.repo.insertGroup(m, group);
    }
    await this.repo.insertEvent(m, {
      id: eventId,
      groupId: group.id,
      conversationId: s.conversationId,
      channel: s.channel,
      outcome: s.outcome,
      example: maskExample(s.text),
      createdAt: s.at,
    });
    await this.repo.updateGroup(m, group.id, {
      total: group.total + 1,
      lastSeen: s.at > group.lastSeen ? s.at : group.lastSeen,
      firstSeen: s.at < group.firstSeen ? s.at : group.firstSeen,
      channels: [...new Set([...group.channels, s.channel])].sort(),
    });
    return true;
  }

  /** Groups with unanswered messages in the period, largest first (open ones unless a status is asked for). */
  async list(q: GapQuery, now = new Date()) {
    const { range } = reportPeriod(this.calendar, q, now);
    const statuses: GapStatus[] = q.status === 'all' ? ['open', 'answered', 'out_of_scope', 'ignored'] : [q.status ?? 'open'];
    return this.tx.read(async (m) => {
      const counts = await this.repo.countsInRange(m, range.from, range.to, statuses, q.channel, 100);
      const d = await this.repo.details(
        m,
        counts.map((c) => c.id),
        range.from,
        range.to,
        EXAMPLES,
      );
      const groups = new Map(d.groups.map((g) => [g.id, g]));
      return counts.map((c) => {
        const g = groups.get(c.id);
        return {
          id: c.id,
          count: c.count,
          examples: d.examples.get(c.id) ?? [],
          lastSeen: c.lastSeen.toISOString(),
          firstSeen: c.firstSeen.toISOString(),
          channels: d.channels.get(c.id) ?? [],
          status: g?.status ?? 'open',
          entryId: g?.entryId ?? null,
          candidates: g?.candidates ?? [],
          total: g?.total ?? c.count,
        };
      });
    });
  }

  async decide(p: Principal, id: string, d: GapDecision) {
    return this.tx.run(async (m) => {
      const g = await this.repo.findGroup(m, id);
      if (!g) throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: 'Kelompok pertanyaan tidak ditemukan' });
      const now = new Date();
      const patch = { status: d.status, entryId: d.status === 'answered' ? d.entryId : null, decidedById: p.id, decidedAt: now };
      await this.repo.updateGroup(m, id, patch);
      await this.audit.record(m, {
        actor: p,
        action: 'knowledge_gap.decide',
        targetType: 'knowledge_gap',
        targetId: id,
        detail: { status: d.status, entryId: patch.entryId },
      });
      return { id, status: patch.status, entryId: patch.entryId, decidedAt: now.toISOString() };
    });
  }

  /**
   * A gap turned into knowledge in one step: its masked example phrasings
   * become questions of a new draft (of an existing entry, or of a new
   * entry), and the gap is marked answered by that entry. The draft goes
   * through the editor's validation first: a bad one changes nothing.
   */
  async toKnowledge(p: Principal, id: string, action: ({ kind: 'add' } & GapToEntry) | ({ kind: 'new' } & GapNewEntry)) {
    const { group, examples } = await this.tx.read(async (m) => ({
      group: await this.repo.findGroup(m, id),
      examples: await this.repo.examplesOf(m, id, PHRASINGS),
    }));
    if (!group) throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: 'Kelompok pertanyaan tidak ditemukan' });
    if (group.status !== 'open') throw new ConflictException(`Kelompok pertanyaan ini sudah diputuskan (${group.status}).`);
    const asked = action.questions ?? examples;
    if (!asked.length)
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Tidak ada contoh pertanyaan',
        issues: [{ path: 'questions', message: 'tidak ada contoh pertanyaan' }],
      });
    const entryId = action.kind === 'add' ? action.entryId : action.id;
    let added: string[];
    let entry: { id: string; title: string; status: string; version: number | null };
    if (action.kind === 'add') {
      const current = await this.editor.get(action.entryId);
      const base = current.draft ?? current.published;
      if (!base) throw new ConflictException(`Entri '${action.entryId}' tidak punya isi untuk ditambah.`);
      const have = new Set(base.questions.map((q) => q.toLowerCase()));
      added = asked.filter((q) => !have.has(q.toLowerCase()) && have.add(q.toLowerCase()));
      entry = added.length ? await this.editor.saveDraft(p, action.entryId, { ...base, questions: [...base.questions, ...added] }) : current;
    } else {
      added = [...new Map(asked.map((q) => [q.toLowerCase(), q])).values()];
      entry = await this.editor.create(p, { id: action.id, title: action.title, answer: action.answer, answerEn: action.answerEn, questions: added });
    }
    const gap = await this.decide(p, id, { status: 'answered', entryId });
    return { gap, entry: { id: entry.id, title: entry.title, status: entry.status, version: entry.version }, added };
  }
}
