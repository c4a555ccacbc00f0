import { Module, OnModuleInit } from '@nestjs/common';
import { ChannelRegistry, HubModule } from '../../src/hub/ports';
import { MESSENGER_CONFIG, MessengerAdapter } from './messenger.adapter';
import { loadMessengerConfig } from './messenger.config';
import { MessengerController } from './messenger.controller';

@Module({
  imports: [HubModule],
  // Parsed while the app is built, so a bad MESSENGER_* value stops the start with its name.
  providers: [{ provide: MESSENGER_CONFIG, useFactory: () => loadMessengerConfig(process.env) }, MessengerAdapter],
  controllers: [MessengerController],
})
export class MessengerModule implements OnModuleInit {
  constructor(
    private readonly registry: ChannelRegistry,
    private readonly adapter: MessengerAdapter,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.adapter);
    this.adapter.startWorkers();
  }
}
