import { BadRequestException, ForbiddenException, Logger, NotFoundException, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import {
  ChannelAdapter,
  ChannelConversations,
  ChannelHealth,
  ChannelJobs,
  InboundIngress,
  jobIdFor,
  AttachmentMeta,
  OutboundEnvelope,
  PermanentSendError,
  SendResult,
} from '../src/hub/ports';
import { downloadMedia, readMediaBlob } from './media-download';
import {
  classifySendError,
  MalformedWebhookError,
  MetaInbound,
  MetaMessagingChannel,
  parseMetaWebhook,
  SendApiError,
  sendPayload,
  windowRule,
} from './meta-messaging';
import { verifyMetaHandshake, verifyMetaSignature } from './meta-webhook';

/** One Messenger Platform channel's settings, taken from its own config file. */
export interface MetaMessagingSettings {
  channel: MetaMessagingChannel;
  /** The webhook's `object`. */
  object: 'page' | 'instagram';
  /** How officers and citizens see the channel's name. */
  label: string;
  token?: string;
  /** The variable `token` comes from (named to officers when it is missing). */
  tokenVariable: string;
  appSecret?: string;
  verifyToken?: string;
  /** Graph API root with version; replies go to {apiRoot}/me/messages. */
  apiRoot: string;
  /** Longest text of one message (Messenger 2000, Instagram 1000). */
  maxText: number;
  dataDir: string;
}

const SEND_TIMEOUT_MS = 15_000;
const MEDIA_MAX_BYTES = 10 * 1024 * 1024;
/** As for WhatsApp and Telegram: what officers may open safely. */
const MEDIA_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf']);

/**
 * Facebook Messenger and Instagram behind the same ChannelAdapter: the
 * webhook (handshake, signature, parse, queue) and the Send API. A message
 * with attachments is queued by a background job that first fetches the
 * files from Meta's CDN, so the webhook answers at once whatever the CDN does.
 */
export class MetaMessagingAdapter implements ChannelAdapter {
  readonly channel: MetaMessagingChannel;
  readonly enabled: boolean;
  readonly sendsFiles = true;
  private readonly log: Logger;
  private readonly mediaQueue: string;

  constructor(
    readonly settings: MetaMessagingSettings,
    private readonly conversations: ChannelConversations,
    private readonly ingress: InboundIngress,
    private readonly jobs: ChannelJobs,
  ) {
    this.channel = settings.channel;
    this.enabled = !!settings.token;
    this.log = new Logger(`${settings.label}Adapter`);
    this.mediaQueue = `${settings.channel}-media`;
  }

  /** In worker processes: the background job that fetches attachments, then queues the message. */
  startWorkers(): void {
    if (this.enabled) this.jobs.process<MetaInbound>(this.mediaQueue, 4, (m) => this.fetchAndAccept(m));
  }

  // ---- webhook -------------------------------------------------------------

  verifyHandshake(mode: unknown, token: unknown, challenge: unknown): string | null {
    return this.enabled ? verifyMetaHandshake(mode, token, challenge, this.settings.verifyToken) : null;
  }

  /** One webhook call: nothing from the body is used before the signature matches. */
  async receive(rawBody: Buffer | undefined, signature: string | undefined, body: unknown): Promise<void> {
    if (!this.enabled) throw new NotFoundException();
    const check = verifyMetaSignature(rawBody, signature, this.settings.appSecret);
    if (check === 'missing') throw new UnauthorizedException('X-Hub-Signature-256 required');
    if (check === 'invalid') throw new ForbiddenException('invalid signature');
    let parsed;
    try {
      parsed = parseMetaWebhook(body, this.channel, this.settings.object);
    } catch (err) {
      if (err instanceof MalformedWebhookError) throw new BadRequestException(err.message);
      throw err;
    }
    try {
      for (const m of parsed.messages) {
        if (m.urls.some((u) => u !== null)) await this.jobs.add(this.mediaQueue, m, jobIdFor(this.channel, 'media', m.message.externalId));
        else await this.ingress.accept(m.message);
      }
    } catch (err) {
      // Not acknowledged: Meta delivers the call again, and the job ids absorb what was already queued.
      this.log.warn(`webhook not queued: ${(err as Error).message}`);
      throw new ServiceUnavailableException('try again');
    }
    if (parsed.malformed) this.log.warn(`${parsed.malformed} malformed ${this.settings.label} event(s) skipped`);
    if (parsed.ignored.length) this.log.debug(`ignored ${this.settings.label} events: ${parsed.ignored.join(', ')}`);
  }

  /**
   * Fetches each attachment into DATA_DIR/media; one that fails keeps its
   * metadata only (Meta's URL expires, so it is not kept), and the message goes in.
   */
  async fetchAndAccept({ message, urls }: MetaInbound): Promise<void> {
    const attachments = (message.attachments ?? []).map((a) => ({ ...a }));
    for (const [i, url] of urls.entries()) {
      const att = attachments[i];
      if (!url || !att) continue;
      try {
        // Meta's CDN serves over HTTPS; plain http only from the configured API root's host (a local test double).
        const target = new URL(url);
        if (target.protocol !== 'https:' && target.origin !== new URL(this.settings.apiRoot).origin) throw new Error('attachment URL is not HTTPS');
        const saved = await downloadMedia({
          url,
          dataDir: this.settings.dataDir,
          channel: this.channel,
          stableId: `${message.externalId}-${i}`,
          allowedTypes: MEDIA_TYPES,
          maxBytes: MEDIA_MAX_BYTES,
          timeoutMs: SEND_TIMEOUT_MS,
        });
        Object.assign(att, { ref: saved.ref, size: saved.size, mimeType: saved.mimeType });
      } catch (err) {
        this.log.warn(`${this.settings.label} ${att.kind} of message ${message.messageId} kept as metadata only (${(err as Error).message})`);
      }
    }
    await this.ingress.accept({ ...message, attachments });
  }

  // ---- outbound ------------------------------------------------------------

  async send(m: OutboundEnvelope): Promise<SendResult> {
    if (!this.enabled) throw new PermanentSendError(`${this.settings.label} is not configured`);
    if (m.recipient.kind !== this.channel) throw new PermanentSendError(`cannot send to a ${m.recipient.kind} identity on ${this.settings.label}`);
    const rule = windowRule(await this.conversations.lastInboundAt(m.conversationId, this.channel), m.senderKind, this.settings.label);
    // Refused before any call: Meta would refuse it too, and retrying cannot help.
    if ('refused' in rule) throw new PermanentSendError(rule.refused);
    const file = (m.attachments ?? []).find((a) => a.kind !== 'location' && (a.ref?.startsWith('media/') || (a.url && a.kind === 'video')));
    try {
      if (file) return { externalId: await this.sendAttachment(m, file, rule) };
      const answer = await this.post(sendPayload(m.recipient.externalId, m.text, m.quickReplies, rule, this.settings.maxText));
      if (!answer.message_id) throw new Error('Send API answered without a message id');
      return { externalId: answer.message_id };
    } catch (err) {
      throw classifySendError(err);
    }
  }

  /** The officer's typing indicator (sender_action typing_on / typing_off); losing one is harmless. */
  async typing(recipient: OutboundEnvelope['recipient'], on: boolean): Promise<void> {
    if (!this.enabled || recipient.kind !== this.channel) return;
    await this.post({ recipient: { id: recipient.externalId }, sender_action: on ? 'typing_on' : 'typing_off' }).catch((e: Error) =>
      this.log.debug(`sender_action: ${e.message}`),
    );
  }

  /**
   * One attachment as one Send API call. A stored file is uploaded with the
   * message (multipart `filedata`, Meta's Attachment Upload API in a single
   * call), knowledge-base pictures included (Meta has no captions: the alt
   * text is not shown); a video goes as a web_url button.
   */
  private async sendAttachment(m: OutboundEnvelope, a: AttachmentMeta, rule: Exclude<ReturnType<typeof windowRule>, { refused: string }>): Promise<string> {
    const head = { recipient: { id: m.recipient.externalId }, ...rule };
    const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
    let answer: { message_id?: string };
    if (a.url && a.kind === 'video') {
      const label = a.fileName ?? 'Tonton video';
      const buttons = [{ type: 'web_url', url: a.url, title: cut(label, 20) }];
      answer = await this.post({
        ...head,
        message: { attachment: { type: 'template', payload: { template_type: 'button', text: cut(m.text || label, 640), buttons } } },
      });
    } else {
      let blob: Blob;
      try {
        blob = await readMediaBlob(this.settings.dataDir, a);
      } catch (err) {
        throw new PermanentSendError(`attachment unreadable: ${(err as Error).message}`);
      }
      const form = new FormData();
      form.set('recipient', JSON.stringify(head.recipient));
      form.set('messaging_type', rule.messaging_type);
      if ('tag' in rule) form.set('tag', rule.tag);
      const type = a.kind === 'image' ? 'image' : a.kind === 'audio' ? 'audio' : 'file';
      form.set('message', JSON.stringify({ attachment: { type, payload: { is_reusable: false } } }));
      form.set('filedata', blob, a.fileName ?? 'lampiran');
      answer = await this.post(form);
    }
    if (!answer.message_id) throw new Error('Send API answered without a message id');
    return answer.message_id;
  }

  private async post(body: Record<string, unknown> | FormData): Promise<{ message_id?: string }> {
    let res: Response;
    try {
      res = await fetch(`${this.settings.apiRoot}/me/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.settings.token}`, ...(body instanceof FormData ? {} : { 'content-type': 'application/json' }) },
        body: body instanceof FormData ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
    } catch (err) {
      const e = err as Error;
      throw new Error(`Send API unreachable: ${e.name === 'TimeoutError' ? 'timeout' : e.message}`, { cause: err });
    }
    const json = (await res.json().catch(() => ({}))) as { message_id?: string; error?: { code?: number; error_subcode?: number; message?: string } };
    if (!res.ok || json.error) {
      const e = json.error;
      const code = e?.code ? ` code ${e.code}${e.error_subcode ? `/${e.error_subcode}` : ''}` : '';
      throw new SendApiError(res.status, e?.code, e?.error_subcode, `Send API ${res.status}${code}: ${e?.message ?? res.statusText}`);
    }
    return json;
  }

  health(): ChannelHealth {
    return this.enabled
      ? { state: 'up' }
      : {
          state: 'disabled',
          detail: 'no access token configured',
          message: `Token akses ${this.settings.label} belum diisi.`,
          variables: [this.settings.tokenVariable],
        };
  }
}
