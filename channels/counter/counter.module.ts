import { Module, OnModuleInit } from '@nestjs/common';
import { ChannelRegistry } from '../../src/hub/channel-registry';
import { HubModule } from '../../src/hub/hub.module';
import { CounterAdapter } from './counter.adapter';

@Module({ imports: [HubModule], providers: [CounterAdapter] })
export class CounterChannelModule implements OnModuleInit {
  constructor(
    private readonly registry: ChannelRegistry,
    private readonly adapter: CounterAdapter,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.adapter);
  }
}
