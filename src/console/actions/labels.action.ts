import { Injectable } from '@nestjs/common';
import { Principal } from '../../common/principal';
import { ConversationsRepository } from '../../conversations/conversations.repository';
import { conversationView, ConversationView } from '../views';
import { ActionRunner } from './action-runner';

/** Replaces the conversation's labels (deduplicated, sorted). */
@Injectable()
export class LabelsAction {
  constructor(
    private readonly runner: ActionRunner,
    private readonly conversations: ConversationsRepository,
  ) {}

  async execute(p: Principal, id: string, labels: string[]): Promise<ConversationView> {
    const r = await this.runner.mutate(async (m) => {
      const c = await this.runner.writable(m, p, id);
      const next = [...new Set(labels)].sort();
      const now = new Date();
      await this.conversations.updateConversation(m, c.id, { labels: next, updatedAt: now });
      c.labels = next;
      c.updatedAt = now;
      return { conversation: c };
    });
    return conversationView(r.conversation);
  }
}
