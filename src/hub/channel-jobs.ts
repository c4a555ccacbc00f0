import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Job, JobsOptions, Worker } from 'bullmq';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { RedisConnections } from '../redis/redis-connections';
import { QueueService } from './queue.service';

/**
 * A channel's own background work (fetching a citizen's attachment after the
 * webhook has answered), as BullMQ jobs: a crash after the vendor got its 200
 * loses nothing, and the job id makes a re-delivery one job. Channels get the
 * queue without touching Redis themselves.
 */
@Injectable()
export class ChannelJobs implements OnApplicationShutdown {
  private readonly log = new Logger('ChannelJobs');
  private readonly workers = new Map<string, Worker>();

  constructor(
    @Inject(HUB_CONFIG) private readonly cfg: ResolvedConfig,
    private readonly queues: QueueService,
    private readonly redis: RedisConnections,
  ) {}

  /** Runs `handle` for the queue's jobs in worker processes (HUB_ROLE with workers); a no-op elsewhere. */
  process<T>(queue: string, concurrency: number, handle: (data: T) => Promise<unknown>): void {
    if (!this.cfg.runsWorkers || this.workers.has(queue)) return;
    const worker = new Worker(queue, (job: Job<T>) => handle(job.data), {
      connection: this.redis.open(`worker-${queue}`),
      prefix: this.redis.prefix,
      concurrency,
    });
    worker.on('failed', (job, err) => this.log.warn(`${queue} job ${job?.id} attempt ${job?.attemptsMade} failed: ${err.message}`));
    worker.on('error', (err) => this.log.warn(`${queue} worker: ${err.message}`));
    this.workers.set(queue, worker);
  }

  async add<T>(queue: string, data: T, jobId: string, opts: Omit<JobsOptions, 'jobId'> = {}): Promise<void> {
    await this.queues.get(queue).add('job', data, {
      jobId,
      attempts: 10,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 24 * 3600, count: 50_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
      ...opts,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.close()));
  }
}
