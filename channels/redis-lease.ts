import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface LeaseHandlers {
  onAcquired: () => void | Promise<void>;
  onLost: () => void | Promise<void>;
}

/**
 * A single-owner lease in Redis (the Telegram poller, the WhatsApp Web
 * session): exactly one process of the installation holds it; if that
 * process dies, the key expires and another one takes over within ttlMs.
 */
export class RedisLease {
  readonly token = randomBytes(12).toString('hex');
  private timer?: NodeJS.Timeout;
  private held = false;
  private stopped = false;
  private renewedAt = 0;

  constructor(
    private readonly redis: Redis,
    readonly key: string,
    private readonly ttlMs: number,
  ) {}

  get isHeld(): boolean {
    return this.held;
  }

  /** Tries now and then every ttl/3; calls the handlers on each change of ownership. */
  start(h: LeaseHandlers): void {
    const tick = async (): Promise<void> => {
      if (this.stopped) return;
      try {
        if (this.held) {
          const ok = await this.redis.eval(RENEW, 1, this.key, this.token, String(this.ttlMs));
          if (ok !== 1) {
            this.held = false;
            await h.onLost();
          } else this.renewedAt = Date.now();
        } else {
          const ok = await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX');
          if (ok === 'OK') {
            this.held = true;
            this.renewedAt = Date.now();
            await h.onAcquired();
          }
        }
      } catch {
        // Redis unreachable: once the key may have expired, another process may own it now.
        if (this.held && Date.now() - this.renewedAt > this.ttlMs) {
          this.held = false;
          await Promise.resolve(h.onLost()).catch(() => undefined);
        }
      }
      if (!this.stopped) this.timer = setTimeout(() => void tick(), Math.max(200, Math.floor(this.ttlMs / 3)));
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.held) {
      this.held = false;
      await this.redis.eval(RELEASE, 1, this.key, this.token).catch(() => undefined);
    }
  }
}
