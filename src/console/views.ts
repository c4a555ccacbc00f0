import { Contact } from '../schema/contact.entity';
import { Conversation } from '../schema/conversation.entity';
import { Message } from '../schema/message.entity';
import { officerConversation, publicMessage } from '../hub/hub-events';
import { AgencyReferral } from '../schema/agency-referral.entity';
import { ConversationSla } from '../schema/sla.entity';

export type ConversationView = ReturnType<typeof officerConversation> & {
  contact: { id: string; name: string | null } | null;
  lastMessage: { sender: string; text: string; createdAt: string; isPrivate: boolean } | null;
};

export function conversationView(c: Conversation, contact?: Contact | null, last?: Message | null): ConversationView {
  return {
    ...officerConversation(c),
    contact: contact ? { id: contact.id, name: contact.name } : null,
    lastMessage: last ? { sender: last.senderKind, text: preview(last.text), createdAt: last.createdAt.toISOString(), isPrivate: last.isPrivate } : null,
  };
}

export const messageView = (m: Message) => publicMessage(m, true);

export function referralView(r: AgencyReferral) {
  return {
    id: r.id,
    conversationId: r.conversationId,
    agencyCode: r.agencyCode,
    status: r.status,
    question: r.question,
    answer: r.answer,
    dueDate: r.dueDate,
    dueAt: r.dueAt.toISOString(),
    overdue: r.status === 'open' && r.dueAt.getTime() < Date.now(),
    createdById: r.createdById,
    answeredById: r.answeredById,
    createdAt: r.createdAt.toISOString(),
    answeredAt: r.answeredAt?.toISOString() ?? null,
    escalatedAt: r.escalatedAt?.toISOString() ?? null,
  };
}

export function slaView(sla: ConversationSla) {
  return {
    firstResponseDueAt: sla.firstResponseDueAt.toISOString(),
    resolutionDueAt: sla.resolutionDueAt.toISOString(),
    firstResponseBreachedAt: sla.firstResponseBreachedAt?.toISOString() ?? null,
    resolutionBreachedAt: sla.resolutionBreachedAt?.toISOString() ?? null,
  };
}

export interface ConversationDetail {
  conversation: ConversationView;
  messages: ReturnType<typeof messageView>[];
  hasEarlier: boolean;
  referrals: ReturnType<typeof referralView>[];
  sla: { firstResponseDueAt: string; resolutionDueAt: string; firstResponseBreachedAt: string | null; resolutionBreachedAt: string | null } | null;
}

function preview(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 140 ? `${t.slice(0, 139)}…` : t;
}

/** Opaque list cursor: the sort key of the last row returned. */
export function encodeCursor(at: Date | null, id: string): string {
  return Buffer.from(JSON.stringify([at ? at.toISOString() : null, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date | null; id: string } | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string | null, string];
    if (typeof id !== 'string' || (at !== null && Number.isNaN(Date.parse(at)))) return null;
    return { at: at ? new Date(at) : null, id };
  } catch {
    return null;
  }
}
