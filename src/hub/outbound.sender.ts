import { Inject, Injectable, Logger } from '@nestjs/common';
import { faultPoint } from '../common/fault-points';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { ChannelIdentity } from '../schema/channel-identity.entity';
import { ContactsRepository } from '../contacts/contacts.repository';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { Message } from '../schema/message.entity';
import { TransactionRunner } from '../database/transaction-runner';
import { ChannelRegistry } from './channel-registry';
import { HubEvents } from './hub-events';
import { opsSignals } from '../signals/ops-signals';
import { OutboundEnvelope } from './messages';

export type SendOutcome = 'sent' | 'skipped';

/** The channel accepted the message but its status could not be stored: sending it again would duplicate it. */
export class SentButUnrecordedError extends Error {
  constructor(messageId: string, cause: Error) {
    super(`message ${messageId} was sent but its status was not recorded: ${cause.message}`, { cause });
  }
}

/** Sends one stored outbound message through its channel adapter and records the result. */
@Injectable()
export class OutboundSender {
  private readonly log = new Logger(OutboundSender.name);
  /** Messages whose adapter.send() is running in this process. */
  private readonly sending = new Set<string>();

  constructor(
    @Inject(HUB_CONFIG) private readonly cfg: ResolvedConfig,
    private readonly tx: TransactionRunner,
    private readonly registry: ChannelRegistry,
    private readonly events: HubEvents,
    private readonly conversations: ConversationsRepository,
    private readonly contacts: ContactsRepository,
  ) {}

  /** Sends a stored message by id (outbound queue jobs). */
  async send(messageId: string): Promise<SendOutcome> {
    const msg = await this.tx.read((m) => this.conversations.findMessage(m, messageId));
    if (!msg) throw new Error(`outbound message ${messageId} not found`);
    // Already sent by an earlier attempt: never send twice.
    if (msg.deliveryStatus !== 'pending' && msg.deliveryStatus !== 'failed') return 'skipped';
    const identity = msg.identityId ? await this.tx.read((m) => this.contacts.findIdentityById(m, msg.identityId!)) : null;
    const outcome = await this.deliver(msg, identity);
    // Officers see the delivery tick change live.
    const conv = await this.tx.read((m) => this.conversations.findById(m, msg.conversationId));
    if (conv) await this.events.messageUpdated(conv, msg);
    return outcome;
  }

  /**
   * Sends a reply the caller has just stored and still holds, with its
   * recipient: the inbound worker's inline path, which spares re-reading both
   * and announces the message (already marked sent) itself.
   */
  async sendStored(msg: Message, identity: ChannelIdentity | null): Promise<SendOutcome> {
    if (msg.deliveryStatus !== 'pending' && msg.deliveryStatus !== 'failed') return 'skipped';
    return this.deliver(msg, identity);
  }

  /** One attempt through the channel adapter; on success the stored row (and `msg`) become `sent`. */
  private async deliver(msg: Message, identity: ChannelIdentity | null): Promise<SendOutcome> {
    const adapter = this.registry.get(msg.channel);
    if (!adapter) throw new Error(`no adapter for channel ${msg.channel}`);
    if (!identity) throw new Error(`message ${msg.id} has no recipient identity`);
    const envelope: OutboundEnvelope = {
      messageId: msg.id,
      conversationId: msg.conversationId,
      channel: msg.channel,
      recipient: { kind: identity.kind, externalId: identity.externalId },
      senderKind: msg.senderKind,
      text: msg.text,
      quickReplies: msg.quickReplies ?? undefined,
      attachments: msg.attachments,
      createdAt: msg.createdAt.toISOString(),
    };
    this.sending.add(msg.id);
    let result;
    try {
      result = await adapter.send(envelope);
    } finally {
      this.sending.delete(msg.id);
    }
    // Crash tests stop the process here: delivered, not yet recorded.
    faultPoint('outbound.after-push', this.cfg.dataDir);
    const sentAt = new Date();
    const patch = { deliveryStatus: 'sent' as const, sentAt, deliveryError: null, externalId: result.externalId ?? null };
    try {
      // A row left 'pending' after a successful send would look unsent and be sent again: retried on
      // lock contention and on a lost connection alike (the conditional update is idempotent).
      await this.tx.runIdempotent((tm) => this.conversations.updateMessage(tm, { id: msg.id, deliveryStatus: msg.deliveryStatus }, patch));
    } catch (err) {
      throw new SentButUnrecordedError(msg.id, err as Error);
    }
    Object.assign(msg, patch);
    opsSignals.emit({ kind: 'message', direction: 'out', channel: msg.channel });
    return 'sent';
  }

  /** Whether a send of this message is under way here (its outcome is announced when it ends). */
  isSending(messageId: string): boolean {
    return this.sending.has(messageId);
  }

  async markFailed(messageId: string, error: string): Promise<void> {
    await this.tx.runIdempotent((tm) =>
      this.conversations.updateMessage(tm, { id: messageId, deliveryStatus: 'pending' }, { deliveryStatus: 'failed', deliveryError: error.slice(0, 500) }),
    );
    const msg = await this.tx.read((m) => this.conversations.findMessage(m, messageId));
    const conv = msg ? await this.tx.read((m) => this.conversations.findById(m, msg.conversationId)) : null;
    if (msg && conv) await this.events.messageUpdated(conv, msg);
    this.log.warn(`message ${messageId} failed permanently: ${error.slice(0, 200)}`);
  }
}
