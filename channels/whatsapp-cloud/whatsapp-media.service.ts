import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HUB_CONFIG, ResolvedConfig } from '../../src/config/hub-config';
import { InboundIngress, InboundMessage, QueueService, RedisConnections } from '../../src/hub/ports';
import { MediaJobs } from '../media-jobs';
import { WhatsappCloudAdapter } from './whatsapp-cloud.adapter';
import { WHATSAPP_CHANNEL } from './whatsapp-cloud.normalize';

/** Messages with files go through a background job that downloads them, then queues the message. */
@Injectable()
export class WhatsappMediaService implements OnApplicationShutdown {
  readonly jobs: MediaJobs;

  constructor(
    @Inject(HUB_CONFIG) hub: ResolvedConfig,
    queues: QueueService,
    redis: RedisConnections,
    private readonly ingress: InboundIngress,
    adapter: WhatsappCloudAdapter,
  ) {
    this.jobs = new MediaJobs(WHATSAPP_CHANNEL, { hub, queues, redis, ingress }, async ({ inbound }) => {
      for (const a of inbound.attachments ?? []) await adapter.fetchMedia(a, inbound.messageId);
    });
  }

  /** Straight into the hub, or through the media job when there is something to download. */
  async accept(m: InboundMessage): Promise<void> {
    if ((m.attachments ?? []).some((a) => a.ref?.startsWith('whatsapp-media:'))) await this.jobs.enqueue({ inbound: m });
    else await this.ingress.accept(m);
  }

  onApplicationShutdown(): Promise<void> {
    return this.jobs.close();
  }
}
