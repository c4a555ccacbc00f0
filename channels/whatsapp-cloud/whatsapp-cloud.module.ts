import { Module, OnModuleInit } from '@nestjs/common';
import { ChannelRegistry, HubModule } from '../../src/hub/ports';
import { WHATSAPP_CLOUD_CONFIG, WhatsappCloudAdapter } from './whatsapp-cloud.adapter';
import { loadWhatsappCloudConfig, whatsappTransport } from './whatsapp-cloud.config';
import { WhatsappCloudController } from './whatsapp-cloud.controller';
import { WhatsappMediaService } from './whatsapp-media.service';
import { WhatsappStatusService } from './whatsapp-status.service';

@Module({
  imports: [HubModule],
  // Parsed while the app is built, so a bad WHATSAPP_* value stops the start with its name.
  providers: [
    { provide: WHATSAPP_CLOUD_CONFIG, useFactory: () => loadWhatsappCloudConfig(process.env) },
    WhatsappCloudAdapter,
    WhatsappStatusService,
    WhatsappMediaService,
  ],
  controllers: [WhatsappCloudController],
})
export class WhatsappCloudModule implements OnModuleInit {
  constructor(
    private readonly registry: ChannelRegistry,
    private readonly adapter: WhatsappCloudAdapter,
    private readonly statuses: WhatsappStatusService,
    private readonly media: WhatsappMediaService,
  ) {}

  onModuleInit(): void {
    const transport = whatsappTransport(process.env);
    // 'whatsapp' is one channel: the web transport registers itself instead.
    if (transport === 'web') return;
    this.registry.register(this.adapter);
    if (transport === 'cloud') {
      this.statuses.startWorker();
      this.media.jobs.start();
    }
  }
}
