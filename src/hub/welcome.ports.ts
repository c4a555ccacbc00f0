import type { QuickReply } from '../schema/message.entity';

/** What the bot would answer a greeting: its words and the numbered main menu's buttons. */
export interface WelcomeMessage {
  text: string;
  quickReplies: QuickReply[];
}

/**
 * The bot's greeting for a channel to show before the citizen writes (the web
 * chat widget on open). Read-only: asking stores nothing. The bot implements
 * it (src/port-bindings.module.ts binds it).
 */
export abstract class ChannelWelcome {
  abstract welcome(lang: 'id' | 'en'): WelcomeMessage;
}
