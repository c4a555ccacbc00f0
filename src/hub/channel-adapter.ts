import { OutboundEnvelope } from './messages';

export interface ChannelHealth {
  /** 'up' | 'down' | a channel-specific state such as 'qr' or 'starting'. */
  state: string;
  /** For operators and monitoring (English, kept as it is: outside clients of /health read it). */
  detail?: string;
  /** The same for officers, in Indonesian (the console's Kanal page shows it instead of `detail`). */
  message?: string;
  /** The settings (environment variables) the message is about, shown to officers as a detail. */
  variables?: string[];
}

export interface SendResult {
  /** The vendor's id of the sent message, when there is one. */
  externalId?: string;
}

/**
 * One per channel (WhatsApp Web, WhatsApp Cloud, Telegram, web chat, counter).
 * Inbound: the adapter normalises vendor payloads and hands them to
 * InboundIngress. Outbound: the channel's queue worker calls send().
 * An adapter knows nothing of bots, tickets or agents.
 */
export interface ChannelAdapter {
  readonly channel: string;
  /**
   * True when send() is cheap, local and has no vendor rate limit (web chat,
   * counter): the inbound worker then sends replies at once and uses the
   * outbound queue only when that fails.
   */
  readonly sendInline?: boolean;
  /**
   * True when send() delivers files (an officer's PDF or image, a
   * knowledge-base picture): the console refuses a file for other channels
   * rather than letting it fail in the queue.
   */
  readonly sendsFiles?: boolean;
  send(message: OutboundEnvelope): Promise<SendResult>;
  /** Shows the citizen that an officer is typing (Messenger, Instagram); best effort, never throws. */
  typing?(recipient: OutboundEnvelope['recipient'], on: boolean): Promise<void>;
  /**
   * Tells the citizen an officer resolved their conversation, where the channel can show
   * that without a stored message (the web chat widget's notice); best effort.
   */
  resolved?(recipient: OutboundEnvelope['recipient'], info: { conversationId: string; resolvedAt: string }): Promise<void>;
  health(): ChannelHealth;
}

/** Thrown by send() when retrying cannot help (blocked user, invalid recipient). */
export class PermanentSendError extends Error {}

/** Thrown by send() when the vendor asked to wait (rate limit); delayMs is honoured. */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}
