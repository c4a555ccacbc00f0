import { Injectable } from '@nestjs/common';
import { Conversation } from '../conversations/conversation.entity';
import { Message } from '../conversations/message.entity';
import { RealtimeService } from '../realtime/realtime.service';

export const CONSOLE_NAMESPACE = '/console';

/** What the console sees change. Rooms: every officer of a team, or of the whole office. */
@Injectable()
export class HubEvents {
  constructor(private readonly realtime: RealtimeService) {}

  private rooms(c: Conversation): string[] {
    const rooms = ['supervisors', `conversation:${c.id}`];
    if (c.teamId) rooms.push(`team:${c.teamId}`);
    if (c.assigneeId) rooms.push(`user:${c.assigneeId}`);
    return rooms;
  }

  async messageCreated(c: Conversation, m: Message): Promise<void> {
    this.realtime.emit(CONSOLE_NAMESPACE, this.rooms(c), 'message.created', { conversationId: c.id, message: publicMessage(m, true) });
  }

  async messageUpdated(c: Conversation, m: Message): Promise<void> {
    this.realtime.emit(CONSOLE_NAMESPACE, this.rooms(c), 'message.updated', { conversationId: c.id, message: publicMessage(m, true) });
  }

  async conversationUpdated(c: Conversation): Promise<void> {
    this.realtime.emit(CONSOLE_NAMESPACE, this.rooms(c), 'conversation.updated', { conversation: c });
  }
}

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
