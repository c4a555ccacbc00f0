import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { SignalsModule } from '../signals/signals.module';
import { parseRoutingConfig, ROUTING_CONFIG } from './routing.config';
import { CalendarModule } from '../common/calendar/calendar.module';
import { HubModule } from '../hub/hub.module';
import { PresenceService } from './presence.service';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';
import { RoutingService } from './routing.service';
import { SlaRepository } from './sla.repository';
import { SlaService } from './sla.service';
import { TeamsRepository } from './teams.repository';

/** Presence, auto-assignment, SLA clocks and agency referrals. */
@Module({
  imports: [HubModule, ConversationsModule, CalendarModule, AuthModule, AuditModule, SignalsModule],
  providers: [
    { provide: ROUTING_CONFIG, useFactory: () => parseRoutingConfig(process.env) },
    SlaRepository,
    ReferralsRepository,
    TeamsRepository,
    PresenceService,
    RoutingService,
    SlaService,
    ReferralsService,
  ],
  exports: [ROUTING_CONFIG, PresenceService, RoutingService, SlaService, ReferralsService, SlaRepository, ReferralsRepository, TeamsRepository],
})
export class RoutingModule {}
