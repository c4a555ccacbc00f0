import { Injectable, Logger } from '@nestjs/common';
import { Conversation } from '../conversations/conversation.entity';
import { Message } from '../conversations/message.entity';
import { RealtimeService } from '../realtime/realtime.service';

export const CONSOLE_NAMESPACE = '/console';

export type ConversationListener = (c: Conversation) => void | Promise<void>;

/**
 * What the console sees change. Rooms: every officer of a team, or of the
 * whole office, the assignee, the MPP counter for counter conversations, and
 * whoever has the conversation open (agency officers join it per referral).
 */
@Injectable()
export class HubEvents {
  private readonly log = new Logger(HubEvents.name);
  private readonly listeners: ConversationListener[] = [];

  constructor(private readonly realtime: RealtimeService) {}

  private rooms(c: Conversation): string[] {
    const rooms = ['supervisors', `conversation:${c.id}`];
    // 'team:none' is the general queue (waiting for a human, no team): every agent hears it.
    rooms.push(c.teamId ? `team:${c.teamId}` : 'team:none');
    if (c.assigneeId) rooms.push(`user:${c.assigneeId}`);
    if (c.channel === 'counter') rooms.push('channel:counter');
    return rooms;
  }

  /** Called after every conversationUpdated in this process (routing, SLA timers). */
  onConversationUpdated(listener: ConversationListener): void {
    this.listeners.push(listener);
  }

  async conversationCreated(c: Conversation): Promise<void> {
    this.realtime.emit(CONSOLE_NAMESPACE, this.rooms(c), 'conversation.created', { conversation: officerConversation(c) });
    await this.notify(c);
  }

  /** Any other console event (SLA breach, overdue referral, integrity flag, presence) to some rooms. */
  emit(rooms: string | string[], event: string, payload: unknown): void {
    this.realtime.emit(CONSOLE_NAMESPACE, rooms, event, payload);
  }

  private async notify(c: Conversation): Promise<void> {
    for (const l of this.listeners) {
      try {
        await l(c);
      } catch (err) {
        this.log.error(`conversation listener failed for ${c.id}: ${(err as Error).message}`);
      }
    }
  }

  async messageCreated(c: Conversation, m: Message): Promise<void> {
    this.realtime.emit(CONSOLE_NAMESPACE, this.rooms(c), 'message.created', { conversationId: c.id, message: publicMessage(m, true) });
  }

  async messageUpdated(c: Conversation, m: Message): Promise<void> {
    this.realtime.emit(CONSOLE_NAMESPACE, this.rooms(c), 'message.updated', { conversationId: c.id, message: publicMessage(m, true) });
  }

  async conversationUpdated(c: Conversation): Promise<void> {
    this.realtime.emit(CONSOLE_NAMESPACE, this.rooms(c), 'conversation.updated', { conversation: officerConversation(c) });
    await this.notify(c);
  }
}

/** A conversation as officers see it: everything but the bot's private dialogue state. */
export function officerConversation(c: Conversation) {
  return {
    id: c.id,
    reference: c.reference,
    contactId: c.contactId,
    kind: c.kind,
    status: c.status,
    channel: c.channel,
    teamId: c.teamId,
    assigneeId: c.assigneeId,
    subject: c.subject,
    labels: c.labels ?? [],
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
    lastMessageAt: iso(c.lastMessageAt),
    waitingSince: iso(c.waitingSince),
    firstResponseAt: iso(c.firstResponseAt),
    resolvedAt: iso(c.resolvedAt),
  };
}

const iso = (d: Date | string | null | undefined): string | null => (d == null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** The shape of a message outside the hub (console, web chat history). */
export function publicMessage(m: Message, forOfficer = false) {
  return {
    id: m.id,
    conversationId: m.conversationId,
    sender: m.senderKind,
    text: m.text,
    createdAt: m.createdAt.toISOString(),
    ...(m.quickReplies?.length ? { quickReplies: m.quickReplies } : {}),
    ...(m.attachments?.length ? { attachments: m.attachments } : {}),
    ...(forOfficer
      ? {
          direction: m.direction,
          channel: m.channel,
          deliveryStatus: m.deliveryStatus,
          deliveryError: m.deliveryError,
          isPrivate: m.isPrivate,
          senderUserId: m.senderUserId,
        }
      : {}),
  };
}
