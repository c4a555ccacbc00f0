import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Input, Telegraf, TelegramError } from 'telegraf';
import type { CallbackQuery, Message, Update } from 'telegraf/types';
import { HUB_CONFIG, ResolvedConfig } from '../../src/config/hub-config';
import {
  AttachmentMeta,
  ChannelAdapter,
  ChannelHealth,
  InboundIngress,
  OutboundEnvelope,
  PermanentSendError,
  QueueService,
  RetryLaterError,
  SendResult,
} from '../../src/hub/ports';
import { RedisConnections } from '../../src/redis/redis-connections';
import { RedisLease } from '../redis-lease';
import { TelegramConfig } from './telegram.config';
import { downloadMedia, localMediaPath, MediaTooLargeError } from '../media-download';
import { MediaJobs } from '../media-jobs';
import { normalizeTelegramCallback, normalizeTelegramMessage, TELEGRAM_CHANNEL, TelegramFileRef, telegramReplyMarkup } from './telegram.normalize';
import { TelegramRateLimiter } from './telegram-rate-limit';
import { malformedUpdate } from './telegram.update-schema';

export const TELEGRAM_CONFIG = Symbol('TELEGRAM_CONFIG');

const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
/** Sent with sendPhoto (Telegram recompresses); anything else goes as a document. */
const SAFE_PHOTO = new Set(['image/jpeg', 'image/png', 'image/webp']);
const SEEN_TTL_S = 7 * 24 * 3600;

/**
 * Telegram through telegraf. Inbound updates (webhook or long polling) are
 * normalised and handed to InboundIngress; an update counts as processed
 * only once it is queued, so a failure makes Telegram (or our poller)
 * deliver it again, and the (channel, external id) key makes that harmless.
 */
@Injectable()
export class TelegramAdapter implements ChannelAdapter, OnApplicationBootstrap, OnApplicationShutdown {
  readonly channel = TELEGRAM_CHANNEL;
  readonly sendsFiles = true;
  private readonly log = new Logger('TelegramAdapter');
  private bot?: Telegraf;
  private state: ChannelHealth = {
    state: 'disabled',
    detail: 'TELEGRAM_BOT_TOKEN is not set',
    message: 'Token bot Telegram belum diisi.',
    variables: ['TELEGRAM_BOT_TOKEN'],
  };
  private lease?: RedisLease;
  private polling?: { stop: boolean; abort: AbortController; done: Promise<void> };
  private stopped = false;
  private readonly limiter: TelegramRateLimiter;
  private readonly allowedTypes: Set<string>;
  /** Files are downloaded after the update is acknowledged, then the message is queued. */
  private readonly media: MediaJobs<{ index: number; file: TelegramFileRef }[]>;

  constructor(
    @Inject(TELEGRAM_CONFIG) private readonly cfg: TelegramConfig,
    @Inject(HUB_CONFIG) private readonly hub: ResolvedConfig,
    private readonly ingress: InboundIngress,
    private readonly redis: RedisConnections,
    queues: QueueService,
  ) {
    this.media = new MediaJobs(TELEGRAM_CHANNEL, { hub, queues, redis, ingress }, ({ inbound, extra }) => this.fetchFiles(inbound, extra ?? []));
    this.limiter = new TelegramRateLimiter(() => this.redis.client(), this.redis.prefix, cfg.TELEGRAM_RATE_CHAT_INTERVAL_MS, cfg.TELEGRAM_RATE_GLOBAL_PER_S);
    this.allowedTypes = new Set(cfg.TELEGRAM_MEDIA_TYPES.split(',').map((s) => s.trim().toLowerCase()));
    if (cfg.TELEGRAM_BOT_TOKEN) this.bot = this.createBot(cfg.TELEGRAM_BOT_TOKEN);
  }

  get enabled(): boolean {
    return !!this.bot;
  }

  get webhookMode(): boolean {
    return this.enabled && this.cfg.TELEGRAM_MODE === 'webhook';
  }

  private createBot(token: string): Telegraf {
    // webhookReply off: every API call is a real request whose result we see.
    const bot = new Telegraf(token, { telegram: { apiRoot: this.cfg.TELEGRAM_API_ROOT, webhookReply: false }, handlerTimeout: 60_000 });
    bot.on('message', async (ctx) => this.onMessage(ctx.message as Message));
    bot.on('callback_query', async (ctx) => {
      await this.onCallback(ctx.callbackQuery);
      // Stops the spinner on the citizen's button; losing this is harmless.
      await ctx.answerCbQuery().catch((e: Error) => this.log.debug(`answerCallbackQuery: ${e.message}`));
    });
    // Replaces telegraf's default handler, which prints the update and sets a failing exit code.
    // Rethrowing hands the error to our caller (webhook → 500, poller → retry), never to the process.
    bot.catch((err) => {
      throw err;
    });
    return bot;
  }

  // ---- lifecycle ----------------------------------------------------------

  onApplicationBootstrap(): void {
    if (!this.bot) return;
    this.media.start();
    if (this.cfg.TELEGRAM_MODE === 'webhook') {
      this.state = { state: 'starting', detail: 'webhook', message: 'Mendaftarkan webhook Telegram…' };
      if (this.hub.runsApi) void this.registerWebhook();
      else this.state = { state: 'up', detail: 'webhook (received by the api processes)', message: 'Pesan diterima lewat webhook (proses API).' };
      return;
    }
    this.state = { state: 'up', detail: 'polling in another process', message: 'Pesan diambil oleh proses lain.' };
    this.lease = new RedisLease(this.redis.open('telegram-lease', { maxRetriesPerRequest: 1 }), `${this.redis.prefix}:tg:poller`, 15_000);
    this.lease.start({ onAcquired: () => this.startPolling(), onLost: () => this.stopPolling() });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.stopPolling();
    await this.lease?.stop();
    await this.media.close();
  }

  /** setWebhook until it succeeds: a hub started while Telegram is unreachable catches up later. */
  private async registerWebhook(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        await this.bot!.telegram.setWebhook(this.cfg.TELEGRAM_WEBHOOK_URL!, {
          secret_token: this.cfg.TELEGRAM_WEBHOOK_SECRET,
          allowed_updates: ['message', 'callback_query'],
        });
        this.state = { state: 'up', detail: 'webhook', message: 'Pesan diterima lewat webhook.' };
        this.log.log('Telegram webhook registered');
        return;
      } catch (err) {
        this.state = {
          state: 'down',
          detail: `setWebhook failed: ${(err as Error).message}`,
          message: 'Webhook Telegram gagal didaftarkan; dicoba lagi.',
          variables: ['TELEGRAM_WEBHOOK_URL', 'TELEGRAM_BOT_TOKEN'],
        };
        this.log.warn(this.state.detail!);
        await sleep(Math.min(60_000, 1000 * 2 ** attempt));
      }
    }
  }

  private startPolling(): void {
    if (this.polling || this.stopped) return;
    const p = { stop: false, abort: new AbortController(), done: Promise.resolve() };
    this.polling = p;
    p.done = this.pollLoop(p);
    this.log.log('this process now polls Telegram');
  }

  private async stopPolling(): Promise<void> {
    const p = this.polling;
    if (!p) return;
    p.stop = true;
    p.abort.abort();
    await p.done;
    this.polling = undefined;
    if (!this.stopped) this.state = { state: 'up', detail: 'polling in another process', message: 'Pesan diambil oleh proses lain.' };
  }

  /**
   * getUpdates with offsets. The offset lives in Redis and moves past an
   * update only after it is queued, so a crash or a lease hand-over
   * re-reads at most the updates in flight.
   */
  private async pollLoop(p: { stop: boolean; abort: AbortController }): Promise<void> {
    const r = this.redis.client();
    const offsetKey = `${this.redis.prefix}:tg:offset`;
    let webhookCleared = false;
    let failures = 0;
    while (!p.stop) {
      try {
        if (!webhookCleared) {
          await this.bot!.telegram.callApi('deleteWebhook', { drop_pending_updates: false }, { signal: p.abort.signal as never });
          webhookCleared = true;
        }
        const offset = Number((await r.get(offsetKey)) ?? '0');
        const updates = (await this.bot!.telegram.callApi(
          'getUpdates',
          { offset, timeout: this.cfg.TELEGRAM_POLL_TIMEOUT_S, allowed_updates: ['message', 'callback_query'] },
          { signal: p.abort.signal as never },
        )) as Update[];
        this.state = { state: 'up', detail: 'polling', message: 'Pesan diambil dari Telegram (polling).' };
        failures = 0;
        for (const u of updates) {
          if (p.stop) break;
          await this.processUpdate(u);
          await r.set(offsetKey, String(u.update_id + 1));
        }
      } catch (err) {
        if (p.stop) break;
        if (err instanceof TelegramError && err.code === 409) webhookCleared = false;
        failures++;
        this.state = {
          state: 'down',
          detail: `getUpdates failed: ${(err as Error).message}`,
          message: 'Gagal mengambil pesan dari Telegram; dicoba lagi.',
          variables: ['TELEGRAM_BOT_TOKEN'],
        };
        this.log.warn(`${this.state.detail} (retry ${failures})`);
        await sleep(Math.min(30_000, 500 * 2 ** Math.min(failures, 6)), p.abort.signal);
      }
    }
  }

  // ---- inbound ------------------------------------------------------------

  /** Constant-time check of X-Telegram-Bot-Api-Secret-Token (hashing first hides the length). */
  verifySecret(given: string | undefined): boolean {
    const want = this.cfg.TELEGRAM_WEBHOOK_SECRET;
    if (!want || typeof given !== 'string') return false;
    const a = createHash('sha256').update(given).digest();
    const b = createHash('sha256').update(want).digest();
    return timingSafeEqual(a, b);
  }

  /**
   * One update from the webhook or the poller. Resolves once it is queued (or
   * known to be a duplicate); rejects when it must be delivered again.
   */
  async processUpdate(update: Update): Promise<'queued' | 'duplicate' | 'malformed'> {
    const bad = malformedUpdate(update);
    if (bad) {
      this.log.warn(`malformed Telegram update ${Number.isSafeInteger(update?.update_id) ? update.update_id : '?'} refused: ${bad.slice(0, 300)}`);
      return 'malformed';
    }
    const seenKey = `${this.redis.prefix}:tg:update:${update.update_id}`;
    const r = this.redis.client();
    if (await r.exists(seenKey)) return 'duplicate';
    await this.bot!.handleUpdate(update);
    await r.set(seenKey, '1', 'EX', SEEN_TTL_S);
    return 'queued';
  }

  private async onMessage(msg: Message): Promise<void> {
    const n = normalizeTelegramMessage(msg);
    if (!n) return;
    if (n.files.length) await this.media.enqueue({ inbound: n.inbound, extra: n.files });
    else await this.ingress.accept(n.inbound);
  }

  /** In the media job: getFile + download each file the limits allow; a failure keeps the file id for later. */
  private async fetchFiles(inbound: { messageId: string; attachments?: AttachmentMeta[] }, files: { index: number; file: TelegramFileRef }[]): Promise<void> {
    for (const { index, file } of files) {
      const att = inbound.attachments?.[index];
      if (!att) continue;
      if (file.size !== undefined && file.size > this.cfg.TELEGRAM_MEDIA_MAX_BYTES) continue;
      if (!this.allowedTypes.has(file.mimeType.toLowerCase())) continue;
      try {
        const link = await this.bot!.telegram.getFileLink(file.fileId);
        const saved = await downloadMedia({
          url: link.toString(),
          dataDir: this.hub.dataDir,
          channel: TELEGRAM_CHANNEL,
          stableId: file.uniqueId,
          mimeType: file.mimeType,
          fileName: file.fileName,
          maxBytes: this.cfg.TELEGRAM_MEDIA_MAX_BYTES,
          timeoutMs: this.cfg.TELEGRAM_SEND_TIMEOUT_MS,
        });
        att.ref = saved.ref;
        att.size = saved.size;
      } catch (err) {
        // The message still goes in: the file id in ref lets an officer fetch it later.
        const why = err instanceof MediaTooLargeError ? err.message : `download failed: ${(err as Error).message.replace(/bot\d+:[^/]+/g, 'bot<token>')}`;
        this.log.warn(`Telegram ${file.kind} of message ${inbound.messageId} kept as metadata only (${why})`);
      }
    }
  }

  private async onCallback(q: CallbackQuery): Promise<void> {
    const inbound = normalizeTelegramCallback(q);
    if (inbound) await this.ingress.accept(inbound);
  }

  // ---- outbound -----------------------------------------------------------

  async send(m: OutboundEnvelope): Promise<SendResult> {
    if (!this.bot) throw new PermanentSendError('Telegram channel is disabled (TELEGRAM_BOT_TOKEN unset)');
    if (m.recipient.kind !== 'telegram') throw new PermanentSendError(`cannot send to a ${m.recipient.kind} identity on Telegram`);
    const chatId = m.recipient.externalId;
    const wait = await this.limiter.acquire(chatId, m.messageId);
    if (wait > 0) throw new RetryLaterError('Telegram rate limit (local)', wait);
    const text = m.text.length > MAX_TEXT ? `${m.text.slice(0, MAX_TEXT - 1)}…` : m.text;
    const replyMarkup = telegramReplyMarkup(m.quickReplies);
    const files = (m.attachments ?? []).filter((a) => a.kind !== 'location' && (a.ref?.startsWith('media/') || (a.url && a.kind === 'video')));
    const signal = () => ({ signal: AbortSignal.timeout(this.cfg.TELEGRAM_SEND_TIMEOUT_MS) as never });
    try {
      let first: Message | undefined;
      // The text rides as the first file's caption when it fits (1024 characters), else goes first on its own.
      const captioned = files.length > 0 && text.length > 0 && text.length <= MAX_CAPTION;
      if (!captioned && (text || !files.length)) {
        first = (await this.bot.telegram.callApi(
          'sendMessage',
          { chat_id: chatId, text, ...(replyMarkup && !files.length ? { reply_markup: replyMarkup } : {}) } as never,
          signal(),
        )) as Message.TextMessage;
      }
      for (const [i, a] of files.entries()) {
        if (a.url && a.kind === 'video') {
          // A tutorial video: a URL button under its title (Telegram shows the preview too).
          const label = a.fileName ?? 'Tonton video';
          const sent = (await this.bot.telegram.callApi(
            'sendMessage',
            {
              chat_id: chatId,
              text: i === 0 && captioned ? text : label,
              reply_markup: { inline_keyboard: [[{ text: label.slice(0, 64), url: a.url }]] },
            } as never,
            signal(),
          )) as Message.TextMessage;
          first ??= sent;
          continue;
        }
        // Officers' files and knowledge-base pictures alike: uploaded from the hub's own store.
        const path = localMediaPath(this.hub.dataDir, a.ref);
        if (!path) throw new PermanentSendError('attachment is not a file stored by the hub');
        const input = Input.fromLocalFile(path, a.fileName ?? 'lampiran');
        // A picture's caption is the message's text (for a knowledge-base picture, its alt text), else its alt text.
        const caption = i === 0 && captioned ? text : a.alt?.slice(0, MAX_CAPTION);
        const extra = {
          ...(caption ? { caption } : {}),
          ...(i === files.length - 1 && replyMarkup ? { reply_markup: replyMarkup } : {}),
        } as never;
        const sent =
          a.kind === 'image' && SAFE_PHOTO.has(a.mimeType ?? '')
            ? await this.bot.telegram.sendPhoto(chatId, input, extra)
            : a.kind === 'audio'
              ? await this.bot.telegram.sendAudio(chatId, input, extra)
              : await this.bot.telegram.sendDocument(chatId, input, extra);
        first ??= sent;
      }
      return { externalId: `${first!.chat.id}:${first!.message_id}` };
    } catch (err) {
      throw classifyTelegramError(err);
    }
  }

  health(): ChannelHealth {
    return this.state;
  }
}

/** Telegram's answer → what the outbound worker should do with the job. */
export function classifyTelegramError(err: unknown): Error {
  if (err instanceof PermanentSendError || err instanceof RetryLaterError) return err;
  if (err instanceof TelegramError) {
    const code = err.code;
    if (code === 429) {
      const after = Number(err.parameters?.retry_after ?? 1);
      return new RetryLaterError(`Telegram 429: retry after ${after}s`, Math.max(1, after) * 1000);
    }
    if (code >= 500) return new Error(`Telegram ${code}: ${err.description}`);
    // 400 chat not found / bad request, 403 bot blocked by the user: retrying cannot help.
    if (code === 400 || code === 403 || code === 404) return new PermanentSendError(`Telegram ${code}: ${err.description}`);
    return new Error(`Telegram ${code}: ${err.description}`);
  }
  const e = err as Error;
  // Network failure or our timeout: the worker retries with backoff.
  return new Error(
    `Telegram API unreachable: ${e?.name === 'TimeoutError' ? 'timeout' : (e?.message ?? String(err)).replace(/bot\d+:[^/\s]+/g, 'bot<token>')}`,
  );
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((res) => {
    const t = setTimeout(res, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      res();
    });
  });
}
