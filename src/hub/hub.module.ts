import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ContactsModule } from '../contacts/contacts.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { AdminQueuesController } from './admin-queues.controller';
import { ChannelRegistry } from './channel-registry';
import { HubEvents } from './hub-events';
import { HubWorkers } from './hub-workers';
import { InboundIngress } from './inbound-ingress.service';
import { InboundProcessor } from './inbound.processor';
import { OutboundSender } from './outbound.sender';
import { OutboundService } from './outbound.service';
import { QueueService } from './queue.service';
import { ResponderModule } from './responder.module';

@Module({
  imports: [ContactsModule, ConversationsModule, ResponderModule, AuthModule],
  providers: [ChannelRegistry, QueueService, InboundIngress, InboundProcessor, OutboundService, OutboundSender, HubEvents, HubWorkers],
  controllers: [AdminQueuesController],
  exports: [AuthModule, ChannelRegistry, QueueService, InboundIngress, OutboundService, HubEvents, ContactsModule, ConversationsModule],
})
export class HubModule {}
