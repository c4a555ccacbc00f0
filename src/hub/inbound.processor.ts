import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { faultPoint } from '../common/fault-points';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { ContactsRepository } from '../contacts/contacts.repository';
import { ConcurrentCreateError } from '../database/db-errors';
import { ChannelIdentity } from '../schema/channel-identity.entity';
import { Contact } from '../schema/contact.entity';
import { Conversation } from '../schema/conversation.entity';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { Message } from '../schema/message.entity';
import { outgoingMessage } from '../conversations/outgoing-message';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { HubEvents } from './hub-events';
import { InboundMessage } from './messages';
import { OutboundService } from './outbound.service';
import { OutboundSender, SentButUnrecordedError } from './outbound.sender';
import { ChannelRegistry } from './channel-registry';
import { opsSignals } from '../signals/ops-signals';
import { CONVERSATION_RESPONDER, ConversationResponder, ResponderDecision } from './responder';

interface Persisted {
  message: Message;
  conversation: Conversation;
  contact: Contact;
  /** The channel identity the message came from (the replies' recipient); null when re-read after a crash. */
  identity: ChannelIdentity | null;
  created: boolean;
}

/**
 * Handles one inbound job. Each step is a transaction and every step can
 * run again after a crash without doing its work twice:
 *   1. store the message (unique per channel + external id);
 *   2. if it was already answered, only make sure the answers are queued;
 *   3. ask the responder (bot) while the bot owns the conversation;
 *   4. store the replies under idempotency keys and mark the message handled;
 *   5. queue the replies for sending (job id = message id).
 * The common case (a known sender writing to a conversation the bot owns)
 * takes a shorter way with the same outcome: read, let the bot answer, then
 * store the message, its replies and the handled mark in one transaction —
 * only if the conversation is still as the bot saw it; else the steps above.
 */
@Injectable()
export class InboundProcessor {
  private readonly log = new Logger(InboundProcessor.name);

  constructor(
    @Inject(HUB_CONFIG) private readonly cfg: ResolvedConfig,
    private readonly tx: TransactionRunner,
    private readonly contacts: ContactsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly outbound: OutboundService,
    private readonly sender: OutboundSender,
    private readonly registry: ChannelRegistry,
    private readonly events: HubEvents,
    @Inject(CONVERSATION_RESPONDER) private readonly responder: ConversationResponder,
  ) {}

  async handle(inbound: InboundMessage): Promise<void> {
    if (await this.handleAtOnce(inbound)) return;
    const p = await this.persist(inbound);
    if (p.created) {
      await this.events.messageCreated(p.conversation, p.message);
      opsSignals.emit({ kind: 'message', direction: 'in', channel: inbound.channel });
    }
    faultPoint('inbound.after-persist', this.cfg.dataDir);

    if (p.message.handledAt) {
      await this.requeuePendingReplies(p.message.id);
      return;
    }

    let decision: ResponderDecision = { replies: [] };
    // The bot owns the conversation, or asked the citizen's name at its hand-off and no officer has answered yet
    // (routing may already have assigned it): the answer is still the bot's to take.
    if (p.conversation.status === 'bot' || awaitsName(p.conversation)) {
      decision = await this.responder.respond({ inbound, message: p.message, conversation: p.conversation, contact: p.contact });
    }
    faultPoint('inbound.before-replies', this.cfg.dataDir);

    const replies = await this.storeReplies(p, decision);
    for (const r of replies) await this.deliver(p.conversation, r, p.identity);
    faultPoint('inbound.after-deliver', this.cfg.dataDir);
    // The bot's own dialogue state is not officers' business: announce only what they see.
    if (decision.patch && Object.keys(decision.patch).some((k) => k !== 'botState')) await this.events.conversationUpdated(p.conversation);
    if (decision.afterCommit) await decision.afterCommit();
  }

  /**
   * The one-transaction way; false when it does not apply (new sender, conversation not the bot's,
   * message already stored, or the conversation changed while the bot was deciding).
   */
  private async handleAtOnce(inbound: InboundMessage): Promise<boolean> {
    const now = new Date();
    const seen = await this.tx.read(async (m) => {
      if (await this.conversations.findMessage(m, inbound.messageId)) return null;
      const known = await this.contacts.findKnownSender(m, inbound.sender, now);
      if (!known) return null;
      const conversation = await this.conversations.findActiveForContact(m, known.contact.id);
      return conversation?.status === 'bot' ? { ...known, conversation } : null;
    });
    if (!seen) return false;
    const { contact, identity, conversation } = seen;
    const seenUpdatedAt = conversation.updatedAt;
    const at = after(conversation, now);
    const message = inboundRow(inbound, conversation.id, identity.id, at);
    // The conversation as step 1 would leave it.
    Object.assign(conversation, { channel: inbound.channel, identityId: identity.id, lastMessageAt: at, updatedAt: now });
    const decision = await this.responder.respond({ inbound, message, conversation, contact });
    // Nothing is stored yet: a crash here re-runs the whole job.
    faultPoint('inbound.before-replies', this.cfg.dataDir);
    const replies = this.replyRows(message, conversation, decision);
    const handledAt = new Date(Math.max(Date.now(), message.createdAt.getTime())); // never before the message it marks
    const stored = await this.tx
      .run(async (m) => {
        const set: Partial<Conversation> = {
          ...(decision.patch ?? {}),
          channel: inbound.channel,
          identityId: identity.id,
          lastMessageAt: replies.length ? replies[replies.length - 1].createdAt : at,
          updatedAt: handledAt,
        };
        // Written only over the row the bot read: another message or an officer in between means the steps instead.
        if (!(await this.conversations.updateConversationIf(m, { id: conversation.id, status: 'bot', updatedAt: seenUpdatedAt }, set))) return false;
        await this.conversations.insertMessage(m, { ...message, handledAt });
        for (const r of replies) await this.conversations.insertMessage(m, r);
        return true;
      })
      .catch((err) => {
        // The same message stored meanwhile (a re-delivered job): the steps sort it out.
        if (isUniqueViolation(err)) return false;
        throw err;
      });
    if (!stored) {
      this.log.debug(`conversation ${conversation.id} changed while the bot answered ${inbound.messageId}: taking the steps`);
      return false;
    }
    message.handledAt = handledAt;
    Object.assign(conversation, decision.patch ?? {}, { updatedAt: handledAt, lastMessageAt: replies.length ? replies[replies.length - 1].createdAt : at });
    await this.events.messageCreated(conversation, message);
    opsSignals.emit({ kind: 'message', direction: 'in', channel: inbound.channel });
    // Stored, answered and marked handled: a crash from here on only re-queues the pending replies.
    faultPoint('inbound.after-persist', this.cfg.dataDir);
    for (const r of replies) await this.deliver(conversation, r, identity);
    faultPoint('inbound.after-deliver', this.cfg.dataDir);
    if (decision.patch && Object.keys(decision.patch).some((k) => k !== 'botState')) await this.events.conversationUpdated(conversation);
    if (decision.afterCommit) await decision.afterCommit();
    return true;
  }

  /** The replies to `inbound` as rows, under their idempotency keys, strictly after it and in order. */
  private replyRows(inbound: Message, conv: Conversation, decision: ResponderDecision): Message[] {
    const base = Date.now();
    // A reply's pictures and links follow it as messages of their own (one vendor call each).
    const parts = decision.replies.flatMap((r, i) => [
      { senderKind: r.senderKind, text: r.text, quickReplies: r.quickReplies ?? null, key: `reply:${inbound.id}:${i}` },
      ...(r.attachments ?? []).map((a, j) => ({
        senderKind: r.senderKind,
        text: a.kind === 'image' ? (a.alt ?? '') : (a.fileName ?? ''),
        quickReplies: null,
        attachments: [a],
        key: `reply:${inbound.id}:${i}:media:${j}`,
      })),
    ]);
    return parts.map((r, i) =>
      outgoingMessage(
        { id: conv.id, channel: inbound.channel, identityId: inbound.identityId },
        {
          senderKind: r.senderKind,
          text: r.text,
          quickReplies: r.quickReplies,
          ...('attachments' in r ? { attachments: r.attachments } : {}),
          idempotencyKey: r.key,
          // Strictly after the inbound message and in order, even within one millisecond.
          createdAt: new Date(Math.max(base, inbound.createdAt.getTime() + 1) + i),
        },
      ),
    );
  }

  private async persist(inbound: InboundMessage): Promise<Persisted> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tx.run((m) => this.persistOnce(m, inbound));
      } catch (err) {
        // Another worker created the same contact/conversation/message first: re-read it.
        if ((err instanceof ConcurrentCreateError || isUniqueViolation(err)) && attempt < 5) continue;
        throw err;
      }
    }
  }

  private async persistOnce(m: EntityManager, inbound: InboundMessage): Promise<Persisted> {
    const existing = await this.conversations.findMessage(m, inbound.messageId);
    if (existing) {
      const conversation = await this.conversations.findById(m, existing.conversationId);
      if (!conversation) throw new Error(`conversation ${existing.conversationId} of message ${existing.id} vanished`);
      const contact = await this.contacts.resolveMerged(m, conversation.contactId);
      return { message: existing, conversation, contact, identity: null, created: false };
    }
    const now = new Date();
    const { contact, identity } = await this.contacts.findOrCreateByIdentity(m, inbound.sender, now);
    const { conversation } = await this.conversations.findOrOpen(m, contact.id, inbound.channel, identity.id, now);
    const message = inboundRow(inbound, conversation.id, identity.id, after(conversation, now));
    await this.conversations.insertMessage(m, message);
    conversation.channel = inbound.channel;
    conversation.identityId = identity.id;
    conversation.lastMessageAt = message.createdAt;
    conversation.updatedAt = now;
    await this.conversations.updateConversation(m, conversation.id, {
      channel: inbound.channel,
      identityId: identity.id,
      lastMessageAt: message.createdAt,
      updatedAt: now,
    });
    return { message, conversation, contact, identity, created: true };
  }

  private async storeReplies(p: Persisted, decision: ResponderDecision): Promise<Message[]> {
    const conv = p.conversation;
    return this.tx.run(async (m) => {
      const fresh = await this.conversations.findMessage(m, p.message.id);
      if (!fresh) throw new Error(`message ${p.message.id} vanished`);
      if (fresh.handledAt) return (await this.conversations.findRepliesTo(m, p.message.id)).filter((r) => r.deliveryStatus === 'pending');
      const replies = this.replyRows(p.message, conv, decision);
      for (const r of replies) await this.conversations.insertMessage(m, r);
      const now = new Date(Math.max(Date.now(), p.message.createdAt.getTime()));
      await this.conversations.updateMessage(m, { id: p.message.id }, { handledAt: now });
      if (decision.contactName && !p.contact.name) {
        // Only a contact without a name takes it: an officer's correction always wins.
        await this.contacts.nameIfUnnamed(m, p.contact.id, decision.contactName, now);
        p.contact.name = decision.contactName;
      }
      if (decision.patch || replies.length) {
        Object.assign(conv, decision.patch ?? {}, { updatedAt: now });
        await this.conversations.updateConversation(m, conv.id, {
          ...(decision.patch ?? {}),
          updatedAt: now,
          ...(replies.length ? { lastMessageAt: replies[replies.length - 1].createdAt } : {}),
        });
      }
      return replies;
    });
  }

  /**
   * Inline for cheap local channels, through the outbound queue otherwise or
   * when inline sending fails. Consoles hear of the reply once: after an
   * inline send (already 'sent'), or before queueing, so the queue's later
   * 'sent'/'failed' update cannot be overtaken by a stale 'pending'.
   */
  private async deliver(conversation: Conversation, reply: Message, identity: ChannelIdentity | null): Promise<void> {
    if (this.registry.get(reply.channel)?.sendInline && identity?.id === reply.identityId) {
      try {
        await this.sender.sendStored(reply, identity);
        await this.events.messageCreated(conversation, reply);
        return;
      } catch (err) {
        if (err instanceof SentButUnrecordedError) {
          // Delivered: queueing it would send it twice. The row stays 'pending' for an officer to see.
          this.log.error(err.message);
          await this.events.messageCreated(conversation, reply);
          return;
        }
        this.log.warn(`inline send of ${reply.id} failed, queueing: ${(err as Error).message}`);
      }
    }
    await this.events.messageCreated(conversation, reply);
    await this.outbound.enqueue(reply);
  }

  private async requeuePendingReplies(inboundId: string): Promise<void> {
    const pending = await this.tx.read((m) => this.conversations.findRepliesTo(m, inboundId));
    for (const r of pending.filter((x) => x.deliveryStatus === 'pending')) await this.outbound.enqueue(r);
    this.log.debug(`message ${inboundId} already handled; ${pending.length} replies re-checked`);
  }
}

/** The hand-off asked the citizen's name, the answer has not come yet, and no officer has written to the citizen. */
function awaitsName(c: Conversation): boolean {
  return (c.status === 'pending' || c.status === 'open') && !c.firstResponseAt && (c.botState as { awaiting?: string } | null)?.awaiting === 'contact_name';
}

/**
 * A new message's time: now, or just after the conversation's last message when
 * that one (a reply stamped a few milliseconds ahead) is later, so the order holds.
 */
function after(c: Conversation, now: Date): Date {
  const last = c.lastMessageAt ? new Date(c.lastMessageAt).getTime() : 0;
  return last >= now.getTime() ? new Date(last + 1) : now;
}

/** The row of an inbound message, not yet handled. */
function inboundRow(inbound: InboundMessage, conversationId: string, identityId: string, now: Date): Message {
  return Object.assign(new Message(), {
    id: inbound.messageId,
    conversationId,
    direction: 'in',
    senderKind: 'citizen',
    senderUserId: null,
    channel: inbound.channel,
    identityId,
    externalId: inbound.externalId,
    idempotencyKey: null,
    text: inbound.text,
    attachments: inbound.attachments ?? [],
    quickReplies: null,
    isPrivate: false,
    forAgency: false,
    deliveryStatus: 'received',
    deliveryError: null,
    handledAt: null,
    createdAt: now,
    sentAt: null,
  } satisfies Message);
}
