import { Inject, Injectable } from '@nestjs/common';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { Message } from '../schema/message.entity';
import { OutboundJob } from './messages';
import { outboundQueueName } from './queue-names';
import { QueueService } from './queue.service';

/** Puts a stored outbound message on its channel's queue; the message id is the job id. */
@Injectable()
export class OutboundService {
  constructor(
    @Inject(HUB_CONFIG) private readonly cfg: ResolvedConfig,
    private readonly queues: QueueService,
  ) {}

  async enqueue(message: Pick<Message, 'id' | 'channel'>): Promise<void> {
    const job: OutboundJob = { messageId: message.id };
    await this.queues.get(outboundQueueName(message.channel)).add('send', job, {
      jobId: message.id,
      attempts: this.cfg.OUTBOUND_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.cfg.OUTBOUND_BACKOFF_MS },
      removeOnComplete: { age: 24 * 3600, count: 50_000 },
      // Jobs that exhaust their retries stay visible for the admin API.
      removeOnFail: false,
    });
  }
}
