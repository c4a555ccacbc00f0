import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ConsoleSignals } from '../signals/console-signals';
import { ROUTING_CONFIG, RoutingConfig } from './routing.config';
import { HubEvents } from '../hub/hub-events';
import { RedisConnections } from '../redis/redis-connections';

export type PresenceStatus = 'online' | 'away';

/**
 * Who has a console open, shared by every api process through Redis: a sorted
 * set of `<userId>|<process>` scored by expiry, refreshed while the process
 * holds a socket of that user (heartbeat). A crashed process's entries
 * simply expire. 'away' officers count as present but get no new conversations.
 */
@Injectable()
export class PresenceService implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('Presence');
  private readonly instance = randomBytes(6).toString('hex');
  private readonly local = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(ROUTING_CONFIG) private readonly cfg: RoutingConfig,
    private readonly redis: RedisConnections,
    private readonly events: HubEvents,
    private readonly signals: ConsoleSignals,
  ) {}

  private get key(): string {
    return `${this.redis.prefix}:presence`;
  }

  private get awayKey(): string {
    return `${this.redis.prefix}:presence:away`;
  }

  onModuleInit(): void {
    this.timer = setInterval(
      () => void this.heartbeat().catch((e: Error) => this.log.warn(`heartbeat: ${e.message}`)),
      (this.cfg.PRESENCE_TTL_SECONDS * 1000) / 3,
    );
    this.timer.unref();
  }

  private expiry(): number {
    return Date.now() + this.cfg.PRESENCE_TTL_SECONDS * 1000;
  }

  /** A console socket of this user connected to this process. */
  async connected(userId: string, teamIds: string[]): Promise<void> {
    const n = (this.local.get(userId) ?? 0) + 1;
    this.local.set(userId, n);
    const wasOnline = n === 1 ? await this.isOnline(userId) : true;
    await this.redis.client().zadd(this.key, this.expiry(), `${userId}|${this.instance}`);
    if (!wasOnline) this.changed(userId, teamIds, true);
  }

  async disconnected(userId: string, teamIds: string[]): Promise<void> {
    const n = (this.local.get(userId) ?? 1) - 1;
    if (n > 0) {
      this.local.set(userId, n);
      return;
    }
    this.local.delete(userId);
    await this.redis.client().zrem(this.key, `${userId}|${this.instance}`);
    if (!(await this.isOnline(userId))) this.changed(userId, teamIds, false);
  }

  async setStatus(userId: string, teamIds: string[], status: PresenceStatus): Promise<void> {
    if (status === 'away') await this.redis.client().hset(this.awayKey, userId, '1');
    else await this.redis.client().hdel(this.awayKey, userId);
    this.changed(userId, teamIds, true, status);
  }

  private changed(userId: string, teamIds: string[], online: boolean, status?: PresenceStatus): void {
    const payload = { userId, online, status: status ?? (online ? 'online' : 'offline'), at: new Date().toISOString() };
    this.events.emit(['supervisors', ...teamIds.map((t) => `team:${t}`)], 'presence', payload);
    this.signals.emit({ kind: 'presence', userId, online: online && status !== 'away' });
  }

  private async heartbeat(): Promise<void> {
    if (!this.local.size) return;
    const exp = this.expiry();
    const args: (string | number)[] = [];
    for (const u of this.local.keys()) args.push(exp, `${u}|${this.instance}`);
    await this.redis.client().zadd(this.key, ...args);
    await this.redis.client().zremrangebyscore(this.key, 0, Date.now());
  }

  async isOnline(userId: string): Promise<boolean> {
    return (await this.onlineUserIds()).has(userId);
  }

  /** Users with a live console (including 'away' ones). */
  async onlineUserIds(): Promise<Set<string>> {
    const members = await this.redis.client().zrangebyscore(this.key, Date.now(), '+inf');
    return new Set(members.map((m) => m.split('|')[0]));
  }

  /** Online and not away: may receive conversations. */
  async availableUserIds(): Promise<Set<string>> {
    const [online, away] = await Promise.all([this.onlineUserIds(), this.redis.client().hkeys(this.awayKey)]);
    for (const a of away) online.delete(a);
    return online;
  }

  async awayUserIds(): Promise<Set<string>> {
    return new Set(await this.redis.client().hkeys(this.awayKey));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.local.size)
      await this.redis
        .client()
        .zrem(this.key, ...[...this.local.keys()].map((u) => `${u}|${this.instance}`))
        .catch(() => undefined);
  }
}
