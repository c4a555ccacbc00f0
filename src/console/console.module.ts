import { AttachmentsService } from './attachments.service';
import { Module } from '@nestjs/common';
import { CalendarModule } from '../common/calendar/calendar.module';
import { HubModule } from '../hub/hub.module';
import { PermitsModule } from '../permits/permits.module';
import { RoutingModule } from '../routing/routing.module';
import { CannedService } from './canned.service';
import { ConsoleContactsService } from './contacts.service';
import { ConsoleGateway } from './console.gateway';
import { AuditController, CannedController, ContactsController, ReferralsController, TeamsController } from './console-misc.controllers';
import { ConsoleConversationsService } from './conversations.service';
import { ConversationsController } from './conversations.controller';
import { CounterController } from './counter.controller';
import { CounterService } from './counter.service';

/** The officers' REST API and live gateway. */
@Module({
  imports: [HubModule, RoutingModule, PermitsModule, CalendarModule],
  providers: [AttachmentsService, ConsoleConversationsService, ConsoleContactsService, CannedService, CounterService, ConsoleGateway],
  controllers: [ConversationsController, ContactsController, CannedController, ReferralsController, TeamsController, AuditController, CounterController],
})
export class ConsoleModule {}
