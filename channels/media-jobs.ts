import { Logger } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import type { ResolvedConfig } from '../src/config/hub-config';
import { InboundIngress, InboundMessage, jobIdFor, QueueService, RedisConnections } from '../src/hub/ports';

/** What one media job carries: the message as normalised, plus whatever the channel needs to fetch its files. */
export interface MediaJobData<X = unknown> {
  inbound: InboundMessage;
  extra?: X;
}

/**
 * Fetches a message's files in a background BullMQ job, after the webhook
 * has answered: a slow media server never holds a vendor's call (Meta wants
 * an answer within seconds). The job downloads, then hands the message to
 * InboundIngress; a download that fails leaves the attachment as metadata
 * (the channel's `fetch` decides), so only a failure to queue is retried.
 * Any channel with inbound files may use one (queue `media-<channel>`).
 */
export class MediaJobs<X = unknown> {
  private readonly log: Logger;
  private worker?: Worker;
  readonly queueName: string;

  constructor(
    private readonly channel: string,
    private readonly deps: { hub: ResolvedConfig; queues: QueueService; redis: RedisConnections; ingress: InboundIngress },
    /** Downloads the files of `data.inbound.attachments` in place (ref → DATA_DIR path); must not throw for a bad file. */
    private readonly fetch: (data: MediaJobData<X>) => Promise<void>,
  ) {
    this.queueName = `media-${channel}`;
    this.log = new Logger(`MediaJobs(${channel})`);
  }

  /** Queued once per (channel, message): a re-delivered webhook adds nothing. */
  async enqueue(data: MediaJobData<X>): Promise<void> {
    await this.deps.queues.get(this.queueName).add('fetch', data, {
      jobId: jobIdFor('media', this.channel, data.inbound.externalId),
      attempts: 20,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { age: 24 * 3600, count: 50_000 },
      removeOnFail: false,
    });
  }

  /**
   * In processes that run workers; call once the channel is enabled. One job
   * at a time by default: a citizen's files then reach the hub in the order sent.
   */
  start(concurrency = 1): void {
    if (!this.deps.hub.runsWorkers || this.worker) return;
    this.worker = new Worker(this.queueName, (job: Job<MediaJobData<X>>) => this.run(job.data), {
      connection: this.deps.redis.open(`worker-${this.queueName}`),
      prefix: this.deps.redis.prefix,
      concurrency,
    });
    this.worker.on('error', (err) => this.log.warn(`media worker: ${err.message}`));
    this.worker.on('failed', (job, err) => this.log.warn(`media job ${job?.id} attempt ${job?.attemptsMade} failed: ${err.message}`));
  }

  private async run(data: MediaJobData<X>): Promise<void> {
    await this.fetch(data);
    await this.deps.ingress.accept(data.inbound);
  }

  async close(): Promise<void> {
    await this.worker?.close();
  }
}
