import { Module } from '@nestjs/common';
import { CONVERSATION_RESPONDER } from './responder';
import { WelcomeResponder } from './welcome.responder';

/** Binds who answers citizens while the bot owns a conversation. */
@Module({
  providers: [{ provide: CONVERSATION_RESPONDER, useClass: WelcomeResponder }],
  exports: [CONVERSATION_RESPONDER],
})
export class ResponderModule {}
