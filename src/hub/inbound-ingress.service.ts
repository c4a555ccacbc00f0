import { Injectable, Logger } from '@nestjs/common';
import { INBOUND_QUEUE, jobIdFor } from './queue-names';
import { QueueService } from './queue.service';
import { InboundMessage } from './messages';

/**
 * The one door into the hub for every channel. The job id is derived from
 * (channel, external id), so a message the vendor delivers twice while the
 * first copy is still queued is added once; the unique index on messages
 * catches later re-deliveries.
 */
@Injectable()
export class InboundIngress {
  private readonly log = new Logger(InboundIngress.name);

  constructor(private readonly queues: QueueService) {}

  async accept(msg: InboundMessage): Promise<void> {
    await this.queues.get(INBOUND_QUEUE).add('inbound', msg, {
      jobId: jobIdFor(msg.channel, msg.externalId),
      attempts: 20,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: { age: 24 * 3600, count: 50_000 },
      removeOnFail: false,
    });
    this.log.debug(`queued ${msg.channel} message ${msg.messageId}`);
  }
}
