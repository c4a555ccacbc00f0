import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { RedisConnections } from '../redis/redis-connections';

/** One BullMQ Queue object per queue name, shared by the whole process. */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly log = new Logger(QueueService.name);
  private readonly queues = new Map<string, Queue>();

  constructor(private readonly redis: RedisConnections) {}

  get(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.redis.queueClient(), prefix: this.redis.prefix });
      // A Queue re-emits its connection's errors: with no listener, a Redis restart would kill the process.
      q.on('error', (err) => this.log.warn(`queue ${name}: ${err.message}`));
      this.queues.set(name, q);
    }
    return q;
  }

  known(): string[] {
    return [...this.queues.keys()];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
