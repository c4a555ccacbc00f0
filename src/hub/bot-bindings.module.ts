import { Global, Module } from '@nestjs/common';
import { VERIFICATION_ALERTS } from '../bot/bot.ports';
import { ConsoleVerificationAlerts } from './console-verification-alerts';
import { CONVERSATION_OPENING, HubConversationOpening } from './conversation-opening';
import { HubModule } from './hub.module';

/**
 * The ports the hub provides to the bot (which the hub itself depends on, so
 * the bot cannot import the hub): opening conversations and telling
 * supervisors. Global, so the bot injects them by token without importing.
 */
@Global()
@Module({
  imports: [HubModule],
  providers: [
    { provide: CONVERSATION_OPENING, useClass: HubConversationOpening },
    { provide: VERIFICATION_ALERTS, useClass: ConsoleVerificationAlerts },
  ],
  exports: [CONVERSATION_OPENING, VERIFICATION_ALERTS],
})
export class BotBindingsModule {}
