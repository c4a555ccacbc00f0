import { Injectable, Logger } from '@nestjs/common';
import { AccessRepository } from '../access/access.repository';
import { audienceOf, AudienceFacts, CONSOLE_NAMESPACE, ConsoleRooms, messageAudience } from '../access/console-rooms';
import { TransactionRunner } from '../database/transaction-runner';
import { RealtimeService } from '../realtime/realtime.service';
import { Conversation } from '../schema/conversation.entity';
import { Message } from '../schema/message.entity';
import { ConsoleEvents } from './hub-events.types';

export { CONSOLE_NAMESPACE };
export type { ConsoleEventName, ConsoleEvents, OfficerConversation, PublicMessage } from './hub-events.types';

export type ConversationListener = (c: Conversation) => void | Promise<void>;

/**
 * What the console sees change. Every event about a conversation goes to the
 * rooms of the officers who may read it (src/access/console-rooms.ts: the same
 * rule as REST), decided from the conversation as it is now.
 */
@Injectable()
export class HubEvents {
  private readonly log = new Logger(HubEvents.name);
  private readonly listeners: ConversationListener[] = [];

  constructor(
    private readonly realtime: RealtimeService,
    private readonly tx: TransactionRunner,
    private readonly access: AccessRepository,
  ) {}

  /** The rooms that may hear about c now. */
  async audience(c: AudienceFacts): Promise<string[]> {
    // A bot-owned conversation has no agencies' rooms to find; skip the query on the hot path.
    if (c.status === 'bot') return audienceOf(c, []);
    return audienceOf(c, await this.tx.read((m) => this.access.referredAgencies(m, c.id)));
  }

  /** An event about one conversation, to exactly those who may read it. */
  async toConversation<K extends keyof ConsoleEvents>(c: AudienceFacts, event: K, payload: ConsoleEvents[K]): Promise<void> {
    this.realtime.emit(CONSOLE_NAMESPACE, await this.audience(c), event, payload);
  }

  /** Called after every conversationUpdated in this process (routing, SLA timers). */
  onConversationUpdated(listener: ConversationListener): void {
    this.listeners.push(listener);
  }

  async conversationCreated(c: Conversation): Promise<void> {
    await this.toConversation(c, 'conversation.created', { conversation: officerConversation(c) });
    await this.notify(c);
  }

  /** A console event that is not about one conversation (integrity flag to supervisors, presence). */
  emit<K extends keyof ConsoleEvents>(rooms: string | string[], event: K, payload: ConsoleEvents[K]): void {
    this.realtime.emit(CONSOLE_NAMESPACE, rooms, event, payload);
  }

  /** An event for one officer only (the call center's screen pop). */
  toOfficer<K extends keyof ConsoleEvents>(userId: string, event: K, payload: ConsoleEvents[K]): void {
    this.realtime.emit(CONSOLE_NAMESPACE, ConsoleRooms.user(userId), event, payload);
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
    await this.toMessageReaders(c, m, 'message.created', { conversationId: c.id, message: publicMessage(m, true) });
  }

  async messageUpdated(c: Conversation, m: Message): Promise<void> {
    await this.toMessageReaders(c, m, 'message.updated', { conversationId: c.id, message: publicMessage(m, true) });
  }

  /** An event about one message, to those who may read the conversation and that message (notes: console-rooms.ts). */
  private async toMessageReaders<K extends 'message.created' | 'message.updated'>(c: Conversation, m: Message, event: K, payload: ConsoleEvents[K]) {
    const { rooms, except } = messageAudience(await this.audience(c), m);
    this.realtime.emit(CONSOLE_NAMESPACE, rooms, event, payload, except);
  }

  async conversationUpdated(c: Conversation): Promise<void> {
    await this.toConversation(c, 'conversation.updated', { conversation: officerConversation(c) });
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
          ...(m.isPrivate ? { forAgency: m.forAgency } : {}),
          senderUserId: m.senderUserId,
        }
      : {}),
  };
}
