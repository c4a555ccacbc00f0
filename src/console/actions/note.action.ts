import { Injectable } from '@nestjs/common';
import { Principal } from '../../common/principal';
import { ConversationsRepository } from '../../conversations/conversations.repository';
import { MessagesRepository } from '../../conversations/messages.repository';
import { outgoingMessage } from '../../conversations/outgoing-message';
import { messageView } from '../views';
import { ActionRunner } from './action-runner';

/**
 * A private note: stored and shown to officers, never sent to the citizen.
 * Agency officers see it only when marked for them ("tampilkan ke dinas");
 * a note an agency officer writes is always for the agencies.
 */
@Injectable()
export class NoteAction {
  constructor(
    private readonly runner: ActionRunner,
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
  ) {}

  async execute(p: Principal, id: string, text: string, forAgency = false): Promise<ReturnType<typeof messageView>> {
    const r = await this.runner.mutate(async (m) => {
      const c = await this.runner.writable(m, p, id);
      const now = await this.messages.nextMessageTime(m, c.id);
      const msg = outgoingMessage(c, {
        senderKind: 'agent',
        senderUserId: p.id,
        text,
        createdAt: now,
        isPrivate: true,
        forAgency: forAgency || p.role === 'agency',
        deliveryStatus: 'delivered',
      });
      await this.messages.insert(m, msg);
      await this.conversations.updateConversation(m, c.id, { updatedAt: now });
      c.updatedAt = now;
      return { conversation: c, messages: [msg] };
    });
    return messageView(r.messages![0]);
  }
}
