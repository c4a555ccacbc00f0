import { Contact } from '../schema/contact.entity';
import { Conversation } from '../schema/conversation.entity';
import { Message } from '../schema/message.entity';
import { officerConversation, publicMessage } from '../hub/hub-events';
import { AgencyReferral } from '../schema/agency-referral.entity';
import { ConversationSla } from '../schema/sla.entity';

export type SlaState = 'ok' | 'soon' | 'breached';

export type ConversationView = ReturnType<typeof officerConversation> & {
  contact: { id: string; name: string | null } | null;
  lastMessage: { sender: string; text: string; createdAt: string; isPrivate: boolean } | null;
  /** Since when the citizen waits for an officer (their oldest message no officer answered yet); null when nobody waits. */
  waitingFrom?: string | null;
  /** The SLA clock now: the target that still runs (first response, then resolution) and how it stands. */
  slaState?: { state: SlaState; target: 'first' | 'resolution'; dueAt: string } | null;
};

/** A clock is "soon" in its last quarter, and at the latest 15 minutes before it runs out. */
const SOON_SHARE = 0.25;
const SOON_MIN_MS = 15 * 60_000;

/**
 * Where a conversation stands against its SLA (src/routing/sla.service.ts sets
 * the due moments in working time): breached once a target was missed,
 * "soon" near the due moment, else ok. Only pending and open conversations run a clock.
 */
export function slaState(
  c: Pick<Conversation, 'status' | 'firstResponseAt'>,
  sla: ConversationSla | null | undefined,
  now = new Date(),
): ConversationView['slaState'] {
  if (!sla || (c.status !== 'pending' && c.status !== 'open')) return null;
  const first = !c.firstResponseAt;
  const due = first ? sla.firstResponseDueAt : sla.resolutionDueAt;
  const breachedAt = first ? sla.firstResponseBreachedAt : sla.resolutionBreachedAt;
  const left = due.getTime() - now.getTime();
  const window = Math.max(due.getTime() - sla.startedAt.getTime(), 0);
  const state: SlaState = breachedAt || left <= 0 ? 'breached' : left <= Math.max(window * SOON_SHARE, Math.min(SOON_MIN_MS, window)) ? 'soon' : 'ok';
  return { state, target: first ? 'first' : 'resolution', dueAt: due.toISOString() };
}

export function conversationView(
  c: Conversation,
  contact?: Contact | null,
  last?: Message | null,
  extra?: { waitingFrom?: Date | null; sla?: ConversationSla | null },
): ConversationView {
  const active = c.status === 'pending' || c.status === 'open';
  return {
    ...officerConversation(c),
    contact: contact ? { id: contact.id, name: contact.name } : null,
    lastMessage: last ? { sender: last.senderKind, text: preview(last.text), createdAt: last.createdAt.toISOString(), isPrivate: last.isPrivate } : null,
    ...(extra
      ? {
          // Messages the bot answered before the hand-off were not waiting for a person.
          waitingFrom: active && extra.waitingFrom ? new Date(Math.max(extra.waitingFrom.getTime(), c.waitingSince?.getTime() ?? 0)).toISOString() : null,
          slaState: slaState(c, extra.sla),
        }
      : {}),
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
