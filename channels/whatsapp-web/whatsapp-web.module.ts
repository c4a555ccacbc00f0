import { Module, OnModuleInit } from '@nestjs/common';
import { ChannelRegistry, HubModule } from '../../src/hub/ports';
import { whatsappTransport } from '../whatsapp';
import { realClientFactory, WHATSAPP_WEB_CONFIG, WhatsappWebAdapter, WWEBJS_CLIENT_FACTORY } from './whatsapp-web.adapter';
import { loadWhatsappWebConfig } from './whatsapp-web.config';
import { WhatsappWebController } from './whatsapp-web.controller';

@Module({
  imports: [HubModule],
  providers: [
    // Parsed while the app is built, so a bad value stops the start with its name.
    { provide: WHATSAPP_WEB_CONFIG, useFactory: () => loadWhatsappWebConfig(process.env) },
    { provide: WWEBJS_CLIENT_FACTORY, useValue: realClientFactory },
    WhatsappWebAdapter,
  ],
  controllers: [WhatsappWebController],
})
export class WhatsappWebModule implements OnModuleInit {
  constructor(
    private readonly registry: ChannelRegistry,
    private readonly adapter: WhatsappWebAdapter,
  ) {}

  onModuleInit(): void {
    // Only with WHATSAPP_TRANSPORT=web; otherwise the Cloud module is 'whatsapp'.
    if (whatsappTransport(process.env) !== 'web') return;
    this.adapter.enabled = true;
    this.registry.register(this.adapter);
  }
}
