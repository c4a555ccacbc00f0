import { Module, OnModuleInit } from '@nestjs/common';
import { ChannelRegistry, HubModule } from '../../src/hub/ports';
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
