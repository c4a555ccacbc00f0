import { Module, OnModuleInit } from '@nestjs/common';
import { ChannelRegistry, HubModule } from '../../src/hub/ports';
import { INSTAGRAM_CONFIG, InstagramAdapter } from './instagram.adapter';
import { loadInstagramConfig } from './instagram.config';
import { InstagramController } from './instagram.controller';

@Module({
  imports: [HubModule],
  // Parsed while the app is built, so a bad INSTAGRAM_* value stops the start with its name.
  providers: [{ provide: INSTAGRAM_CONFIG, useFactory: () => loadInstagramConfig(process.env) }, InstagramAdapter],
  controllers: [InstagramController],
})
export class InstagramModule implements OnModuleInit {
  constructor(
    private readonly registry: ChannelRegistry,
    private readonly adapter: InstagramAdapter,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.adapter);
    this.adapter.startWorkers();
  }
}
