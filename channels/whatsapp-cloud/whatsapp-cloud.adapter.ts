import { Inject, Injectable, Logger } from '@nestjs/common';
import { HUB_CONFIG, ResolvedConfig } from '../../src/config/hub-config';
import { e164ToWaId } from '../../src/common/phone';
import {
  AttachmentMeta,
  ChannelAdapter,
  ChannelConversations,
  ChannelHealth,
  OutboundEnvelope,
  PermanentSendError,
  QuickReply,
  RetryLaterError,
  SendResult,
} from '../../src/hub/ports';
import { downloadMedia, MediaTooLargeError, readMediaBlob } from '../media-download';
import { SignatureCheck, verifyMetaHandshake, verifyMetaSignature } from '../meta-webhook';
import { WhatsappCloudConfig, whatsappTransport } from './whatsapp-cloud.config';
import { WHATSAPP_CHANNEL } from './whatsapp-cloud.normalize';

export const WHATSAPP_CLOUD_CONFIG = Symbol('WHATSAPP_CLOUD_CONFIG');

/** Meta's customer-service window: free-form messages only within 24 h of the citizen's last message. */
export const SERVICE_WINDOW_MS = 24 * 3600 * 1000;
const MAX_TEXT = 4096;
const MAX_INTERACTIVE_BODY = 1024;

/** Graph API error codes that mean "slow down" (throughput, spam and pair rate limits). */
const RATE_LIMIT_CODES = new Set([4, 80007, 130429, 131048, 131056]);
/** Temporary failures on Meta's side. */
const TRANSIENT_CODES = new Set([1, 2, 131000, 131016, 133004]);
const REENGAGEMENT_REQUIRED = 131047;

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/**
 * WhatsApp Business Cloud API: sends through POST /{phone-number-id}/messages.
 * Quick replies become reply buttons (≤3) or a list (≤10); outside the 24-hour
 * window the configured template goes instead of free text.
 */
@Injectable()
export class WhatsappCloudAdapter implements ChannelAdapter {
  readonly channel = WHATSAPP_CHANNEL;
  private readonly log = new Logger('WhatsappCloudAdapter');
  readonly enabled: boolean;
  readonly sendsFiles = true;

  private readonly mediaTypes: Set<string>;

  constructor(
    @Inject(WHATSAPP_CLOUD_CONFIG) readonly cfg: WhatsappCloudConfig,
    private readonly conversations: ChannelConversations,
    @Inject(HUB_CONFIG) private readonly hub: ResolvedConfig,
  ) {
    this.enabled = whatsappTransport(process.env) === 'cloud';
    this.mediaTypes = new Set(cfg.WHATSAPP_CLOUD_MEDIA_TYPES.split(',').map((s) => s.trim().toLowerCase()));
  }

  // ---- inbound media ---------------------------------------------------------

  /**
   * Fetches an image or document the citizen sent (GET /{media-id} gives a
   * short-lived URL, fetched with the same token) into DATA_DIR/media, so
   * officers see it after Meta's URL has expired. On any failure the
   * attachment keeps its metadata and media id, and the message still goes in.
   */
  async fetchMedia(att: AttachmentMeta, messageId: string): Promise<void> {
    const mediaId = att.ref?.startsWith('whatsapp-media:') ? att.ref.slice('whatsapp-media:'.length) : null;
    if (!mediaId || !/^\d{1,40}$/.test(mediaId)) return;
    if (!att.mimeType || !this.mediaTypes.has(att.mimeType.split(';')[0].trim().toLowerCase()) || this.cfg.WHATSAPP_CLOUD_MEDIA_MAX_BYTES === 0) return;
    const auth = { authorization: `Bearer ${this.cfg.WHATSAPP_CLOUD_TOKEN}` };
    try {
      const res = await fetch(`${this.cfg.WHATSAPP_CLOUD_API_ROOT}/${mediaId}`, {
        headers: auth,
        signal: AbortSignal.timeout(this.cfg.WHATSAPP_CLOUD_SEND_TIMEOUT_MS),
      });
      const info = (await res.json().catch(() => ({}))) as { url?: string; file_size?: number; mime_type?: string };
      if (!res.ok || typeof info.url !== 'string') throw new Error(`media lookup HTTP ${res.status}`);
      // The access token goes only over HTTPS, or to the configured API root's own origin (a local test double).
      const target = new URL(info.url);
      if (target.protocol !== 'https:' && target.origin !== new URL(this.cfg.WHATSAPP_CLOUD_API_ROOT).origin) throw new Error('media URL is not HTTPS');
      if (typeof info.file_size === 'number' && info.file_size > this.cfg.WHATSAPP_CLOUD_MEDIA_MAX_BYTES) throw new MediaTooLargeError(info.file_size);
      const saved = await downloadMedia({
        url: info.url,
        headers: auth,
        dataDir: this.hub.dataDir,
        channel: WHATSAPP_CHANNEL,
        stableId: mediaId,
        mimeType: att.mimeType,
        fileName: att.fileName,
        maxBytes: this.cfg.WHATSAPP_CLOUD_MEDIA_MAX_BYTES,
        timeoutMs: this.cfg.WHATSAPP_CLOUD_SEND_TIMEOUT_MS,
      });
      att.ref = saved.ref;
      att.size = saved.size;
    } catch (err) {
      const why = err instanceof MediaTooLargeError ? err.message : (err as Error).message;
      this.log.warn(`WhatsApp ${att.kind} of message ${messageId} kept as metadata only (${why})`);
    }
  }

  // ---- webhook verification ----------------------------------------------

  /** Meta's GET handshake: the verify token must match, then the challenge is echoed. */
  verifyHandshake(mode: unknown, token: unknown, challenge: unknown): string | null {
    if (!this.enabled) return null;
    return verifyMetaHandshake(mode, token, challenge, this.cfg.WHATSAPP_CLOUD_VERIFY_TOKEN);
  }

  /** X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256 of the raw body with the app secret. */
  verifySignature(rawBody: Buffer | undefined, header: string | undefined): SignatureCheck {
    return verifyMetaSignature(rawBody, header, this.cfg.WHATSAPP_CLOUD_APP_SECRET);
  }

  // ---- outbound -----------------------------------------------------------

  async send(m: OutboundEnvelope): Promise<SendResult> {
    if (!this.enabled) throw new PermanentSendError('WhatsApp Cloud transport is not configured');
    if (m.recipient.kind !== 'phone' && m.recipient.kind !== 'whatsapp-user')
      throw new PermanentSendError(`cannot send to a ${m.recipient.kind} identity on WhatsApp`);
    // A citizen known only by a business-scoped user id is addressed with `recipient` instead of `to`.
    const address = (body: Record<string, unknown>) =>
      m.recipient.kind === 'whatsapp-user' ? { ...withoutTo(body), recipient: m.recipient.externalId } : body;
    const to = m.recipient.kind === 'phone' ? e164ToWaId(m.recipient.externalId) : '';
    const inWindow = await this.inServiceWindow(m);
    const files = (m.attachments ?? []).filter((a) => a.kind !== 'location' && (a.ref?.startsWith('media/') || (a.url && a.kind === 'video')));
    try {
      if (files.length && inWindow) return { externalId: await this.sendFiles(m, files, address) };
      const body = inWindow ? freeFormPayload(to, m.text, m.quickReplies) : this.templatePayload(to, m.text);
      return { externalId: await this.post(address(body)) };
    } catch (err) {
      // Our record of the window can lag behind Meta's; Meta has the last word.
      if (err instanceof GraphError && err.code === REENGAGEMENT_REQUIRED && inWindow) {
        try {
          return { externalId: await this.post(address(this.templatePayload(to, m.text))) };
        } catch (err2) {
          throw classifyGraphError(err2);
        }
      }
      throw classifyGraphError(err);
    }
  }

  /**
   * An officer's files: each uploaded (POST /{phone-number-id}/media) and sent
   * as image/document/audio by media id; the text rides as the first file's
   * caption when it fits, else goes first as a message of its own. A
   * knowledge-base picture is a stored file like an officer's (its alt text
   * is the message's text, so the caption); a video goes as a call-to-action
   * URL button.
   */
  private async sendFiles(m: OutboundEnvelope, files: AttachmentMeta[], address: (b: Record<string, unknown>) => Record<string, unknown>): Promise<string> {
    const to = m.recipient.kind === 'phone' ? e164ToWaId(m.recipient.externalId) : '';
    const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
    const captioned = m.text.length > 0 && m.text.length <= MAX_INTERACTIVE_BODY;
    let first: string | undefined;
    if (m.text && !captioned) first = await this.post(address(freeFormPayload(to, m.text)));
    for (const [i, a] of files.entries()) {
      if (a.url && a.kind === 'video') {
        const label = a.fileName ?? 'Tonton video';
        const body = { text: (i === 0 && captioned ? m.text : label).slice(0, MAX_INTERACTIVE_BODY) };
        const action = { name: 'cta_url', parameters: { display_text: cut(label, 20), url: a.url } };
        const id = await this.post(address({ ...base, type: 'interactive', interactive: { type: 'cta_url', body, action } }));
        first ??= id;
        continue;
      }
      const mediaId = await this.upload(a);
      const type = a.kind === 'image' ? 'image' : a.kind === 'audio' ? 'audio' : 'document';
      const caption =
        type === 'audio' ? {} : i === 0 && captioned ? { caption: m.text } : type === 'image' && a.alt ? { caption: cut(a.alt, MAX_INTERACTIVE_BODY) } : {};
      const fileName = type === 'document' && a.fileName ? { filename: a.fileName } : {};
      const id = await this.post(address({ ...base, type, [type]: { id: mediaId, ...caption, ...fileName } }));
      first ??= id;
    }
    return first!;
  }

  private async upload(a: AttachmentMeta): Promise<string> {
    let blob: Blob;
    try {
      blob = await readMediaBlob(this.hub.dataDir, a);
    } catch (err) {
      throw new PermanentSendError(`attachment unreadable: ${(err as Error).message}`);
    }
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', a.mimeType ?? 'application/octet-stream');
    form.set('file', blob, a.fileName ?? 'lampiran');
    const json = await this.call(`${this.cfg.WHATSAPP_CLOUD_API_ROOT}/${this.cfg.WHATSAPP_CLOUD_PHONE_NUMBER_ID}/media`, form);
    const id = (json as { id?: unknown }).id;
    if (typeof id !== 'string') throw new Error('Graph API answered the upload without a media id');
    return id;
  }

  /** Whether the citizen wrote on WhatsApp in this conversation within the last 24 hours. */
  private async inServiceWindow(m: OutboundEnvelope): Promise<boolean> {
    const last = await this.conversations.lastInboundAt(m.conversationId, WHATSAPP_CHANNEL);
    return !!last && Date.now() - last.getTime() < SERVICE_WINDOW_MS;
  }

  private templatePayload(to: string, text: string): Record<string, unknown> {
    const t = this.cfg.WHATSAPP_CLOUD_TEMPLATE;
    if (!t) throw new PermanentSendError('outside the 24-hour WhatsApp window and no WHATSAPP_CLOUD_TEMPLATE is configured');
    const [name, code] = t.split(':');
    // Template parameters may not contain newlines, tabs or more than four spaces in a row.
    const param = text
      .replace(/[\r\n\t]+/g, ' · ')
      .replace(/ {4,}/g, '   ')
      .slice(0, MAX_INTERACTIVE_BODY);
    return {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      type: 'template',
      template: {
        name,
        language: { code },
        ...(this.cfg.WHATSAPP_CLOUD_TEMPLATE_BODY_PARAM ? { components: [{ type: 'body', parameters: [{ type: 'text', text: param }] }] } : {}),
      },
    };
  }

  private async post(body: Record<string, unknown>): Promise<string> {
    const json = (await this.call(`${this.cfg.WHATSAPP_CLOUD_API_ROOT}/${this.cfg.WHATSAPP_CLOUD_PHONE_NUMBER_ID}/messages`, JSON.stringify(body))) as {
      messages?: { id: string }[];
    };
    const id = json.messages?.[0]?.id;
    if (!id) throw new Error('Graph API answered without a message id');
    return id;
  }

  /** One Graph API POST (JSON or multipart); a Graph error becomes a GraphError. */
  private async call(url: string, body: string | FormData): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.cfg.WHATSAPP_CLOUD_TOKEN}`, ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}) },
        body,
        signal: AbortSignal.timeout(this.cfg.WHATSAPP_CLOUD_SEND_TIMEOUT_MS),
      });
    } catch (err) {
      const e = err as Error;
      throw new Error(`Graph API unreachable: ${e.name === 'TimeoutError' ? 'timeout' : e.message}`, { cause: err });
    }
    const json = (await res.json().catch(() => ({}))) as {
      error?: { code?: number; message?: string; error_data?: { details?: string } };
    };
    if (!res.ok || json.error) {
      const e = json.error;
      throw new GraphError(
        res.status,
        e?.code,
        `Graph ${res.status}${e?.code ? ` code ${e.code}` : ''}: ${e?.message ?? res.statusText}${e?.error_data?.details ? ` (${e.error_data.details})` : ''}`,
      );
    }
    return json;
  }

  health(): ChannelHealth {
    return this.enabled
      ? { state: 'up', detail: 'cloud' }
      : {
          state: 'disabled',
          detail: 'WHATSAPP_CLOUD_TOKEN / WHATSAPP_TRANSPORT not set',
          message: 'Token WhatsApp Cloud API belum diisi atau transport WhatsApp bukan "cloud".',
          variables: ['WHATSAPP_CLOUD_TOKEN', 'WHATSAPP_TRANSPORT'],
        };
  }
}

/** A Graph API failure → what the outbound worker does with the job. */
export function classifyGraphError(err: unknown): Error {
  if (err instanceof PermanentSendError || err instanceof RetryLaterError) return err;
  if (!(err instanceof GraphError)) return err as Error;
  if (err.status === 429 || (err.code !== undefined && RATE_LIMIT_CODES.has(err.code)))
    return new RetryLaterError(err.message, err.code === 131056 ? 60_000 : 30_000);
  if (err.status >= 500 || (err.code !== undefined && TRANSIENT_CODES.has(err.code))) return new Error(err.message);
  // An expired or revoked token is an operator's fix, not the citizen's: keep retrying for a while.
  if (err.status === 401 || err.code === 190) return new Error(err.message);
  return new PermanentSendError(err.message);
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Text, reply buttons (≤3) or a list (≤10); more options than that are written into the text. */
export function freeFormPayload(to: string, text: string, quickReplies?: QuickReply[]): Record<string, unknown> {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  const qr = quickReplies ?? [];
  if (qr.length && qr.length <= 10 && text.length <= MAX_INTERACTIVE_BODY && text.length > 0) {
    if (qr.length <= 3) {
      return {
        ...base,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text },
          action: { buttons: qr.map((q) => ({ type: 'reply', reply: { id: q.payload.slice(0, 256), title: cut(q.title, 20) } })) },
        },
      };
    }
    return {
      ...base,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text },
        action: {
          button: 'Pilih menu',
          sections: [
            {
              title: 'Menu',
              rows: qr.map((q) => ({
                id: q.payload.slice(0, 200),
                title: cut(q.title, 24),
                ...(q.title.length > 24 ? { description: cut(q.title, 72) } : {}),
              })),
            },
          ],
        },
      },
    };
  }
  const options = qr.length ? `\n\n${qr.map((q) => `${q.payload}. ${q.title}`).join('\n')}` : '';
  return { ...base, type: 'text', text: { preview_url: false, body: cut(text + (text.includes(qr[0]?.title ?? '\0') ? '' : options), MAX_TEXT) } };
}

function withoutTo(body: Record<string, unknown>): Record<string, unknown> {
  const { to: _to, ...rest } = body;
  return rest;
}
