import { Injectable } from '@nestjs/common';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { DeliveryStatus, Message } from '../schema/message.entity';
import { TransactionRunner } from '../database/transaction-runner';
import { DeliveryReport, DeliveryReportOutcome, DeliveryReports, ReportedStatus } from './delivery-reports';
import { HubEvents } from './hub-events';
import { OutboundSender } from './outbound.sender';

/**
 * Which current states a report may move a message out of. Statuses only
 * move forward (vendors send them out of order: WhatsApp's read can arrive
 * before delivered); failed replaces only a message not yet known to be delivered.
 */
const MAY_MOVE_FROM: Record<ReportedStatus, DeliveryStatus[]> = {
  sent: ['pending'],
  delivered: ['pending', 'sent'],
  read: ['pending', 'sent', 'delivered'],
  failed: ['pending', 'sent'],
};

/** Stores channels' delivery reports on outbound messages and shows the change to the console. */
@Injectable()
export class DeliveryReportsService extends DeliveryReports {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly conversations: ConversationsRepository,
    private readonly sender: OutboundSender,
    private readonly events: HubEvents,
  ) {
    super();
  }

  async report(r: DeliveryReport): Promise<DeliveryReportOutcome> {
    const result = await this.tx.run(async (m): Promise<Message | 'stale' | 'unknown'> => {
      const msg = r.messageId
        ? await this.conversations.findMessage(m, r.messageId)
        : r.externalId
          ? await this.conversations.findMessageByExternalId(m, r.channel, r.externalId)
          : null;
      if (!msg || msg.channel !== r.channel) return 'unknown';
      if (msg.direction !== 'out' || !MAY_MOVE_FROM[r.status].includes(msg.deliveryStatus)) return 'stale';
      const patch: Partial<Message> =
        r.status === 'failed' ? { deliveryStatus: r.status, deliveryError: (r.error ?? 'failed').slice(0, 500) } : { deliveryStatus: r.status };
      // The first word that it left the hub is when it was sent (the sender records it itself when it can).
      if (r.status !== 'failed' && !msg.sentAt) patch.sentAt = r.at;
      const changed = await this.conversations.updateMessage(m, { id: msg.id, deliveryStatus: msg.deliveryStatus }, patch);
      if (!changed) return 'stale';
      return Object.assign(msg, patch);
    });
    if (typeof result === 'string') return result;
    // A report made while this process is sending the message is announced by the sender, with the send's outcome.
    if (!this.sender.isSending(result.id)) {
      const conv = await this.tx.read((m) => this.conversations.findById(m, result.conversationId));
      if (conv) await this.events.messageUpdated(conv, result);
    }
    return 'updated';
  }
}
