import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { WorkingCalendar } from '../common/calendar/working-calendar';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { Conversation } from '../schema/conversation.entity';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { AuditService } from '../audit/audit.service';
import { ConsoleSignals } from '../signals/console-signals';
import { ROUTING_CONFIG, RoutingConfig } from './routing.config';
import { TransactionRunner, Tx } from '../database/transaction-runner';
import { HubEvents } from '../hub/hub-events';
import { jobIdFor } from '../hub/queue-names';
import { QueueService } from '../hub/queue.service';
import { RedisConnections } from '../redis/redis-connections';
import { ConversationSla, SlaPolicy } from '../schema/sla.entity';
import { SlaRepository } from './sla.repository';
import { opsSignals } from '../signals/ops-signals';
import { dueAfter } from './working-time';

export const SLA_QUEUE = 'sla';
export const SLA_BREACH_LABEL = 'sla-terlewat';
export type SlaKind = 'first' | 'resolution';
export interface SlaJob {
  kind: SlaKind | 'referral';
  conversationId?: string;
  referralId?: string;
}

type ReferralHandler = (referralId: string) => Promise<void>;

/**
 * SLA clocks: when a conversation starts waiting for a human its first-response
 * and resolution deadlines are computed from its team's policy (working
 * minutes on the office calendar) and BullMQ delayed jobs are set for them.
 * An answer removes the first-response job, resolving removes both, a
 * transfer re-plans them with the new team's policy. A job that fires
 * re-checks the conversation and, if the target was missed, marks it
 * (label + conversation_sla) and tells the supervisors live. The routing
 * sweep re-checks the same rules in case a job was lost.
 */
@Injectable()
export class SlaService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('SLA');
  private worker?: Worker;
  private referralHandler?: ReferralHandler;

  constructor(
    @Inject(HUB_CONFIG) private readonly hub: ResolvedConfig,
    @Inject(ROUTING_CONFIG) private readonly cfg: RoutingConfig,
    private readonly tx: TransactionRunner,
    private readonly queues: QueueService,
    private readonly redis: RedisConnections,
    private readonly calendar: WorkingCalendar,
    private readonly events: HubEvents,
    private readonly audit: AuditService,
    private readonly signals: ConsoleSignals,
    private readonly slas: SlaRepository,
    private readonly conversations: ConversationsRepository,
  ) {}

  onModuleInit(): void {
    this.events.onConversationUpdated((c) => {
      if ((c.status === 'pending' || c.status === 'open') && c.waitingSince && !c.firstResponseAt)
        void this.ensure(c.id).catch((e: Error) => this.log.warn(e.message));
    });
    this.signals.on(async (s) => {
      if (s.kind === 'responded') await this.cancel(s.conversationId, ['first']);
      else if (s.kind === 'resolved') await this.cancel(s.conversationId, ['first', 'resolution']);
      else if (s.kind === 'transferred') await this.replan(s.conversationId);
      else if (s.kind === 'waiting') await this.ensure(s.conversationId);
    });
  }

  onApplicationBootstrap(): void {
    if (!this.hub.runsWorkers) return;
    this.worker = new Worker(SLA_QUEUE, (job: Job<SlaJob>) => this.handle(job.data), {
      connection: this.redis.open('worker-sla'),
      prefix: this.redis.prefix,
      concurrency: 4,
      lockDuration: this.hub.QUEUE_LOCK_MS,
    });
    this.worker.on('failed', (job, err) => this.log.warn(`sla job ${job?.id} failed: ${err.message}`));
    this.worker.on('error', (err) => this.log.error(`sla worker: ${err.message}`));
  }

  onReferralDue(handler: ReferralHandler): void {
    this.referralHandler = handler;
  }

  private get queue() {
    return this.queues.get(SLA_QUEUE);
  }

  async schedule(data: SlaJob, at: Date, id: string): Promise<void> {
    await this.queue.add(data.kind, data, {
      jobId: id,
      delay: Math.max(0, at.getTime() - Date.now()),
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  async unschedule(id: string): Promise<void> {
    await this.queue.remove(id).catch(() => undefined);
  }

  private jobId(kind: SlaKind, conversationId: string, due: Date): string {
    return jobIdFor('sla', kind, conversationId, String(due.getTime()));
  }

  async policyFor(m: Tx, teamId: string | null): Promise<{ firstResponseMinutes: number; resolutionMinutes: number }> {
    const p = teamId ? await this.slas.findPolicy(m, teamId) : null;
    return {
      firstResponseMinutes: p?.firstResponseMinutes ?? this.cfg.SLA_FIRST_RESPONSE_MINUTES,
      resolutionMinutes: p?.resolutionMinutes ?? this.cfg.SLA_RESOLUTION_MINUTES,
    };
  }

  /** Starts the clock of a conversation waiting for a human (idempotent per hand-off). */
  async ensure(conversationId: string): Promise<void> {
    const planned = await this.tx.run(async (m) => {
      const c = await this.conversations.findById(m, conversationId);
      if (!c || !c.waitingSince || c.status === 'resolved' || c.status === 'bot') return null;
      const row = await this.slas.findClock(m, conversationId);
      if (row && row.startedAt.getTime() === c.waitingSince.getTime()) return null;
      const next = await this.plan(m, c);
      if (row) await this.slas.updateClock(m, conversationId, next);
      else await this.slas.insertClock(m, next);
      return { c, next, old: row };
    });
    if (!planned) return;
    if (planned.old) await this.removeJobs(planned.old, ['first', 'resolution']);
    await this.addJobs(planned.c, planned.next);
  }

  private async plan(m: Tx, c: Conversation): Promise<ConversationSla> {
    const pol = await this.policyFor(m, c.teamId);
    const start = c.waitingSince!;
    return {
      conversationId: c.id,
      startedAt: start,
      firstResponseDueAt: dueAfter(this.calendar, start, pol.firstResponseMinutes, this.cfg.SLA_WORKING_HOURS),
      resolutionDueAt: dueAfter(this.calendar, start, pol.resolutionMinutes, this.cfg.SLA_WORKING_HOURS),
      firstResponseBreachedAt: null,
      resolutionBreachedAt: null,
    };
  }

  private async addJobs(c: Conversation, s: ConversationSla): Promise<void> {
    if (!c.firstResponseAt && !s.firstResponseBreachedAt)
      await this.schedule({ kind: 'first', conversationId: c.id }, s.firstResponseDueAt, this.jobId('first', c.id, s.firstResponseDueAt));
    if (!s.resolutionBreachedAt)
      await this.schedule({ kind: 'resolution', conversationId: c.id }, s.resolutionDueAt, this.jobId('resolution', c.id, s.resolutionDueAt));
  }

  private async removeJobs(s: ConversationSla, kinds: SlaKind[]): Promise<void> {
    for (const k of kinds) {
      const id = this.jobId(k, s.conversationId, k === 'first' ? s.firstResponseDueAt : s.resolutionDueAt);
      await this.queue.remove(id).catch(() => undefined);
    }
  }

  async cancel(conversationId: string, kinds: SlaKind[]): Promise<void> {
    const row = await this.tx.read((m) => this.slas.findClock(m, conversationId));
    if (row) await this.removeJobs(row, kinds);
  }

  /** After a transfer: the new team's policy, from the same start. */
  async replan(conversationId: string): Promise<void> {
    const r = await this.tx.run(async (m) => {
      const c = await this.conversations.findById(m, conversationId);
      const row = await this.slas.findClock(m, conversationId);
      if (!c || !row || c.status === 'resolved') return null;
      const next = await this.plan(m, { ...c, waitingSince: row.startedAt });
      next.firstResponseBreachedAt = row.firstResponseBreachedAt;
      next.resolutionBreachedAt = row.resolutionBreachedAt;
      await this.slas.updateClock(m, conversationId, next);
      return { c, next, old: row };
    });
    if (!r) {
      await this.ensure(conversationId);
      return;
    }
    await this.removeJobs(r.old, ['first', 'resolution']);
    await this.addJobs(r.c, r.next);
  }

  private async handle(job: SlaJob): Promise<void> {
    if (job.kind === 'referral') {
      if (job.referralId && this.referralHandler) await this.referralHandler(job.referralId);
      return;
    }
    if (job.conversationId) await this.check(job.conversationId, job.kind);
  }

  /** Marks a missed target once; returns true when it did. */
  async check(conversationId: string, kind: SlaKind, now = new Date()): Promise<boolean> {
    const r = await this.tx.run(async (m) => {
      const c = await this.conversations.findById(m, conversationId);
      const row = await this.slas.findClock(m, conversationId);
      if (!c || !row || c.status === 'resolved' || c.status === 'bot') return null;
      const due = kind === 'first' ? row.firstResponseDueAt : row.resolutionDueAt;
      if (due.getTime() > now.getTime() + 500) return null;
      if (kind === 'first' && (c.firstResponseAt || row.firstResponseBreachedAt)) return null;
      if (kind === 'resolution' && row.resolutionBreachedAt) return null;
      await this.slas.updateClock(m, conversationId, kind === 'first' ? { firstResponseBreachedAt: now } : { resolutionBreachedAt: now });
      const labels = [...new Set([...(c.labels ?? []), SLA_BREACH_LABEL])].sort();
      await this.conversations.updateConversation(m, c.id, { labels, updatedAt: now });
      c.labels = labels;
      c.updatedAt = now;
      await this.audit.record(m, { actor: null, action: 'sla.breach', targetType: 'conversation', targetId: c.id, detail: { kind, dueAt: due.toISOString() } });
      return { c, due };
    });
    if (!r) return false;
    const payload = {
      conversationId,
      reference: r.c.reference,
      teamId: r.c.teamId,
      assigneeId: r.c.assigneeId,
      kind: kind === 'first' ? 'first_response' : 'resolution',
      dueAt: r.due.toISOString(),
      at: now.toISOString(),
    };
    await this.events.toConversation(r.c, 'sla.breached', payload);
    opsSignals.emit({ kind: 'sla.breached', slaKind: payload.kind as 'first_response' | 'resolution', teamId: r.c.teamId });
    await this.events.conversationUpdated(r.c);
    this.log.warn(`SLA ${payload.kind} missed: conversation ${conversationId}`);
    return true;
  }

  /** Safety net: clocks never started (conversations opened without an event) and deadlines whose job was lost. */
  async sweep(): Promise<void> {
    const unplanned = await this.tx.read((m) => this.slas.findUnplannedConversationIds(m, 200));
    for (const id of unplanned) await this.ensure(id);
    const now = new Date();
    // A few seconds of grace: a job due right now is probably about to fire.
    const late = await this.tx.read((m) => this.slas.findLateClocks(m, new Date(now.getTime() - 5000), 200));
    for (const s of late) {
      await this.check(s.conversationId, 'first', now);
      await this.check(s.conversationId, 'resolution', now);
    }
  }

  async setPolicy(teamId: string, firstResponseMinutes: number, resolutionMinutes: number): Promise<void> {
    await this.tx.run((m) => this.slas.upsertPolicy(m, teamId, firstResponseMinutes, resolutionMinutes, new Date()));
  }

  async policies(teamIds: string[]): Promise<SlaPolicy[]> {
    return this.tx.read((m) => this.slas.findPolicies(m, teamIds));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
