import { HttpException, HttpStatus, Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { EntityManager, In, IsNull } from 'typeorm';
import { newId } from '../common/ids';
import { AUTH_CONFIG, AuthConfig } from './auth.config';
import { TransactionRunner } from '../database/transaction-runner';
import { RedisConnections } from '../redis/redis-connections';
import { TeamMember } from '../routing/team.entity';
import { verifyPassword } from './passwords';
import type { Principal } from './principal';
import { RefreshToken } from './refresh-token.entity';
import { SessionRevocation } from './session-revocation';
import { hashSecret, TokenService } from './token.service';
import { User } from './user.entity';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; name: string; email: string; role: string; agencyCode: string | null; teamIds: string[] };
}

const INVALID_LOGIN = 'E-mail atau kata sandi salah.';
const INVALID_REFRESH = 'Sesi berakhir, silakan masuk kembali.';
const PRINCIPAL_CACHE_MS = 5000;

/** Login, refresh-token rotation, logout, and who a token belongs to. */
@Injectable()
export class AuthService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('Auth');
  private readonly perPair: RateLimiterRedis;
  private readonly perIp: RateLimiterRedis;
  private readonly perAccount: RateLimiterRedis;
  private readonly cache = new Map<string, { p: Principal; at: number }>();

  constructor(
    @Inject(AUTH_CONFIG) private readonly cfg: AuthConfig,
    private readonly tx: TransactionRunner,
    private readonly tokens: TokenService,
    private readonly redis: RedisConnections,
    private readonly sessions: SessionRevocation,
  ) {
    const limiter = (name: string, points: number) =>
      new RateLimiterRedis({ storeClient: redis.client(), keyPrefix: `${redis.prefix}:rl:${name}`, points, duration: cfg.LOGIN_WINDOW_SECONDS });
    // Guessing one account's password from one address.
    this.perPair = limiter('login', cfg.LOGIN_MAX_ATTEMPTS);
    // Password spraying over many accounts from one address.
    this.perIp = limiter('login-ip', cfg.LOGIN_IP_MAX_ATTEMPTS ?? cfg.LOGIN_MAX_ATTEMPTS * 10);
    // One account guessed from many addresses (a botnet, or rotating proxies).
    this.perAccount = limiter('login-account', cfg.LOGIN_ACCOUNT_MAX_ATTEMPTS ?? cfg.LOGIN_MAX_ATTEMPTS * 3);
  }

  async login(emailRaw: string, password: string, ip: string): Promise<TokenPair> {
    const email = emailRaw.trim().toLowerCase();
    const pair = `${email}|${ip}`;
    await this.countAttempt(email, pair, ip);
    const user = await this.tx.exclusive(() => this.tx.manager.findOne(User, { where: { email } }));
    const ok = await verifyPassword(user?.active ? user.passwordHash : null, password);
    if (!ok || !user) {
      this.log.warn(`failed login from ${ip}`);
      throw new UnauthorizedException(INVALID_LOGIN);
    }
    // This pair starts afresh; the account and the address only get this attempt back,
    // so one good login does not wipe failures someone else caused from elsewhere.
    await Promise.all([this.perPair.delete(pair), this.perIp.reward(ip, 1), this.perAccount.reward(email, 1)]);
    return this.tx.run(async (m) => this.issue(m, user, newId(), ip));
  }

  /**
   * Counts the attempt before the password is checked: consume() is one atomic
   * Redis increment, so parallel requests cannot all pass a check made before
   * any of them failed. In order pair → address → account, stopping at the first
   * refusal: an address already refused charges no account, so one address
   * alone cannot lock an account for everyone else.
   */
  private async countAttempt(email: string, pair: string, ip: string): Promise<void> {
    for (const [limiter, key] of [
      [this.perPair, pair],
      [this.perIp, ip],
      [this.perAccount, email],
    ] as const) {
      try {
        await limiter.consume(key, 1);
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
        throw new HttpException(
          {
            statusCode: 429,
            error: 'Too Many Requests',
            message: `Terlalu banyak percobaan masuk. Coba lagi dalam ${Math.ceil(seconds / 60)} menit.`,
            retryAfter: seconds,
          },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
    }
  }

  private async issue(m: EntityManager, user: User, familyId: string, ip: string | null): Promise<TokenPair> {
    const { secret, hash } = this.tokens.newRefreshSecret();
    const now = new Date();
    const row: RefreshToken = {
      id: newId(),
      userId: user.id,
      familyId,
      tokenHash: hash,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.cfg.REFRESH_TOKEN_TTL * 1000),
      revokedAt: null,
      replacedById: null,
      ip: ip?.slice(0, 64) ?? null,
    };
    await m.insert(RefreshToken, row);
    const teamIds = (await m.find(TeamMember, { where: { userId: user.id } })).map((t) => t.teamId);
    return {
      accessToken: await this.tokens.signAccess(user.id, user.role, familyId),
      refreshToken: `${row.id}.${secret}`,
      tokenType: 'Bearer',
      expiresIn: this.tokens.accessTtlSeconds,
      user: { id: user.id, name: user.name, email: user.email, role: user.role, agencyCode: user.agencyCode, teamIds },
    };
  }

  /**
   * Exchanges a refresh token for a new pair; the old one stops working. A
   * token presented again after it was rotated means it leaked: every token
   * of that login is revoked.
   */
  async refresh(token: string, ip: string): Promise<TokenPair> {
    const [id, secret] = token.split('.');
    if (!id || !secret || id.length !== 36) throw new UnauthorizedException(INVALID_REFRESH);
    const result = await this.tx.run(async (m) => {
      const row = await m.findOne(RefreshToken, { where: { id } });
      if (!row || row.tokenHash !== hashSecret(secret)) return { error: 'unknown' as const };
      const now = new Date();
      if (row.revokedAt) {
        await this.sessions.markEnded([row.familyId]);
        await m.update(RefreshToken, { familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: now });
        return { error: 'reused' as const, userId: row.userId, familyId: row.familyId };
      }
      if (row.expiresAt.getTime() <= now.getTime()) return { error: 'expired' as const };
      const user = await m.findOne(User, { where: { id: row.userId } });
      if (!user?.active) return { error: 'inactive' as const };
      const pair = await this.issue(m, user, row.familyId, ip);
      const newId_ = pair.refreshToken.split('.')[0];
      const upd = await m.update(RefreshToken, { id: row.id, revokedAt: IsNull() }, { revokedAt: now, replacedById: newId_ });
      if (!upd.affected) throw new Error('refresh token rotated concurrently');
      return { pair };
    });
    if ('pair' in result && result.pair) return result.pair;
    if (result.error === 'reused') {
      this.sessions.kickSession(result.familyId, 'logged-out');
      this.log.warn(`refresh token reused for user ${result.userId}: session revoked`);
    }
    throw new UnauthorizedException(INVALID_REFRESH);
  }

  /** Ends the login of this refresh token: its tokens stop working and its live sockets are disconnected. */
  async logout(token: string): Promise<void> {
    const [id, secret] = token.split('.');
    if (!id || !secret) return;
    const familyId = await this.tx.run(async (m) => {
      const row = await m.findOne(RefreshToken, { where: { id } });
      if (!row || row.tokenHash !== hashSecret(secret)) return null;
      await this.sessions.markEnded([row.familyId]);
      await m.update(RefreshToken, { familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
      return row.familyId;
    });
    if (familyId) this.sessions.kickSession(familyId, 'logged-out');
  }

  /** Ends every session of a user (deactivated, password or role changed); the caller disconnects their sockets after commit. */
  async revokeAll(m: EntityManager, userId: string): Promise<void> {
    const live = await m.find(RefreshToken, { select: { familyId: true }, where: { userId, revokedAt: IsNull() } });
    await this.sessions.markEnded(live.map((r) => r.familyId));
    await m.update(RefreshToken, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    await this.forget(userId);
  }

  /** Whether the login an access token belongs to was ended (logout, revocation) before the token expired. */
  sessionEnded(sid: string | undefined): Promise<boolean> {
    return this.sessions.ended(sid);
  }

  /**
   * Every process caches principals for a few seconds; a change to an officer (teams, role,
   * deactivation) is announced over Redis so no process keeps serving the old rooms and rights.
   */
  private subscriber?: ReturnType<RedisConnections['open']>;
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
    const p = await this.tx.exclusive(async () => {
      const user = await this.tx.manager.findOne(User, { where: { id: userId } });
      if (!user?.active) return null;
      const teams = await this.tx.manager.find(TeamMember, { where: { userId } });
      return toPrincipal(
        user,
        teams.map((t) => t.teamId),
      );
    });
    if (p) this.cache.set(userId, { p, at: Date.now() });
    else this.cache.delete(userId);
    if (this.cache.size > 5000) this.cache.clear();
    return p;
  }

  /** Principals of many users at once (routing, presence lists). */
  async principals(ids: string[]): Promise<Principal[]> {
    if (!ids.length) return [];
    return this.tx.exclusive(async () => {
      const users = await this.tx.manager.find(User, { where: { id: In(ids), active: true } });
      const teams = await this.tx.manager.find(TeamMember, { where: { userId: In(ids) } });
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
