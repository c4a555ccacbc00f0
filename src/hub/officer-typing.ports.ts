import type { Conversation } from '../schema/conversation.entity';

/**
 * The console's door to the citizen's typing indicator: relays an officer's
 * typing on channels whose adapter can show it (Messenger, Instagram).
 * Best effort: it never throws.
 */
export abstract class OfficerTyping {
  abstract relay(conversation: Pick<Conversation, 'id' | 'channel' | 'identityId'>, on: boolean): Promise<void>;
}
