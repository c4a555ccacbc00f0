import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import IORedis, { Redis, RedisOptions } from 'ioredis';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';

/**
 * Hands out Redis connections and closes them all at shutdown. BullMQ
 * workers need their own blocking connection with maxRetriesPerRequest null;
 * short commands share one client.
 */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly log = new Logger('Redis');
  private readonly opened: Redis[] = [];
  private shared?: Redis;

  constructor(@Inject(HUB_CONFIG) private readonly cfg: ResolvedConfig) {}

  /** For commands (rate limits, locks, health). */
  client(): Redis {
    if (!this.shared) this.shared = this.open('shared', { maxRetriesPerRequest: 3 });
    return this.shared;
  }

  /** A dedicated connection (BullMQ worker, socket.io adapter, subscriptions). */
  open(name: string, extra: RedisOptions = {}): Redis {
    const c = new IORedis(this.cfg.redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: `hub-${name}`, ...extra });
    c.on('error', (err) => this.log.warn(`redis ${name}: ${err.message}`));
    this.opened.push(c);
    return c;
  }

  get prefix(): string {
    return this.cfg.REDIS_PREFIX;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.opened.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
