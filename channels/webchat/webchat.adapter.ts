import { Injectable } from '@nestjs/common';
import { ChannelAdapter, ChannelHealth, OutboundEnvelope, RealtimeService, RedisConnections, SendResult } from '../../src/hub/ports';
import { widgetAttachments } from './webchat-files';

export const WEBCHAT_CHANNEL = 'webchat';
export const WEBCHAT_NAMESPACE = '/webchat';
export const visitorRoom = (visitorKey: string): string => `visitor:${visitorKey}`;

/** How long the record of a pushed message is kept: longer than any retry of its job. */
const PUSHED_TTL_S = 7 * 24 * 3600;

/**
 * Sends to every open tab of the visitor, whichever api process holds it.
 * A visitor who is offline catches up with `history` when they come back.
 *
 * Pushes each message once: a worker killed after the push but before the
 * hub recorded 'sent' leaves the row 'pending', and the job's re-run sends it
 * again. The adapter's own record (a Redis key per message id, set just
 * before the emit, in the same tick) tells the re-run it was already pushed.
 */
@Injectable()
export class WebchatAdapter implements ChannelAdapter {
  readonly channel = WEBCHAT_CHANNEL;
  readonly sendInline = true;
  readonly sendsFiles = true;

  constructor(
    private readonly realtime: RealtimeService,
    private readonly redis: RedisConnections,
  ) {}

  async send(m: OutboundEnvelope): Promise<SendResult> {
    const first = await this.redis.client().set(`${this.redis.prefix}:webchat:pushed:${m.messageId}`, '1', 'EX', PUSHED_TTL_S, 'NX');
    if (first !== 'OK') return {};
    const attachments = widgetAttachments(m.messageId, m.attachments);
    this.realtime.emit(WEBCHAT_NAMESPACE, visitorRoom(m.recipient.externalId), 'message', {
      id: m.messageId,
      conversationId: m.conversationId,
      sender: m.senderKind,
      text: m.text,
      createdAt: m.createdAt,
      ...(m.quickReplies?.length ? { quickReplies: m.quickReplies } : {}),
      ...(attachments.length ? { attachments } : {}),
    });
    return {};
  }

  /** An officer typing: `typing` { typing } to the visitor's tabs (the console throttles it). */
  typing(recipient: OutboundEnvelope['recipient'], on: boolean): Promise<void> {
    this.realtime.emit(WEBCHAT_NAMESPACE, visitorRoom(recipient.externalId), 'typing', { typing: on });
    return Promise.resolve();
  }

  /** An officer resolved the conversation: `conversation.resolved` { conversationId, resolvedAt }, shown as a notice. */
  resolved(recipient: OutboundEnvelope['recipient'], info: { conversationId: string; resolvedAt: string }): Promise<void> {
    this.realtime.emit(WEBCHAT_NAMESPACE, visitorRoom(recipient.externalId), 'conversation.resolved', info);
    return Promise.resolve();
  }

  health(): ChannelHealth {
    return { state: 'up' };
  }
}
