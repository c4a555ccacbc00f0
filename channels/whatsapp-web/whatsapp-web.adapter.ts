import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HUB_CONFIG, ResolvedConfig } from '../../src/config/hub-config';
import { ChannelAdapter, ChannelHealth, InboundIngress, OutboundEnvelope, PermanentSendError, RetryLaterError, SendResult } from '../../src/hub/ports';
import { RedisConnections } from '../../src/redis/redis-connections';
import { e164ToWaId } from '../../src/common/phone';
import { WHATSAPP_CHANNEL } from '../whatsapp';
import { RedisLease } from '../redis-lease';
import { localMediaPath } from '../media-download';
import { WhatsappWebConfig } from './whatsapp-web.config';
import { normalizeWwebjsMessage, WwebjsMessage, wwebjsText } from './whatsapp-web.normalize';

export const WHATSAPP_WEB_CONFIG = Symbol('WHATSAPP_WEB_CONFIG');
export const WWEBJS_CLIENT_FACTORY = Symbol('WWEBJS_CLIENT_FACTORY');

/** What the adapter uses of whatsapp-web.js's Client (a fake in unit tests). */
export interface WwebjsClientLike extends EventEmitter {
  initialize(): Promise<void>;
  destroy(): Promise<void>;
  sendMessage(chatId: string, content: string): Promise<{ id: { _serialized: string } }>;
  /** A stored file (base64) as whatsapp-web.js's MessageMedia, with an optional caption. */
  sendFile?(chatId: string, file: { mimeType: string; data: string; fileName: string }, caption?: string): Promise<{ id: { _serialized: string } }>;
}
export type WwebjsClientFactory = (opts: { dataDir: string; cfg: WhatsappWebConfig }) => WwebjsClientLike;

export type SessionState = 'starting' | 'qr' | 'ready' | 'disconnected' | 'standby' | 'disabled';
export interface SessionStatus {
  state: SessionState;
  detail?: string;
  qr?: string;
  retries: number;
  since: string;
}

/** The real whatsapp-web.js Client with LocalAuth under DATA_DIR/wwebjs and the system Chromium. */
export const realClientFactory: WwebjsClientFactory = ({ dataDir, cfg }) => {
  // Loaded lazily: installations on the Cloud API never load puppeteer.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client, LocalAuth, MessageMedia } = require('whatsapp-web.js') as typeof import('whatsapp-web.js');
  const base = join(dataDir, 'wwebjs');
  const client = new Client({
    authStrategy: new LocalAuth({ dataPath: join(base, 'auth') }),
    webVersionCache: { type: 'local', path: join(base, 'cache') },
    puppeteer: {
      executablePath: cfg.CHROMIUM_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-setuid-sandbox',
        '--disable-dev-shm-usage',
        '--disable-gpu',
        '--no-first-run',
        '--no-zygote',
        ...cfg.WHATSAPP_WEB_CHROMIUM_ARGS.split(/\s+/).filter(Boolean),
      ],
    },
  });
  const like = client as unknown as WwebjsClientLike;
  like.sendFile = (chatId, f, caption) =>
    client.sendMessage(chatId, new MessageMedia(f.mimeType, f.data, f.fileName), {
      ...(caption ? { caption } : {}),
      // PDFs go as documents; images as photos.
      ...(f.mimeType.startsWith('image/') ? {} : { sendMediaAsDocument: true }),
    });
  return like;
};

/**
 * whatsapp-web.js transport of the 'whatsapp' channel. One worker process of
 * the installation owns the session (a Redis lease); it publishes the
 * session's state and QR code in Redis so every process can show them.
 * Outbound jobs that reach a process without the session, or a session that
 * is not ready, are delayed, never dropped.
 */
@Injectable()
export class WhatsappWebAdapter implements ChannelAdapter, OnApplicationBootstrap, OnApplicationShutdown {
  readonly channel = WHATSAPP_CHANNEL;
  readonly sendsFiles = true;
  private readonly log = new Logger('WhatsappWeb');
  private status: SessionStatus = { state: 'disabled', retries: 0, since: new Date().toISOString() };
  private client?: WwebjsClientLike;
  private generation = 0;
  private lease?: RedisLease;
  private reconnectTimer?: NodeJS.Timeout;
  private publishTimer?: NodeJS.Timeout;
  private remote?: SessionStatus;
  private stopped = false;
  enabled = false;

  constructor(
    @Inject(WHATSAPP_WEB_CONFIG) private readonly cfg: WhatsappWebConfig,
    @Inject(HUB_CONFIG) private readonly hub: Pick<ResolvedConfig, 'dataDir' | 'runsWorkers'>,
    @Inject(InboundIngress) private readonly ingress: Pick<InboundIngress, 'accept'>,
    @Inject(RedisConnections) private readonly redis: Pick<RedisConnections, 'client' | 'open' | 'prefix'>,
    @Inject(WWEBJS_CLIENT_FACTORY) private readonly factory: WwebjsClientFactory,
  ) {}

  private key(k: string): string {
    return `${this.redis.prefix}:wwebjs:${k}`;
  }

  get owner(): boolean {
    return !!this.lease?.isHeld;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.setStatus({ state: 'standby', detail: 'session owned by another process' });
    this.publishTimer = setInterval(() => void this.syncStatus(), 5000);
    this.publishTimer.unref();
    if (!this.hub.runsWorkers) return;
    this.lease = new RedisLease(this.redis.open('wwebjs-lease', { maxRetriesPerRequest: 1 }), this.key('owner'), 30_000);
    this.lease.start({
      onAcquired: () => {
        this.log.log('this process owns the WhatsApp Web session');
        void this.connect();
      },
      onLost: () => {
        this.log.warn('WhatsApp Web session lease lost; closing the browser');
        void this.teardown('standby', 'session owned by another process');
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.publishTimer) clearInterval(this.publishTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.destroyClient();
    await this.lease?.stop();
  }

  // ---- session lifecycle ----------------------------------------------------

  /** Starts a fresh client: after a failure, a LOGOUT or a CONFLICT the old one is never reused. */
  async connect(): Promise<void> {
    if (this.stopped) return;
    await this.destroyClient();
    const gen = ++this.generation;
    this.setStatus({ state: 'starting', detail: 'opening WhatsApp Web' });
    let client: WwebjsClientLike;
    try {
      client = this.factory({ dataDir: this.hub.dataDir, cfg: this.cfg });
    } catch (err) {
      return this.fail(gen, `cannot create the client: ${(err as Error).message}`);
    }
    this.client = client;
    const current = () => gen === this.generation;
    client.on('qr', (qr: string) => {
      if (!current()) return;
      this.setStatus({ state: 'qr', detail: 'scan the QR code with the office phone (WhatsApp → Perangkat tertaut)', qr });
      this.printQr(qr);
    });
    client.on('authenticated', () => current() && this.log.log('WhatsApp Web authenticated'));
    client.on('auth_failure', (m: string) => current() && void this.fail(gen, `authentication failed: ${m}`));
    client.on('ready', () => {
      if (!current()) return;
      this.status.retries = 0;
      this.setStatus({ state: 'ready', detail: undefined, qr: undefined });
      this.log.log('WhatsApp Web ready');
    });
    client.on('disconnected', (reason: string) => current() && void this.fail(gen, `disconnected: ${reason}`));
    client.on('message', (msg: WwebjsMessage) => void this.onMessage(msg));

    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), this.cfg.WHATSAPP_WEB_INIT_TIMEOUT_MS).unref());
    try {
      const r = await Promise.race([client.initialize().then(() => 'ok' as const), timeout]);
      if (r === 'timeout' && current() && this.status.state === 'starting')
        await this.fail(gen, `WhatsApp Web did not load in ${this.cfg.WHATSAPP_WEB_INIT_TIMEOUT_MS} ms`);
    } catch (err) {
      if (current()) await this.fail(gen, `cannot open WhatsApp Web: ${firstLine((err as Error).message)}`);
    }
  }

  /** Records why the session is down, closes the browser and tries again after a growing pause. */
  private async fail(gen: number, reason: string): Promise<void> {
    if (gen !== this.generation || this.stopped) return;
    this.generation++;
    const retries = this.status.retries + 1;
    const delay = Math.min(this.cfg.WHATSAPP_WEB_RECONNECT_MAX_MS, this.cfg.WHATSAPP_WEB_RECONNECT_MIN_MS * 2 ** (retries - 1));
    this.status.retries = retries;
    this.setStatus({
      state: 'disconnected',
      detail: `${reason}; retry ${retries} in ${delay < 10_000 ? (delay / 1000).toFixed(1) : Math.round(delay / 1000)} s`,
      qr: undefined,
    });
    this.log.warn(`WhatsApp Web ${this.status.detail}`);
    await this.destroyClient();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (this.owner && !this.stopped) void this.connect();
    }, delay);
  }

  private async teardown(state: SessionState, detail: string): Promise<void> {
    this.generation++;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.destroyClient();
    this.setStatus({ state, detail, qr: undefined });
  }

  private async destroyClient(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (!c) return;
    c.removeAllListeners();
    // Without a listener an 'error' from a dying client would be thrown.
    c.on('error', () => undefined);
    await Promise.race([c.destroy().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000).unref())]);
  }

  private printQr(qr: string): void {
    try {
      // Optional dependency: a scannable QR in the terminal when it is installed.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const qrt = require('qrcode-terminal') as { generate: (s: string, o: { small: boolean }) => void };
      qrt.generate(qr, { small: true });
    } catch {
      // The QR string is a session handshake, not personal data.
      this.log.log(`WhatsApp Web QR code (render it, or open /api/admin/channels/whatsapp-web/qr): ${qr}`);
    }
  }

  private setStatus(patch: Partial<SessionStatus>): void {
    this.status = { ...this.status, ...patch, since: new Date().toISOString() };
    if (this.owner) void this.syncStatus();
  }

  /** The owner publishes its state; the other processes read it, for /health and the admin QR page. */
  private async syncStatus(): Promise<void> {
    try {
      const r = this.redis.client();
      if (this.owner) await r.set(this.key('status'), JSON.stringify(this.status), 'PX', 15_000);
      else {
        const raw = await r.get(this.key('status'));
        this.remote = raw ? (JSON.parse(raw) as SessionStatus) : undefined;
      }
    } catch {
      /* Redis trouble shows in /health's own Redis check */
    }
  }

  /** What the admin page shows: this process's session, or the owner's as published. */
  async currentStatus(): Promise<SessionStatus> {
    if (this.owner || !this.enabled) return this.status;
    await this.syncStatus();
    return this.remote ?? this.status;
  }

  // ---- inbound / outbound -------------------------------------------------

  async onMessage(msg: WwebjsMessage): Promise<void> {
    try {
      const inbound = await normalizeWwebjsMessage(msg);
      if (!inbound) return;
      await this.ingress.accept(inbound);
    } catch (err) {
      // WhatsApp Web does not redeliver: keep trying for a while before giving up on this message.
      // The message id embeds the sender's number: keep it out of the log.
      this.log.error(`a WhatsApp Web message was not queued: ${(err as Error).message}`);
      setTimeout(() => void this.onMessage(msg), 5000).unref();
    }
  }

  async send(m: OutboundEnvelope): Promise<SendResult> {
    if (!this.enabled) throw new PermanentSendError('WhatsApp Web transport is not enabled');
    if (m.recipient.kind !== 'phone') throw new PermanentSendError(`cannot send to a ${m.recipient.kind} identity on WhatsApp`);
    const client = this.client;
    if (!this.owner || !client || this.status.state !== 'ready') {
      throw new RetryLaterError(
        `WhatsApp Web session not ready here (${this.owner ? this.status.state : 'owned by another process'})`,
        this.owner ? 10_000 : 3000,
      );
    }
    const chatId = `${e164ToWaId(m.recipient.externalId)}@c.us`;
    const file = (m.attachments ?? []).find((a) => a.ref?.startsWith('media/') && a.kind !== 'location');
    // Addresses (knowledge-base pictures, videos) go as a line of text: whatsapp-web.js has no buttons.
    const links = (m.attachments ?? []).filter((a) => a.url).map((a) => `${a.alt ?? a.fileName ?? 'Tautan'}: ${a.url}`);
    try {
      if (file) {
        if (!client.sendFile) throw new PermanentSendError('this WhatsApp Web client cannot send files');
        const path = localMediaPath(this.hub.dataDir, file.ref);
        if (!path) throw new PermanentSendError('attachment is not a file stored by the hub');
        const data = (await readFile(path)).toString('base64');
        const sent = await client.sendFile(
          chatId,
          { mimeType: file.mimeType ?? 'application/octet-stream', data, fileName: file.fileName ?? 'lampiran' },
          m.text || undefined,
        );
        return { externalId: sent.id._serialized };
      }
      const text = links.length ? (m.text && !links[0].startsWith(m.text) ? `${m.text}\n${links.join('\n')}` : links.join('\n')) : m.text;
      const sent = await client.sendMessage(chatId, wwebjsText(text, m.quickReplies));
      return { externalId: sent.id._serialized };
    } catch (err) {
      if (err instanceof PermanentSendError) throw err;
      const msg = (err as Error).message ?? String(err);
      if (/invalid wid|not a whatsapp user|no lid for user/i.test(msg)) throw new PermanentSendError(`WhatsApp Web: ${firstLine(msg)}`, { cause: err });
      throw new Error(`WhatsApp Web send failed: ${firstLine(msg)}`, { cause: err });
    }
  }

  health(): ChannelHealth {
    const s = this.owner || !this.remote ? this.status : this.remote;
    const message = WEB_STATE_MESSAGE[s.state];
    return {
      state: s.state,
      ...(s.detail ? { detail: s.detail } : {}),
      ...(message ? { message } : {}),
      ...(s.state === 'disabled' ? { variables: ['WHATSAPP_TRANSPORT'] } : {}),
      ...(s.retries ? { retries: s.retries } : {}),
    } as ChannelHealth;
  }
}

/** What officers read on the Kanal page for each session state (`detail` stays English for operators). */
const WEB_STATE_MESSAGE: Record<string, string> = {
  disabled: 'WhatsApp Web tidak dipakai (transport WhatsApp bukan "web").',
  standby: 'Sesi WhatsApp Web dipegang proses lain.',
  starting: 'Membuka WhatsApp Web…',
  qr: 'Pindai kode QR dengan ponsel kantor (WhatsApp → Perangkat tertaut).',
  disconnected: 'WhatsApp Web terputus; dicoba lagi otomatis.',
};

function firstLine(s: string): string {
  return s.split('\n')[0].slice(0, 300);
}
