import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { deterministicId } from '../common/ids';
import { Conversation } from '../schema/conversation.entity';
import { Message } from '../schema/message.entity';
import { CONVERSATION_OPENING, type ConversationOpening } from '../hub/conversation-opening';
import type { ComplaintDesk, ComplaintInput, TeamDirectory } from './bot.ports';
import { maskSensitive } from './nlu/entities';

export const TEAM_DIRECTORY = Symbol('TEAM_DIRECTORY');

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** "ADU-251013-7KQ2MX": derived from the conversation id, so a re-run gives the same reference. */
export function complaintReference(conversationId: string, now: Date): string {
  const date = now.toISOString().slice(2, 10).replace(/-/g, '');
  const h = createHash('sha256').update(conversationId).digest();
  let tail = '';
  for (let i = 0; i < 6; i++) tail += ALPHABET[h[i] % ALPHABET.length];
  return `ADU-${date}-${tail}`;
}

/**
 * Opens the complaint as its own conversation (kind 'complaint', waiting for
 * the complaints team), with the citizen's account as its first message,
 * through the hub's ConversationOpening port (which stores and announces it).
 * Idempotent per source message: a retried job finds the same conversation.
 */
@Injectable()
export class ComplaintsService implements ComplaintDesk {
  constructor(
    @Inject(TEAM_DIRECTORY) private readonly teams: TeamDirectory,
    @Inject(CONVERSATION_OPENING) private readonly opening: ConversationOpening,
  ) {}

  async open(input: ComplaintInput): Promise<{ reference: string; conversationId: string }> {
    const id = deterministicId(`complaint|${input.sourceMessageId}`);
    const teamId = await this.teams.idFor('pengaduan');
    const now = new Date();
    const subject = `Pengaduan${input.applicationNumber ? ` ${input.applicationNumber}` : ''}: ${maskSensitive(input.description).replace(/\s+/g, ' ')}`.slice(
      0,
      200,
    );
    const conversation: Conversation = {
      id,
      reference: complaintReference(id, now),
      contactId: input.contactId,
      kind: 'complaint',
      status: 'pending',
      channel: input.channel,
      identityId: input.identityId,
      teamId,
      assigneeId: null,
      subject,
      labels: ['pengaduan'],
      botState: { fromConversationId: input.fromConversationId, applicationNumber: input.applicationNumber ?? null },
      createdAt: now,
      updatedAt: now,
      lastMessageAt: now,
      waitingSince: now,
      firstResponseAt: null,
      resolvedAt: null,
    };
    const first: Message = {
      id: deterministicId(`complaint-message|${input.sourceMessageId}`),
      conversationId: id,
      direction: 'in',
      senderKind: 'citizen',
      senderUserId: null,
      channel: input.channel,
      identityId: input.identityId,
      externalId: null,
      idempotencyKey: null,
      text: input.description,
      attachments: [],
      quickReplies: null,
      isPrivate: false,
      forAgency: false,
      deliveryStatus: 'received',
      deliveryError: null,
      handledAt: now,
      createdAt: now,
      sentAt: null,
    };
    // A retry finds the conversation opened the first time, with the reference the citizen was given.
    const r = await this.opening.openOnce(conversation, first);
    return { reference: r.conversation.reference, conversationId: id };
  }
}
