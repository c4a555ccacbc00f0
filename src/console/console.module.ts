import { AttachmentsService } from './attachments.service';
import { AssigneesService } from './assignees.service';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AccessModule } from '../access/access.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { SignalsModule } from '../signals/signals.module';
import { CONSOLE_CONFIG, parseConsoleConfig } from './console.config';
import { CalendarModule } from '../common/calendar/calendar.module';
import { HubModule } from '../hub/hub.module';
import { PermitsModule } from '../permits/permits.module';
import { RoutingModule } from '../routing/routing.module';
import { CannedService } from './canned.service';
import { CannedDemoSeed } from './canned-demo';
import { ConsoleContactsService } from './contacts.service';
import { ConsoleGateway } from './console.gateway';
import { AuditLogService } from './audit-log.service';
import { AuditController } from './audit.controller';
import { CannedController } from './canned.controller';
import { CannedRepository } from './canned.repository';
import { ContactsController } from './contacts.controller';
import { ReferralsController } from './referrals.controller';
import { ConsoleReferralsRepository } from './referrals.repository';
import { ConsoleReferralsService } from './referrals.service';
import { TeamsController } from './teams.controller';
import { TeamsService } from './teams.service';
import { CONVERSATION_ACTIONS } from './actions';
import { ConversationQueries } from './conversation-queries.service';
import { DirectoryRepository } from './directory.repository';
import { ConversationsController } from './conversations.controller';
import { CounterController } from './counter.controller';
import { CounterService } from './counter.service';

/** The officers' REST API and live gateway. */
@Module({
  imports: [
    AccessModule,
    HubModule,
    RoutingModule,
    PermitsModule,
    CalendarModule,
    AuthModule,
    AuditModule,
    SignalsModule,
    // Officers' uploads stay in memory (≤ ATTACHMENT_MAX_BYTES) until checked; only accepted files reach DATA_DIR.
    MulterModule.registerAsync({
      useFactory: () => ({ limits: { fileSize: parseConsoleConfig(process.env).ATTACHMENT_MAX_BYTES, files: 1, fields: 0, parts: 2 } }),
    }),
  ],
  providers: [
    { provide: CONSOLE_CONFIG, useFactory: () => parseConsoleConfig(process.env) },
    AttachmentsService,
    AssigneesService,
    DirectoryRepository,
    ConversationQueries,
    ...CONVERSATION_ACTIONS,
    ConsoleContactsService,
    CannedRepository,
    CannedService,
    CannedDemoSeed,
    ConsoleReferralsRepository,
    ConsoleReferralsService,
    TeamsService,
    AuditLogService,
    CounterService,
    ConsoleGateway,
  ],
  controllers: [ConversationsController, ContactsController, CannedController, ReferralsController, TeamsController, AuditController, CounterController],
})
export class ConsoleModule {}
