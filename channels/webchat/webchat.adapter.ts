import { Injectable } from '@nestjs/common';
import { ChannelAdapter, ChannelHealth, OutboundEnvelope, RealtimeService, SendResult } from '../../src/hub/ports';

export const WEBCHAT_CHANNEL = 'webchat';
export const WEBCHAT_NAMESPACE = '/webchat';
export const visitorRoom = (visitorKey: string): string => `visitor:${visitorKey}`;

/**
 * Sends to every open tab of the visitor, whichever api process holds it.
 * A visitor who is offline catches up with `history` when they come back.
 */
@Injectable()
export class WebchatAdapter implements ChannelAdapter {
  readonly channel = WEBCHAT_CHANNEL;
  readonly sendInline = true;

  constructor(private readonly realtime: RealtimeService) {}

  async send(m: OutboundEnvelope): Promise<SendResult> {
    this.realtime.emit(WEBCHAT_NAMESPACE, visitorRoom(m.recipient.externalId), 'message', {
      id: m.messageId,
      conversationId: m.conversationId,
      sender: m.senderKind,
      text: m.text,
      createdAt: m.createdAt,
      ...(m.quickReplies?.length ? { quickReplies: m.quickReplies } : {}),
    });
    return {};
  }

  health(): ChannelHealth {
    return { state: 'up' };
  }
}
