import { Inject, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { HUB_CONFIG, ResolvedConfig } from '../../src/config/hub-config';
import { ChannelRegistry, HubModule } from '../../src/hub/ports';
import { PhoneEventsController } from './phone-events.controller';
import { PHONE_CONFIG, PhoneAdapter } from './phone.adapter';
import { loadPhoneConfig } from './phone.config';

/** The call center channel; its PhoneCalls port is bound by the hub's call log (src/calls, global). */
@Module({
  imports: [HubModule],
  providers: [{ provide: PHONE_CONFIG, useFactory: () => loadPhoneConfig(process.env) }, PhoneAdapter],
  controllers: [PhoneEventsController],
})
export class PhoneChannelModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly registry: ChannelRegistry,
    private readonly adapter: PhoneAdapter,
    @Inject(HUB_CONFIG) private readonly hub: ResolvedConfig,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.adapter);
  }

  /**
   * AMI once everything is up, so the first call's events find the call log ready. Each api
   * process listens; the call log's receipts make the copies of one event count once.
   */
  onApplicationBootstrap(): void {
    if (this.hub.runsApi) this.adapter.start();
  }
}
