import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { AuditService } from '../audit/audit.service';
import { ConsoleSignals } from '../signals/console-signals';
import { ROUTING_CONFIG, RoutingConfig } from './routing.config';
import { TransactionRunner } from '../database/transaction-runner';
import { HubEvents } from '../hub/hub-events';
import { RedisConnections } from '../redis/redis-connections';
import { Candidate, chooseAssignments } from './assignment';
import { PresenceService } from './presence.service';
import { withRedisLock } from './redis-lock';
import { TeamsRepository } from './teams.repository';

/** Roles that receive conversations automatically. */
const ROUTED_ROLES = ['agent'] as const;

/**
 * Auto-assignment. Runs whenever something may pair a waiting conversation
 * with a free officer — a hand-off, an officer coming online, a conversation
 * resolved / unassigned / transferred, a capacity change — and every
 * ROUTING_SWEEP_SECONDS as a safety net. One run at a time across all
 * processes (Redis lock); each assignment is a conditional update, so a
 * conversation is never given twice.
 */
@Injectable()
export class RoutingService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('Routing');
  private running = false;
  private again = false;
  private sweepTimer?: NodeJS.Timeout;
  private closed = false;
  private readonly sweepers: (() => Promise<void>)[] = [];

  constructor(
    @Inject(HUB_CONFIG) private readonly hub: ResolvedConfig,
    @Inject(ROUTING_CONFIG) private readonly cfg: RoutingConfig,
    private readonly tx: TransactionRunner,
    private readonly presence: PresenceService,
    private readonly redis: RedisConnections,
    private readonly events: HubEvents,
    private readonly audit: AuditService,
    private readonly signals: ConsoleSignals,
    private readonly teams: TeamsRepository,
    private readonly conversations: ConversationsRepository,
  ) {}

  onModuleInit(): void {
    this.events.onConversationUpdated((c) => {
      if (c.status === 'pending' && !c.assigneeId) this.kick();
    });
    this.signals.on((s) => {
      if (s.kind === 'presence' && !s.online) return;
      if (s.kind === 'responded') return;
      this.kick();
    });
  }

  onApplicationBootstrap(): void {
    if (!this.hub.runsWorkers) return;
    this.sweepTimer = setInterval(() => void this.sweep(), this.cfg.ROUTING_SWEEP_SECONDS * 1000);
    this.sweepTimer.unref();
    this.kick();
  }

  /** Other periodic checks (SLA, referrals) that share the sweep's schedule. */
  addSweeper(fn: () => Promise<void>): void {
    this.sweepers.push(fn);
  }

  private async sweep(): Promise<void> {
    for (const s of this.sweepers) await s().catch((e: Error) => this.log.warn(`sweep: ${e.message}`));
    this.kick();
  }

  /** Asks for a routing run soon; runs requested while one is going are coalesced into one more. */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    setImmediate(() => void this.loop());
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.again = false;
        const r = await withRedisLock(this.redis.client(), `${this.redis.prefix}:lock:routing`, 15_000, 3000, () => this.runOnce());
        if (!r.ran) this.again = true;
      } while (this.again && !this.closed);
    } catch (err) {
      this.log.error(`routing run failed: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /** One pass: assigns what can be assigned now. Returns how many were assigned. */
  async runOnce(): Promise<number> {
    const waiting = await this.tx.read((m) => this.conversations.findWaitingForAssignment(m, 500));
    if (!waiting.length) return 0;
    const available = [...(await this.presence.availableUserIds())];
    if (!available.length) return 0;
    const candidates = await this.candidates(available);
    if (!candidates.length) return 0;
    const plan = chooseAssignments(
      waiting.map((w) => ({ id: w.id, teamId: w.teamId })),
      candidates,
    );
    let n = 0;
    for (const a of plan) {
      const now = new Date();
      const assigned = await this.tx.run(async (m) => {
        // Conditional: another run, or an officer taking it by hand, may have been first.
        if (!(await this.conversations.assignIfWaiting(m, a.conversationId, a.userId, now))) return null;
        await this.audit.record(m, {
          actor: null,
          action: 'conversation.assign',
          targetType: 'conversation',
          targetId: a.conversationId,
          detail: { userId: a.userId, auto: true },
        });
        return this.conversations.findById(m, a.conversationId);
      });
      if (!assigned) continue;
      n++;
      await this.redis.client().hset(`${this.redis.prefix}:routing:last`, a.userId, String(Date.now()));
      this.events.emit(`user:${a.userId}`, 'conversation.assigned', { conversationId: a.conversationId, reference: assigned.reference, auto: true });
      await this.events.conversationUpdated(assigned);
    }
    if (n) this.log.log(`auto-assigned ${n} of ${waiting.length} waiting conversations`);
    return n;
  }

  private async candidates(userIds: string[]): Promise<Candidate[]> {
    const agents = await this.tx.read((m) => this.teams.routableAgents(m, userIds, ROUTED_ROLES));
    const last = agents.length ? await this.redis.client().hmget(`${this.redis.prefix}:routing:last`, ...agents.map((u) => u.id)) : [];
    return agents.map((u, i) => ({ ...u, lastAssignedAt: Number(last[i] ?? 0) }));
  }

  onApplicationShutdown(): void {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
  }
}
