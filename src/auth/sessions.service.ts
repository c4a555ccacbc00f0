import { Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { newId } from '../common/ids';
import { TransactionRunner, Tx } from '../database/transaction-runner';
import { AUTH_CONFIG, AuthConfig } from './auth.config';
import { PrincipalsService } from './principals.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import type { RefreshToken } from '../schema/refresh-token.entity';
import { SessionRevocation } from './session-revocation';
import { hashSecret, TokenService } from './token.service';
import type { User } from '../schema/user.entity';
import { UsersRepository } from './users.repository';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; name: string; email: string; role: string; agencyCode: string | null; teamIds: string[] };
}

const INVALID_REFRESH = 'Sesi berakhir, silakan masuk kembali.';

/** A login's life after the password: token pairs, refresh-token rotation, logout, revocation. */
@Injectable()
export class SessionsService {
  private readonly log = new Logger('Auth');

  constructor(
    @Inject(AUTH_CONFIG) private readonly cfg: AuthConfig,
    private readonly tx: TransactionRunner,
    private readonly tokens: TokenService,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly users: UsersRepository,
    private readonly revocation: SessionRevocation,
    private readonly principals: PrincipalsService,
  ) {}

  /** A new login (refresh-token family) for a user whose password was just checked. */
  start(user: User, ip: string): Promise<TokenPair> {
    return this.tx.run(async (m) => this.issue(m, user, newId(), ip));
  }

  private async issue(m: Tx, user: User, familyId: string, ip: string | null): Promise<TokenPair> {
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
    await this.refreshTokens.issue(m, row);
    const teamIds = await this.users.teamIdsOf(m, user.id);
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
      const row = await this.refreshTokens.findById(m, id);
      if (!row || row.tokenHash !== hashSecret(secret)) return { error: 'unknown' as const };
      const now = new Date();
      if (row.revokedAt) {
        await this.revocation.markEnded([row.familyId]);
        await this.refreshTokens.revokeFamily(m, row.familyId, now);
        return { error: 'reused' as const, userId: row.userId, familyId: row.familyId };
      }
      if (row.expiresAt.getTime() <= now.getTime()) return { error: 'expired' as const };
      const user = await this.users.findById(m, row.userId);
      if (!user?.active) return { error: 'inactive' as const };
      const pair = await this.issue(m, user, row.familyId, ip);
      await this.refreshTokens.rotate(m, row.id, pair.refreshToken.split('.')[0], now);
      return { pair };
    });
    if ('pair' in result && result.pair) return result.pair;
    if (result.error === 'reused') {
      this.revocation.kickSession(result.familyId, 'logged-out');
      this.log.warn(`refresh token reused for user ${result.userId}: session revoked`);
    }
    throw new UnauthorizedException(INVALID_REFRESH);
  }

  /** Ends the login of this refresh token: its tokens stop working and its live sockets are disconnected. */
  async logout(token: string): Promise<void> {
    const [id, secret] = token.split('.');
    if (!id || !secret) return;
    const familyId = await this.tx.run(async (m) => {
      const row = await this.refreshTokens.findById(m, id);
      if (!row || row.tokenHash !== hashSecret(secret)) return null;
      await this.revocation.markEnded([row.familyId]);
      await this.refreshTokens.revokeFamily(m, row.familyId, new Date());
      return row.familyId;
    });
    if (familyId) this.revocation.kickSession(familyId, 'logged-out');
  }

  /**
   * Ends every session of a user (deactivated, password or role changed) inside the caller's
   * transaction; the logins are marked ended before it commits. The caller disconnects their sockets after commit.
   */
  async revokeAll(m: Tx, userId: string): Promise<void> {
    const families = await this.refreshTokens.revokeAllLive(m, userId, new Date());
    await this.revocation.markEnded(families);
    await this.principals.forget(userId);
  }

  /** Whether the login an access token belongs to was ended (logout, revocation) before the token expired. */
  sessionEnded(sid: string | undefined): Promise<boolean> {
    return this.revocation.ended(sid);
  }
}
