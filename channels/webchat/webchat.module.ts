import { Module, OnModuleInit } from '@nestjs/common';
import { CalendarModule } from '../../src/common/calendar/calendar.module';
import { ChannelRegistry, HubModule } from '../../src/hub/ports';
import { WebchatAdapter } from './webchat.adapter';
import { WebchatGateway } from './webchat.gateway';
import { WebchatSessions } from './webchat-sessions';
import { WidgetController } from './widget.controller';
import { WebchatFilesController } from './webchat-files';

@Module({
  imports: [HubModule, CalendarModule],
  providers: [WebchatAdapter, WebchatGateway, WebchatSessions],
  controllers: [WidgetController, WebchatFilesController],
})
export class WebchatModule implements OnModuleInit {
  constructor(
    private readonly registry: ChannelRegistry,
    private readonly adapter: WebchatAdapter,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.adapter);
  }
}
