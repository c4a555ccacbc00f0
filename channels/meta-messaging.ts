import { z } from 'zod';
import { deterministicId } from '../src/common/ids';
import type { AttachmentMeta, InboundMessage, QuickReply, SenderKind } from '../src/hub/ports';
import { PermanentSendError, RetryLaterError } from '../src/hub/ports';

/**
 * What Facebook Messenger and Instagram share: both are Meta's Messenger
 * Platform (webhook `entry[].messaging[]`, Send API `POST /me/messages`).
 * Pure functions here; the I/O is in meta-messaging-adapter.ts.
 */

export type MetaMessagingChannel = 'messenger' | 'instagram';

/** Meta's standard messaging window: free replies within 24 h of the citizen's last message. */
export const STANDARD_WINDOW_MS = 24 * 3600 * 1000;
/** The HUMAN_AGENT tag lets a person (never the bot) answer up to 7 days after it. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3600 * 1000;

// ---- inbound ---------------------------------------------------------------

const scopedId = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'must be a page- or account-scoped id');
const attachmentSchema = z.object({
  type: z.string().min(1).max(40),
  payload: z
    .object({
      url: z.string().max(4000).optional(),
      title: z.string().max(1000).optional(),
      sticker_id: z.number().optional(),
      coordinates: z.object({ lat: z.number(), long: z.number() }).optional(),
    })
    .nullable()
    .optional(),
  title: z.string().max(1000).optional(),
});
const eventSchema = z.object({
  sender: z.object({ id: scopedId }),
  recipient: z.object({ id: scopedId }),
  timestamp: z.number().int().nonnegative(),
  message: z
    .object({
      mid: z.string().min(1).max(300),
      text: z.string().max(20_000).optional(),
      is_echo: z.boolean().optional(),
      is_deleted: z.boolean().optional(),
      is_unsupported: z.boolean().optional(),
      quick_reply: z.object({ payload: z.string().max(1000) }).optional(),
      attachments: z.array(attachmentSchema).max(20).optional(),
    })
    .optional(),
  postback: z.object({ mid: z.string().min(1).max(300).optional(), title: z.string().max(1000).optional(), payload: z.string().max(1000) }).optional(),
  read: z.object({}).loose().optional(),
  delivery: z.object({}).loose().optional(),
});
const envelopeSchema = z.object({
  object: z.string(),
  entry: z.array(z.object({ id: z.string().optional(), time: z.number().optional(), messaging: z.array(z.unknown()).max(1000).optional() })).max(1000),
});

type MetaEvent = z.infer<typeof eventSchema>;

/** A signed body that is not a Messenger Platform webhook: answered 400, nothing stored. */
export class MalformedWebhookError extends Error {}

/** One inbound message and the CDN URLs of its attachments (same order; null = nothing to fetch). */
export interface MetaInbound {
  message: InboundMessage;
  urls: (string | null)[];
}

export interface ParsedMetaWebhook {
  messages: MetaInbound[];
  /** What the hub does not take (echoes, reads, deliveries, reactions…), for the log. */
  ignored: string[];
  /** Events whose shape was wrong, skipped while the others went in. */
  malformed: number;
}

const ATTACHMENT_KIND: Record<string, AttachmentMeta['kind']> = { image: 'image', video: 'video', audio: 'audio', file: 'document' };

/**
 * Meta's webhook body → inbound messages. A wrong envelope (or a call whose
 * every event is malformed) throws MalformedWebhookError; one malformed event
 * among good ones is skipped, so it does not sink the rest of the batch.
 */
export function parseMetaWebhook(body: unknown, channel: MetaMessagingChannel, object: 'page' | 'instagram'): ParsedMetaWebhook {
  const env = envelopeSchema.safeParse(body);
  if (!env.success) throw new MalformedWebhookError(`not a Messenger Platform webhook: ${env.error.issues[0]?.path.join('.')} ${env.error.issues[0]?.message}`);
  if (env.data.object !== object) throw new MalformedWebhookError(`expected object "${object}", got "${env.data.object.slice(0, 40)}"`);
  const out: ParsedMetaWebhook = { messages: [], ignored: [], malformed: 0 };
  let events = 0;
  for (const entry of env.data.entry) {
    for (const raw of entry.messaging ?? []) {
      events++;
      const e = eventSchema.safeParse(raw);
      if (!e.success) {
        out.malformed++;
        continue;
      }
      const m = normalizeMetaEvent(e.data, channel);
      if (typeof m === 'string') out.ignored.push(m);
      else out.messages.push(m);
    }
  }
  if (events > 0 && out.malformed === events) throw new MalformedWebhookError('no event of the call has the documented shape');
  return out;
}

/** One messaging event → a message for the hub, or the name of what is ignored. */
export function normalizeMetaEvent(e: MetaEvent, channel: MetaMessagingChannel): MetaInbound | string {
  const base = (externalId: string) => ({
    messageId: deterministicId(`${channel}|${externalId}`),
    channel,
    externalId,
    sender: { kind: channel, externalId: e.sender.id },
    receivedAt: new Date(e.timestamp || Date.now()).toISOString(),
  });
  if (e.message) {
    // Our own page's replies come back as echoes; the hub already has them.
    if (e.message.is_echo) return 'echo';
    if (e.message.is_deleted) return 'deleted';
    const attachments: AttachmentMeta[] = [];
    const urls: (string | null)[] = [];
    let text = e.message.text ?? '';
    for (const a of e.message.attachments ?? []) {
      const c = a.payload?.coordinates;
      if (a.type === 'location' && c) {
        attachments.push({ kind: 'location', latitude: c.lat, longitude: c.long });
        urls.push(null);
        continue;
      }
      const kind = ATTACHMENT_KIND[a.type] ?? 'other';
      const url = a.payload?.url && kind !== 'other' ? a.payload.url : null;
      attachments.push({ kind, ...(kind === 'other' ? { fileName: a.type } : {}) });
      urls.push(url);
      // A shared post or link without words: its address is what the citizen meant.
      if (!text && kind === 'other' && a.payload?.url) text = a.payload.url;
    }
    if (!text && !attachments.length && !e.message.is_unsupported) return 'empty';
    return {
      message: {
        ...base(e.message.mid),
        text,
        ...(attachments.length ? { attachments } : {}),
        ...(e.message.quick_reply ? { replyPayload: e.message.quick_reply.payload } : {}),
      },
      urls,
    };
  }
  if (e.postback) {
    // Older postbacks carry no mid: the tap is identified by who tapped and when.
    const id = e.postback.mid ?? `postback-${e.sender.id}-${e.timestamp}`;
    return { message: { ...base(id), text: e.postback.title ?? e.postback.payload, replyPayload: e.postback.payload }, urls: [] };
  }
  if (e.read) return 'read';
  if (e.delivery) return 'delivery';
  return 'other';
}

// ---- the 24-hour window ------------------------------------------------------

export type WindowRule = { messaging_type: 'RESPONSE' } | { messaging_type: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' } | { refused: string };

/**
 * Meta's rule for a reply: inside 24 h of the citizen's last message anyone
 * answers (RESPONSE); from 24 h to 7 days only a person, tagged HUMAN_AGENT;
 * later, or before the citizen ever wrote, nothing goes. The reason is what
 * officers see as the delivery error.
 */
export function windowRule(lastInboundAt: Date | null, sender: SenderKind, label: string, now = Date.now()): WindowRule {
  if (!lastInboundAt) return { refused: `Warga belum pernah menulis lewat ${label}: pesan tidak boleh dikirim lebih dulu.` };
  const age = now - lastInboundAt.getTime();
  if (age < STANDARD_WINDOW_MS) return { messaging_type: 'RESPONSE' };
  if (age < HUMAN_AGENT_WINDOW_MS) {
    if (sender === 'agent') return { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
    return { refused: `Di luar jendela 24 jam ${label}: hanya petugas yang boleh membalas (sampai 7 hari); pesan otomatis tidak dikirim.` };
  }
  return { refused: `Lebih dari 7 hari sejak pesan terakhir warga di ${label}: pesan tidak dapat dikirim sampai warga menulis lagi.` };
}

// ---- outbound ----------------------------------------------------------------

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** Button template: at most 3 buttons and 640 characters of text. */
const MAX_BUTTONS = 3;
const MAX_BUTTON_TEXT = 640;
const MAX_QUICK_REPLIES = 13;

/**
 * A Send API body: up to 3 options become postback buttons (they stay on
 * screen), up to 13 quick replies, more are written into the text.
 */
export function sendPayload(
  recipientId: string,
  text: string,
  quickReplies: QuickReply[] | undefined,
  rule: Exclude<WindowRule, { refused: string }>,
  maxText: number,
): Record<string, unknown> {
  const head = { recipient: { id: recipientId }, ...rule };
  const qr = quickReplies ?? [];
  if (qr.length && qr.length <= MAX_BUTTONS && text.length > 0 && text.length <= MAX_BUTTON_TEXT) {
    const buttons = qr.map((q) => ({ type: 'postback', title: cut(q.title, 20), payload: q.payload.slice(0, 1000) }));
    return { ...head, message: { attachment: { type: 'template', payload: { template_type: 'button', text, buttons } } } };
  }
  if (qr.length && qr.length <= MAX_QUICK_REPLIES && text.length > 0 && text.length <= maxText) {
    const quick_replies = qr.map((q) => ({ content_type: 'text', title: cut(q.title, 20), payload: q.payload.slice(0, 1000) }));
    return { ...head, message: { text, quick_replies } };
  }
  const options = qr.length ? `\n\n${qr.map((q) => `${q.payload}. ${q.title}`).join('\n')}` : '';
  return { ...head, message: { text: cut(text + options, maxText) } };
}

export class SendApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    readonly subcode: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Send API error codes that mean "slow down" (application, page and user rate limits). */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80006]);
/** Temporary failures on Meta's side. */
const TRANSIENT_CODES = new Set([1, 2]);

/** A Send API failure → what the outbound worker does with the job. */
export function classifySendError(err: unknown): Error {
  if (err instanceof PermanentSendError || err instanceof RetryLaterError || !(err instanceof SendApiError)) return err as Error;
  if (err.status === 429 || (err.code !== undefined && RATE_LIMIT_CODES.has(err.code))) return new RetryLaterError(err.message, 30_000);
  if (err.status >= 500 || (err.code !== undefined && TRANSIENT_CODES.has(err.code))) return new Error(err.message);
  // An expired or revoked token is the operator's to fix: keep retrying for a while.
  if (err.status === 401 || err.code === 190) return new Error(err.message);
  // Outside the window by Meta's clock, the person blocked the page, no such user…: retrying cannot help.
  return new PermanentSendError(err.message);
}
