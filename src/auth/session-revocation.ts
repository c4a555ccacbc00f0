import { Inject, Injectable } from '@nestjs/common';
import { CONSOLE_NAMESPACE, ConsoleRooms } from '../access/console-rooms';
import { AUTH_CONFIG, AuthConfig } from './auth.config';
import { RealtimeService } from '../realtime/realtime.service';
import { RedisConnections } from '../redis/redis-connections';

export type SessionEndReason = 'logged-out' | 'deactivated' | 'changed';

const MESSAGE: Record<SessionEndReason, string> = {
  'logged-out': 'Anda telah keluar. Silakan masuk kembali.',
  deactivated: 'Sesi Anda diakhiri oleh administrator. Silakan masuk kembali.',
  changed: 'Peran atau tim Anda diubah. Konsol menyambung ulang.',
};

/**
 * Ends logins at once. An access token lives for minutes after its refresh
 * token is revoked; its login id (`sid`) is marked ended in Redis for that
 * long so neither REST nor a reconnecting socket accepts it, and the
 * officer's live sockets are disconnected on every api process.
 */
@Injectable()
export class SessionRevocation {
  constructor(
    @Inject(AUTH_CONFIG) private readonly cfg: AuthConfig,
    private readonly redis: RedisConnections,
    private readonly realtime: RealtimeService,
  ) {}

  private key(sid: string): string {
    return `${this.redis.prefix}:auth:ended:${sid}`;
  }

  /** Marks logins ended (before the transaction that revokes them commits: failing safe). */
  async markEnded(sids: string[]): Promise<void> {
    if (!sids.length) return;
    const ttl = this.cfg.ACCESS_TOKEN_TTL + 60;
    const multi = this.redis.client().multi();
    for (const sid of new Set(sids)) multi.set(this.key(sid), '1', 'EX', ttl);
    await multi.exec();
  }

  async ended(sid: string | undefined): Promise<boolean> {
    if (!sid) return false;
    return (await this.redis.client().exists(this.key(sid))) === 1;
  }

  /** Disconnects the sockets of one login. */
  kickSession(sid: string, reason: SessionEndReason): void {
    this.kick(ConsoleRooms.session(sid), reason);
  }

  /** Disconnects every socket of an officer (deactivated, role or teams changed: their rooms are stale). */
  kickUser(userId: string, reason: SessionEndReason): void {
    this.kick(ConsoleRooms.user(userId), reason);
  }

  private kick(room: string, reason: SessionEndReason): void {
    this.realtime.disconnect(CONSOLE_NAMESPACE, room, 'session.expired', { reason, message: MESSAGE[reason] });
  }
}
