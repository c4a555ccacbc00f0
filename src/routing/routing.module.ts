import { Module } from '@nestjs/common';
import { CalendarModule } from '../common/calendar/calendar.module';
import { HubModule } from '../hub/hub.module';
import { PresenceService } from './presence.service';
import { ReferralsService } from './referrals.service';
import { RoutingService } from './routing.service';
import { SlaService } from './sla.service';

/** Presence, auto-assignment, SLA clocks and agency referrals. */
@Module({
  imports: [HubModule, CalendarModule],
  providers: [PresenceService, RoutingService, SlaService, ReferralsService],
  exports: [PresenceService, RoutingService, SlaService, ReferralsService],
})
export class RoutingModule {}
