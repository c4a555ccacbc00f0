import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BotModule } from '../bot/bot.module';
import { CalendarModule } from '../common/calendar/calendar.module';
import { HubModule } from '../hub/hub.module';
import { PermitsModule } from '../permits/permits.module';
import { SignalsModule } from '../signals/signals.module';
import { IkmController } from './ikm.controller';
import { IkmService } from './ikm.service';
import { SurveyInvitationsService } from './survey-invitations.service';
import { SurveyPageController } from './survey-page.controller';
import { parseSurveyConfig, SURVEY_CONFIG } from './survey.config';
import { SurveyRepository } from './survey.repository';
import { SurveyService } from './survey.service';
import { WalkInController } from './walk-in.controller';

/**
 * The IKM survey (Permenpan RB 14/2017): invitations after a resolved
 * conversation, the walk-in page, the responses and their scoring. The bot
 * reaches it only through the SurveyDesk port, bound at the composition root
 * (src/port-bindings.module.ts), since this module imports the bot.
 */
@Module({
  imports: [HubModule, BotModule, PermitsModule, CalendarModule, AuthModule, SignalsModule],
  providers: [
    { provide: SURVEY_CONFIG, useFactory: () => parseSurveyConfig(process.env) },
    SurveyRepository,
    SurveyService,
    SurveyInvitationsService,
    IkmService,
  ],
  controllers: [IkmController, WalkInController, SurveyPageController],
  exports: [SurveyService],
})
export class SurveyModule {}
