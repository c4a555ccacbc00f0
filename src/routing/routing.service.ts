import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { User } from '../auth/user.entity';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { Conversation } from '../conversations/conversation.entity';
import { AuditService } from '../audit/audit.service';
import { ConsoleSignals } from '../signals/console-signals';
import { ROUTING_CONFIG, RoutingConfig } from './routing.config';
import { TransactionRunner } from '../database/transaction-runner';
import { HubEvents } from '../hub/hub-events';
import { RedisConnections } from '../redis/redis-connections';
import { Candidate, chooseAssignments } from './assignment';
import { PresenceService } from './presence.service';
import { withRedisLock } from './redis-lock';
import { TeamMember } from './team.entity';

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
    const m = this.tx.manager;
    const waiting = await this.tx.exclusive(() =>
      m
        .createQueryBuilder(Conversation, 'c')
        .select(['c.id', 'c.teamId', 'c.waitingSince', 'c.createdAt'])
        .where("c.status = 'pending'")
        .andWhere('c.assignee_id IS NULL')
        .orderBy('c.waiting_since', 'ASC')
        .addOrderBy('c.created_at', 'ASC')
        .take(500)
        .getMany(),
    );
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
      const assigned = await this.tx.run(async (tm) => {
        const res = await tm.update(
          Conversation,
          { id: a.conversationId, status: 'pending', assigneeId: IsNull() },
          { assigneeId: a.userId, status: 'open', updatedAt: now },
        );
        if (!res.affected) return null;
        await this.audit.record(tm, {
          actor: null,
          action: 'conversation.assign',
          targetType: 'conversation',
          targetId: a.conversationId,
          detail: { userId: a.userId, auto: true },
        });
        return tm.findOne(Conversation, { where: { id: a.conversationId } });
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
    const m = this.tx.manager;
    const { users, members, loads } = await this.tx.exclusive(async () => {
      const users = await m.find(User, { where: { id: In(userIds), active: true, role: In([...ROUTED_ROLES]) } });
      const ids = users.map((u) => u.id);
      if (!ids.length) return { users, members: [], loads: [] };
      const members = await m.find(TeamMember, { where: { userId: In(ids) } });
      const loads = await m
        .createQueryBuilder(Conversation, 'c')
        .select('c.assignee_id', 'userId')
        .addSelect('COUNT(*)', 'n')
        .where("c.status = 'open'")
        .andWhere('c.assignee_id IN (:...ids)', { ids })
        .groupBy('c.assignee_id')
        .getRawMany<{ userId: string; n: string | number }>();
      return { users, members, loads };
    });
    const last = users.length ? await this.redis.client().hmget(`${this.redis.prefix}:routing:last`, ...users.map((u) => u.id)) : [];
    return users.map((u, i) => ({
      id: u.id,
      capacity: u.capacity,
      teamIds: members.filter((x) => x.userId === u.id).map((x) => x.teamId),
      load: Number(loads.find((l) => l.userId === u.id)?.n ?? 0),
      lastAssignedAt: Number(last[i] ?? 0),
    }));
  }

  onApplicationShutdown(): void {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
  }
}
