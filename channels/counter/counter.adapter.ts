import { Injectable } from '@nestjs/common';
import { ChannelAdapter, ChannelHealth, DeliveryReports, OutboundEnvelope, SendResult } from '../../src/hub/ports';

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

  constructor(private readonly reports: DeliveryReports) {}

  async send(m: OutboundEnvelope): Promise<SendResult> {
    await this.reports.report({ channel: COUNTER_CHANNEL, messageId: m.messageId, status: 'delivered', at: new Date() });
    return {};
  }

  health(): ChannelHealth {
    return { state: 'up' };
  }
}
