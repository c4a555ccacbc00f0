import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuthModule } from '../auth/auth.module';
import { SignalsModule } from '../signals/signals.module';
import { ContactsModule } from '../contacts/contacts.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { AdminQueuesController } from './admin-queues.controller';
import { ChannelConversations } from './channel-conversations';
import { CitizenTyping, CitizenTypingService } from './citizen-typing';
import { ChannelJobs } from './channel-jobs';
import { ChannelConversationsService } from './channel-conversations.service';
import { ChannelRegistry } from './channel-registry';
import { DeliveryReports } from './delivery-reports';
import { DeliveryReportsService } from './delivery-reports.service';
import { HubEvents } from './hub-events';
import { HubWorkers } from './hub-workers';
import { InboundIngress } from './inbound-ingress.service';
import { InboundProcessor } from './inbound.processor';
import { OfficerTyping } from './officer-typing.ports';
import { OfficerTypingService } from './officer-typing.service';
import { OutboundSender } from './outbound.sender';
import { OutboundService } from './outbound.service';
import { QueueService } from './queue.service';
import { ResolvedNotices } from './resolved-notices';

@Module({
  imports: [AccessModule, ContactsModule, ConversationsModule, AuthModule, SignalsModule],
  providers: [
    ChannelRegistry,
    QueueService,
    InboundIngress,
    InboundProcessor,
    OutboundService,
    OutboundSender,
    HubEvents,
    HubWorkers,
    ChannelJobs,
    { provide: OfficerTyping, useClass: OfficerTypingService },
    { provide: CitizenTyping, useClass: CitizenTypingService },
    ResolvedNotices,
    // The ports channels use instead of the database (src/hub/ports.ts).
    { provide: DeliveryReports, useClass: DeliveryReportsService },
    { provide: ChannelConversations, useClass: ChannelConversationsService },
  ],
  controllers: [AdminQueuesController],
  exports: [
    // Guards for the admin API of channels (the WhatsApp Web QR).
    AuthModule,
    ChannelRegistry,
    QueueService,
    InboundIngress,
    OutboundService,
    HubEvents,
    DeliveryReports,
    ChannelConversations,
    ChannelJobs,
    OfficerTyping,
    CitizenTyping,
    ContactsModule,
    ConversationsModule,
  ],
})
export class HubModule {}
