import { Injectable } from '@nestjs/common';
import { Message } from '../../src/conversations/message.entity';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { ChannelAdapter, ChannelHealth, SendResult } from '../../src/hub/channel-adapter';
import { OutboundEnvelope } from '../../src/hub/messages';

export const COUNTER_CHANNEL = 'counter';

/**
 * The MPP counter: the citizen is in front of the officer, so "sending" a
 * reply only records it as delivered. A later message from the citizen on
 * WhatsApp moves the conversation back to that channel.
 */
@Injectable()
export class CounterAdapter implements ChannelAdapter {
  readonly channel = COUNTER_CHANNEL;
  readonly sendInline = true;

  constructor(private readonly tx: TransactionRunner) {}

  async send(m: OutboundEnvelope): Promise<SendResult> {
    await this.tx.run((tm) => tm.update(Message, { id: m.messageId, deliveryStatus: 'pending' }, { deliveryStatus: 'delivered', sentAt: new Date() }));
    return {};
  }

  health(): ChannelHealth {
    return { state: 'up' };
  }
}
