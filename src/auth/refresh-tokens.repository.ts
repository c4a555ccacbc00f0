import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import type { Tx } from '../database/transaction-runner';
import { RefreshToken } from '../schema/refresh-token.entity';

/** Refresh tokens: rows are rotated and revoked, never deleted (reuse detection needs the old ones). */
@Injectable()
export class RefreshTokensRepository {
  async issue(m: Tx, row: RefreshToken): Promise<void> {
    await m.insert(RefreshToken, row);
  }

  findById(m: Tx, id: string): Promise<RefreshToken | null> {
    return m.findOne(RefreshToken, { where: { id } });
  }

  /**
   * Marks a token replaced by its successor. Only a token still live is changed: when a parallel
   * refresh rotated it first, this throws and the caller's transaction (and its new token) rolls back.
   */
  async rotate(m: Tx, id: string, replacedById: string, at: Date): Promise<void> {
    const upd = await m.update(RefreshToken, { id, revokedAt: IsNull() }, { revokedAt: at, replacedById });
    if (!upd.affected) throw new Error('refresh token rotated concurrently');
  }

  async revokeFamily(m: Tx, familyId: string, at: Date): Promise<void> {
    await m.update(RefreshToken, { familyId, revokedAt: IsNull() }, { revokedAt: at });
  }

  /** Revokes every live token of a user; returns the families (logins) they belonged to. */
  async revokeAllLive(m: Tx, userId: string, at: Date): Promise<string[]> {
    const live = await m.find(RefreshToken, { select: { familyId: true }, where: { userId, revokedAt: IsNull() } });
    await m.update(RefreshToken, { userId, revokedAt: IsNull() }, { revokedAt: at });
    return live.map((r) => r.familyId);
  }
}
