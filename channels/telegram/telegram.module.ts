import { Module, OnModuleInit } from '@nestjs/common';
import { ChannelRegistry, HubModule } from '../../src/hub/ports';
import { TELEGRAM_CONFIG, TelegramAdapter } from './telegram.adapter';
import { loadTelegramConfig } from './telegram.config';
import { TelegramController } from './telegram.controller';

@Module({
  imports: [HubModule],
  // Parsed while the app is built, so a bad TELEGRAM_* value stops the start with its name.
  providers: [{ provide: TELEGRAM_CONFIG, useFactory: () => loadTelegramConfig(process.env) }, TelegramAdapter],
  controllers: [TelegramController],
})
export class TelegramModule implements OnModuleInit {
  constructor(
    private readonly registry: ChannelRegistry,
    private readonly adapter: TelegramAdapter,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.adapter);
  }
}
