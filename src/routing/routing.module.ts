import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { SignalsModule } from '../signals/signals.module';
import { parseRoutingConfig, ROUTING_CONFIG } from './routing.config';
import { CalendarModule } from '../common/calendar/calendar.module';
import { HubModule } from '../hub/hub.module';
import { PresenceService } from './presence.service';
import { ReferralsService } from './referrals.service';
import { RoutingService } from './routing.service';
import { SlaService } from './sla.service';
import { TeamsRepository } from './teams.repository';

/** Presence, auto-assignment, SLA clocks and agency referrals. */
@Module({
  imports: [HubModule, CalendarModule, AuthModule, AuditModule, SignalsModule],
  providers: [
    { provide: ROUTING_CONFIG, useFactory: () => parseRoutingConfig(process.env) },
    PresenceService,
    RoutingService,
    SlaService,
    ReferralsService,
    TeamsRepository,
  ],
  exports: [ROUTING_CONFIG, PresenceService, RoutingService, SlaService, ReferralsService, TeamsRepository],
})
export class RoutingModule {}
