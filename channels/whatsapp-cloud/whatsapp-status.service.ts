import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { HUB_CONFIG, ResolvedConfig } from '../../src/config/hub-config';
import { DeliveryReports, jobIdFor, QueueService } from '../../src/hub/ports';
import { RedisConnections } from '../../src/redis/redis-connections';
import { WaDeliveryUpdate, WHATSAPP_CHANNEL } from './whatsapp-cloud.normalize';

export const WHATSAPP_STATUS_QUEUE = 'whatsapp-status';

/**
 * Hands WhatsApp delivery callbacks to the hub's DeliveryReports, matched by
 * the wamid stored as the message's external id. Callbacks go through a
 * queue: one that arrives before the sender recorded the wamid is retried, not lost.
 */
@Injectable()
export class WhatsappStatusService implements OnApplicationShutdown {
  private readonly log = new Logger('WhatsappStatus');
  private worker?: Worker;

  constructor(
    @Inject(HUB_CONFIG) private readonly hub: ResolvedConfig,
    private readonly queues: QueueService,
    private readonly redis: RedisConnections,
    private readonly reports: DeliveryReports,
  ) {}

  async enqueue(u: WaDeliveryUpdate): Promise<void> {
    await this.queues.get(WHATSAPP_STATUS_QUEUE).add('status', u, {
      jobId: jobIdFor('wa-status', u.wamid, u.status),
      attempts: 10,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { age: 24 * 3600, count: 50_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  /** Call only on the WhatsApp Cloud transport. */
  startWorker(): void {
    if (!this.hub.runsWorkers || this.worker) return;
    this.worker = new Worker(WHATSAPP_STATUS_QUEUE, (job: Job<WaDeliveryUpdate>) => this.apply(job.data), {
      connection: this.redis.open(`worker-${WHATSAPP_STATUS_QUEUE}`),
      prefix: this.redis.prefix,
      concurrency: 4,
    });
    this.worker.on('error', (err) => this.log.warn(`status worker: ${err.message}`));
  }

  async apply(u: WaDeliveryUpdate): Promise<'updated' | 'stale'> {
    const outcome = await this.reports.report({
      channel: WHATSAPP_CHANNEL,
      externalId: u.wamid,
      status: u.status,
      ...(u.status === 'failed' ? { error: u.error ?? 'failed (no reason given by WhatsApp)' } : {}),
      at: u.at ? new Date(u.at) : new Date(),
    });
    // Not stored yet (the sender records the wamid right after Meta answers): retry the job.
    if (outcome === 'unknown') throw new Error(`no outbound message with this wamid yet (${u.status})`);
    return outcome;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
