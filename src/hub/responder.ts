import { Contact } from '../schema/contact.entity';
import { Conversation } from '../schema/conversation.entity';
import { Message } from '../schema/message.entity';
import { InboundMessage, ReplyDraft } from './messages';

export interface ResponderContext {
  inbound: InboundMessage;
  message: Message;
  conversation: Conversation;
  contact: Contact;
}

/** Changes to the conversation decided together with the replies (hand-off, bot state). */
export type ConversationPatch = Partial<
  Pick<Conversation, 'status' | 'teamId' | 'assigneeId' | 'botState' | 'subject' | 'labels' | 'waitingSince' | 'handoffReason' | 'topic'>
>;

export interface ResponderDecision {
  replies: ReplyDraft[];
  patch?: ConversationPatch;
  /** The citizen's name as they gave it: becomes the contact's name when the contact has none. */
  contactName?: string;
  /** Runs after the replies are committed (e.g. open a complaint conversation, schedule SLA timers). */
  afterCommit?: () => Promise<void>;
}

/**
 * Decides what the hub answers to a citizen's message while the bot owns the
 * conversation. The bot implements it; until then a welcome menu does.
 */
export interface ConversationResponder {
  respond(ctx: ResponderContext): Promise<ResponderDecision>;
}

export const CONVERSATION_RESPONDER = Symbol('CONVERSATION_RESPONDER');
