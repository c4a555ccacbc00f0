import type { officerConversation, publicMessage } from './hub-events';

/** A conversation as officers see it (no bot dialogue state). */
export type OfficerConversation = ReturnType<typeof officerConversation>;
/** A message outside the hub: the citizen's view, or with delivery details for officers. */
export type PublicMessage = ReturnType<typeof publicMessage>;

/**
 * Every event the console's socket.io namespace carries, with its payload:
 * the contract of the web console (web/src) and the e2e tests. Names and
 * shapes are fixed; add an event here before emitting it.
 */
export interface ConsoleEvents {
  'conversation.created': { conversation: OfficerConversation };
  'conversation.updated': { conversation: OfficerConversation };
  'message.created': { conversationId: string; message: PublicMessage };
  'message.updated': { conversationId: string; message: PublicMessage };
  /** To the officer a conversation was given to automatically. */
  'conversation.assigned': { conversationId: string; reference: string; auto: boolean };
  /** Someone is typing in the conversation: an officer (userId, name) or the citizen (citizen: true). */
  typing: { conversationId: string; typing: boolean; userId?: string; name?: string; citizen?: boolean };
  /** An officer came online, went away or left. */
  presence: { userId: string; online: boolean; status: string; at: string };
  'sla.breached': { conversationId: string; reference: string; teamId: string | null; assigneeId: string | null; kind: string; dueAt: string; at: string };
  'referral.created': { referralId: string; conversationId: string; reference: string; dueDate: string; dueAt: string };
  'referral.answered': { referralId: string; conversationId: string; agencyCode: string };
  'referral.overdue': { referralId: string; conversationId: string; reference: string | null; agencyCode: string; dueDate: string; dueAt: string };
  /** To supervisors: an officer's message looked like a bribe, a broker or a private contact. */
  'integrity.flagged': {
    conversationId: string;
    messageId: string | null;
    userId: string;
    userName: string;
    role: string;
    reasons: string[];
    blocked: boolean;
    at: string;
  };
  /**
   * To the officer whose extension rings or answered (screen pop): the caller's
   * contact as the counter look-up shows it, null while the number is unknown.
   */
  'call.ringing': {
    callId: string;
    event: 'ringing' | 'answered';
    phone: string | null;
    extension: string | null;
    contact: { id: string; name: string | null; phone: string | null } | null;
    activeConversationId: string | null;
    at: string;
  };
  /** To supervisors: many failed permit-number verifications (someone guessing applications). */
  'verification.alert': {
    scope: 'application' | 'overall';
    applicationNumber?: string;
    failures: number;
    requesters: number;
    threshold: number;
    windowMinutes: number;
    at: string;
  };
}

export type ConsoleEventName = keyof ConsoleEvents;
