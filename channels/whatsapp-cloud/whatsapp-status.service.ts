import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { In } from 'typeorm';
import { HUB_CONFIG, ResolvedConfig } from '../../src/config/hub-config';
import { Conversation } from '../../src/conversations/conversation.entity';
import { DeliveryStatus, Message } from '../../src/conversations/message.entity';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { HubEvents } from '../../src/hub/hub-events';
import { jobIdFor } from '../../src/hub/queue-names';
import { QueueService } from '../../src/hub/queue.service';
import { RedisConnections } from '../../src/redis/redis-connections';
import { WaDeliveryUpdate, WHATSAPP_CHANNEL } from './whatsapp-cloud.normalize';

export const WHATSAPP_STATUS_QUEUE = 'whatsapp-status';

/**
 * Which current states a callback may move a message out of. Statuses only
 * move forward (Meta sends them out of order: read can arrive before
 * delivered); failed replaces only a message not yet known to be delivered.
 */
const MAY_MOVE_FROM: Record<WaDeliveryUpdate['status'], DeliveryStatus[]> = {
  sent: ['pending'],
  delivered: ['pending', 'sent'],
  read: ['pending', 'sent', 'delivered'],
  failed: ['pending', 'sent'],
};

/**
 * Applies WhatsApp delivery callbacks to outbound messages, matched by the
 * wamid stored as their external id. Callbacks go through a queue: one that
 * arrives before the sender recorded the wamid is retried, not lost.
 */
@Injectable()
export class WhatsappStatusService implements OnApplicationShutdown {
  private readonly log = new Logger('WhatsappStatus');
  private worker?: Worker;

  constructor(
    @Inject(HUB_CONFIG) private readonly hub: ResolvedConfig,
    private readonly queues: QueueService,
    private readonly redis: RedisConnections,
    private readonly tx: TransactionRunner,
    private readonly events: HubEvents,
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
    const changed = await this.tx.run(async (m) => {
      const r = await m.update(
        Message,
        { channel: WHATSAPP_CHANNEL, externalId: u.wamid, direction: 'out', deliveryStatus: In(MAY_MOVE_FROM[u.status]) },
        { deliveryStatus: u.status, ...(u.status === 'failed' ? { deliveryError: (u.error ?? 'failed (no reason given by WhatsApp)').slice(0, 500) } : {}) },
      );
      if (r.affected) return true;
      const exists = await m.exists(Message, { where: { channel: WHATSAPP_CHANNEL, externalId: u.wamid } });
      // Not stored yet (the sender records the wamid right after Meta answers): retry the job.
      if (!exists) throw new Error(`no outbound message with this wamid yet (${u.status})`);
      return false;
    });
    if (!changed) return 'stale';
    const msg = await this.tx.exclusive(() => this.tx.manager.findOne(Message, { where: { channel: WHATSAPP_CHANNEL, externalId: u.wamid } }));
    const conv = msg ? await this.tx.exclusive(() => this.tx.manager.findOneBy(Conversation, { id: msg.conversationId })) : null;
    if (msg && conv) await this.events.messageUpdated(conv, msg);
    return 'updated';
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
