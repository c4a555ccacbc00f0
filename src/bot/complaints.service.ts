import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { deterministicId } from '../common/ids';
import { Conversation } from '../conversations/conversation.entity';
import { Message } from '../conversations/message.entity';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { HubEvents } from '../hub/hub-events';
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
 * the complaints team), with the citizen's account as its first message.
 * Idempotent per source message: a retried job finds the same conversation.
 */
@Injectable()
export class ComplaintsService implements ComplaintDesk {
  private readonly log = new Logger('Complaints');

  constructor(
    private readonly tx: TransactionRunner,
    @Inject(TEAM_DIRECTORY) private readonly teams: TeamDirectory,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** Consoles and routing hear of the new complaint at once, not at the next routing sweep. */
  private async announce(c: Conversation, m: Message): Promise<void> {
    let events: HubEvents;
    try {
      // Looked up lazily: the hub module depends on the bot, not the other way round.
      events = this.moduleRef.get(HubEvents, { strict: false });
    } catch {
      return;
    }
    try {
      await events.conversationCreated(c);
      await events.messageCreated(c, m);
    } catch (err) {
      this.log.warn(`complaint ${c.id} not announced: ${(err as Error).message}`);
    }
  }

  async open(input: ComplaintInput): Promise<{ reference: string; conversationId: string }> {
    const id = deterministicId(`complaint|${input.sourceMessageId}`);
    const teamId = await this.teams.idFor('pengaduan');
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await this.tx.run(async (m) => {
          const existing = await m.findOne(Conversation, { where: { id } });
          if (existing) return { reference: existing.reference, conversationId: id, created: null };
          const now = new Date();
          const reference = complaintReference(id, now);
          const subject =
            `Pengaduan${input.applicationNumber ? ` ${input.applicationNumber}` : ''}: ${maskSensitive(input.description).replace(/\s+/g, ' ')}`.slice(0, 200);
          const conversation: Conversation = {
            id,
            reference,
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
          await m.insert(Conversation, conversation);
          const message: Message = {
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
            deliveryStatus: 'received',
            deliveryError: null,
            handledAt: now,
            createdAt: now,
            sentAt: null,
          };
          await m.insert(Message, message);
          return { reference, conversationId: id, created: { conversation, message } };
        });
        if (r.created) await this.announce(r.created.conversation, r.created.message);
        return { reference: r.reference, conversationId: r.conversationId };
      } catch (err) {
        // Another worker opened it at the same moment: read theirs.
        if (isUniqueViolation(err) && attempt < 3) continue;
        throw err;
      }
    }
  }
}
