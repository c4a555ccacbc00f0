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
  private queues?: Redis;

  constructor(@Inject(HUB_CONFIG) private readonly cfg: ResolvedConfig) {}

  /**
   * For commands (rate limits, locks, health). Auto-pipelined: the commands many messages issue in
   * one tick go out in one socket write instead of one write each.
   */
  client(): Redis {
    if (!this.shared) this.shared = this.open('shared', { maxRetriesPerRequest: 3, enableAutoPipelining: true });
    return this.shared;
  }

  /**
   * For BullMQ Queue objects (adding jobs): like `client()` but not auto-pipelined, which Bull
   * and BullMQ users report losing job data with (OptimalBits/bull#2276, taskforcesh/bullmq#457).
   */
  queueClient(): Redis {
    if (!this.queues) this.queues = this.open('queues', { maxRetriesPerRequest: 3 });
    return this.queues;
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
