import { Module } from '@nestjs/common';
import { BotModule } from '../bot/bot.module';
import { BotResponder } from '../bot/bot.responder';
import { CONVERSATION_RESPONDER } from './responder';

/** Binds who answers citizens while the bot owns a conversation. */
@Module({
  imports: [BotModule],
  providers: [{ provide: CONVERSATION_RESPONDER, useExisting: BotResponder }],
  exports: [CONVERSATION_RESPONDER],
})
export class ResponderModule {}
