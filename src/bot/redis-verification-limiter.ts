import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RedisConnections } from '../redis/redis-connections';
import { BOT_CONFIG, BotConfig } from './bot.config';
import type { VerificationLimiter } from './bot.ports';

/**
 * Failed identity checks per application, in Redis so every worker process
 * sees the same count. After STATUS_MAX_FAILED_VERIFICATIONS failures within
 * the lock window the application is locked for STATUS_LOCK_MINUTES.
 */
@Injectable()
export class RedisVerificationLimiter implements VerificationLimiter {
  constructor(
    private readonly redis: RedisConnections,
    @Inject(BOT_CONFIG) private readonly cfg: BotConfig,
  ) {}

  private keys(app: string): { fails: string; lock: string } {
    const h = createHash('sha1').update(app.toUpperCase()).digest('hex').slice(0, 20);
    return { fails: `${this.redis.prefix}:bot:verify:fails:${h}`, lock: `${this.redis.prefix}:bot:verify:lock:${h}` };
  }

  private get lockMs(): number {
    return this.cfg.STATUS_LOCK_MINUTES * 60_000;
  }

  async lockedForMs(app: string): Promise<number> {
    const ttl = await this.redis.client().pttl(this.keys(app).lock);
    return ttl > 0 ? ttl : 0;
  }

  async recordFailure(app: string): Promise<{ locked: boolean; attemptsLeft: number; lockedForMs: number }> {
    const k = this.keys(app);
    const res = await this.redis.client().multi().incr(k.fails).pexpire(k.fails, this.lockMs).exec();
    const count = Number(res?.[0]?.[1] ?? 0);
    const max = this.cfg.STATUS_MAX_FAILED_VERIFICATIONS;
    if (count >= max) {
      await this.redis.client().multi().set(k.lock, '1', 'PX', this.lockMs).del(k.fails).exec();
      return { locked: true, attemptsLeft: 0, lockedForMs: this.lockMs };
    }
    return { locked: false, attemptsLeft: max - count, lockedForMs: 0 };
  }

  async reset(app: string): Promise<void> {
    await this.redis.client().del(this.keys(app).fails);
  }
}
