import { Global, Module } from '@nestjs/common';
import { BotModule } from './bot/bot.module';
import { BotResponder } from './bot/bot.responder';
import { ConsoleVerificationAlerts } from './hub/console-verification-alerts';
import { CONVERSATION_OPENING, HubConversationOpening } from './hub/conversation-opening';
import { HubModule } from './hub/hub.module';
import { CONVERSATION_RESPONDER } from './hub/responder';
import { VERIFICATION_ALERTS } from './hub/verification-alerts.ports';
import { SURVEY_DESK } from './bot/bot.ports';
import { SurveyModule } from './survey/survey.module';
import { CallsModule } from './calls/calls.module';
import { CallLogService } from './calls/call-log.service';
import { PhoneCalls } from './hub/phone-calls';
import { ChannelWelcome } from './hub/welcome.ports';
import { BotWelcome } from './bot/bot-welcome';
import { SurveyService } from './survey/survey.service';

/**
 * The composition root's port bindings: the hub defines the ports, the bot implements the
 * responder and uses the hub's conversation opening and alerts. Binding them here, above both
 * modules, keeps the module graph one-way (bot → hub); it is global so each side injects the
 * other's implementation by token without importing its module.
 */
@Global()
@Module({
  imports: [HubModule, BotModule, SurveyModule, CallsModule],
  providers: [
    { provide: CONVERSATION_RESPONDER, useExisting: BotResponder },
    { provide: CONVERSATION_OPENING, useClass: HubConversationOpening },
    { provide: VERIFICATION_ALERTS, useClass: ConsoleVerificationAlerts },
    // The bot asks the survey module whether a citizen is answering a survey.
    { provide: SURVEY_DESK, useExisting: SurveyService },
    // The phone channel reports calls to the call log.
    { provide: PhoneCalls, useExisting: CallLogService },
    // The web chat widget shows the bot's greeting before the citizen writes.
    { provide: ChannelWelcome, useExisting: BotWelcome },
  ],
  exports: [CONVERSATION_RESPONDER, CONVERSATION_OPENING, VERIFICATION_ALERTS, SURVEY_DESK, PhoneCalls, ChannelWelcome],
})
export class PortBindingsModule {}
