import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner';
import { RedisConnections } from '../redis/redis-connections';
import type { Principal } from '../common/principal';
import type { User } from '../schema/user.entity';
import { UsersRepository } from './users.repository';

const PRINCIPAL_CACHE_MS = 5000;

/**
 * Who a token belongs to. Every process caches principals for a few seconds; a change to an officer
 * (teams, role, deactivation) is announced over Redis so no process keeps serving the old rooms and rights.
 */
@Injectable()
export class PrincipalsService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('Auth');
  private readonly cache = new Map<string, { p: Principal; at: number }>();
  private subscriber?: ReturnType<RedisConnections['open']>;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly users: UsersRepository,
    private readonly redis: RedisConnections,
  ) {}

  private get forgetChannel(): string {
    return `${this.redis.prefix}:auth:forget`;
  }

  async onModuleInit(): Promise<void> {
    this.subscriber = this.redis.open('auth-forget');
    this.subscriber.on('message', (_channel: string, userId: string) => this.cache.delete(userId));
    await this.subscriber.subscribe(this.forgetChannel);
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /** The officer behind a token; `fresh` skips the cache (a socket choosing its rooms). */
  async principal(userId: string, fresh = false): Promise<Principal | null> {
    const hit = fresh ? undefined : this.cache.get(userId);
    if (hit && Date.now() - hit.at < PRINCIPAL_CACHE_MS) return hit.p;
    const p = await this.tx.read(async (m) => {
      const user = await this.users.findById(m, userId);
      if (!user?.active) return null;
      return toPrincipal(user, await this.users.teamIdsOf(m, userId));
    });
    if (p) this.cache.set(userId, { p, at: Date.now() });
    else this.cache.delete(userId);
    if (this.cache.size > 5000) this.cache.clear();
    return p;
  }

  /** Principals of many users at once (routing, presence lists). */
  async principals(ids: string[]): Promise<Principal[]> {
    if (!ids.length) return [];
    return this.tx.read(async (m) => {
      const users = await this.users.findActive(m, ids);
      const teams = await this.users.memberships(m, ids);
      return users.map((u) =>
        toPrincipal(
          u,
          teams.filter((t) => t.userId === u.id).map((t) => t.teamId),
        ),
      );
    });
  }

  /** Drops an officer from every process's cache (resolves once announced; never throws). */
  async forget(userId: string): Promise<void> {
    this.cache.delete(userId);
    await this.redis
      .client()
      .publish(this.forgetChannel, userId)
      .then(() => undefined)
      .catch((err: Error) => this.log.warn(`could not announce a changed officer: ${err.message}`));
  }
}

export function toPrincipal(u: User, teamIds: string[]): Principal {
  return { id: u.id, email: u.email, name: u.name, role: u.role, agencyCode: u.agencyCode, teamIds, capacity: u.capacity };
}
