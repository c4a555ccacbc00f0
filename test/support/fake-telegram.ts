import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Socket } from 'node:net';

/** What the fake recorded of one sendMessage that succeeded. */
export interface SentMessage {
  chat_id: string;
  text: string;
  reply_markup?: { inline_keyboard?: { text: string; callback_data: string }[][]; keyboard?: unknown };
  message_id: number;
  at: number;
}

type Update = { update_id: number } & Record<string, unknown>;

/**
 * A local stand-in for the Telegram Bot API (https://core.telegram.org/bots/api),
 * speaking its HTTP contract: POST/GET /bot<token>/<method> with JSON, form or
 * query parameters, answers {ok, result} or {ok:false, error_code, description,
 * parameters}; files under /file/bot<token>/<file_path>.
 */
export class FakeTelegram {
  readonly token = '123456:TEST-fake-token_abcdefghij';
  readonly calls: { method: string; params: Record<string, unknown>; at: number }[] = [];
  readonly sent: SentMessage[] = [];
  readonly answeredCallbacks: string[] = [];
  webhook: { url: string; secret_token?: string } | null = null;
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;
  private queue: Update[] = [];
  private nextUpdateId = 1000;
  private readonly waiters = new Set<() => void>();
  private inFlightPolls = 0;
  maxConcurrentPolls = 0;
  private messageIds = new Map<string, number>();
  private readonly files = new Map<string, { path: string; content: Buffer }>();
  /** Milliseconds a file download waits before answering (a slow file server). */
  fileDelayMs = 0;
  /** Files the bot sent (sendPhoto / sendDocument / sendAudio, multipart upload). */
  readonly sentFiles: { method: string; chat_id: string; caption?: string; fileName: string; bytes: Buffer; url?: string }[] = [];
  /** When set, every API call answers with this HTTP status (e.g. 503). */
  failAll: number | null = null;
  /** The next n sendMessage calls get 429 with parameters.retry_after. */
  private rateLimited = { count: 0, retryAfter: 1 };
  /** Chats whose user blocked the bot (403). */
  readonly blocked = new Set<string>();

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((res) => this.server!.listen(port, '127.0.0.1', res));
    this.port = (this.server.address() as { port: number }).port;
  }

  /** Closes the port and drops open connections: the API is unreachable until start(). */
  async stop(): Promise<void> {
    for (const w of this.waiters) w();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((res) => (this.server ? this.server.close(() => res()) : res()));
    this.server = undefined;
  }

  async restart(): Promise<void> {
    await this.start(this.port);
  }

  rateLimitNext(count: number, retryAfterS: number): void {
    this.rateLimited = { count, retryAfter: retryAfterS };
  }

  addFile(fileId: string, path: string, content: Buffer): void {
    this.files.set(fileId, { path, content });
  }

  /** Queues an update for getUpdates; returns it with its update_id. */
  pushUpdate(u: Record<string, unknown>): Update {
    const update = { ...u, update_id: this.nextUpdateId++ } as Update;
    this.queue.push(update);
    for (const w of this.waiters) w();
    return update;
  }

  newUpdateId(): number {
    return this.nextUpdateId++;
  }

  sentTo(chatId: string | number): SentMessage[] {
    return this.sent.filter((s) => s.chat_id === String(chatId));
  }

  callsOf(method: string) {
    return this.calls.filter((c) => c.method === method);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const fileMatch = url.pathname.match(/^\/file\/bot([^/]+)\/(.+)$/);
    if (fileMatch) {
      const f = [...this.files.values()].find((x) => x.path === fileMatch[2]);
      if (fileMatch[1] !== this.token || !f) return this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      await new Promise((r) => setTimeout(r, this.fileDelayMs));
      if (res.destroyed) return;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': f.content.length });
      res.end(f.content);
      return;
    }
    const m = url.pathname.match(/^\/bot([^/]+)\/(\w+)$/);
    if (!m) return this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    if (m[1] !== this.token) return this.reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2];
    const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
    const bytes = await new Promise<Buffer>((r) => {
      const b: Buffer[] = [];
      req.on('data', (c: Buffer) => b.push(c));
      req.on('end', () => r(Buffer.concat(b)));
    });
    const raw = bytes.toString('utf8');
    let upload: { fileName: string; bytes: Buffer } | undefined;
    if (raw) {
      const ct = req.headers['content-type'] ?? '';
      if (ct.includes('json')) Object.assign(params, JSON.parse(raw));
      else if (ct.includes('x-www-form-urlencoded')) Object.assign(params, Object.fromEntries(new URLSearchParams(raw)));
      else if (ct.startsWith('multipart/form-data')) {
        // Files are uploaded as multipart/form-data (Bot API "Sending files").
        const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': ct }, body: new Uint8Array(bytes) }).formData();
        for (const [k, v] of form.entries()) {
          if (typeof v === 'string') params[k] = v;
          else upload = { fileName: v.name, bytes: Buffer.from(await v.arrayBuffer()) };
        }
      }
    }
    this.calls.push({ method, params, at: Date.now() });
    if (this.failAll) {
      res.writeHead(this.failAll, { 'content-type': 'text/plain' });
      res.end('Service Unavailable');
      return;
    }
    switch (method) {
      case 'getMe':
        return this.ok(res, { id: 123456, is_bot: true, first_name: 'SIPINTER Bot', username: 'sipinter_test_bot' });
      case 'setWebhook':
        this.webhook = { url: String(params.url), secret_token: params.secret_token as string | undefined };
        return this.ok(res, true);
      case 'deleteWebhook':
        this.webhook = null;
        return this.ok(res, true);
      case 'getUpdates':
        return this.getUpdates(params, res);
      case 'answerCallbackQuery':
        this.answeredCallbacks.push(String(params.callback_query_id));
        return this.ok(res, true);
      case 'getFile': {
        const f = this.files.get(String(params.file_id));
        if (!f) return this.reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid file_id' });
        return this.ok(res, { file_id: params.file_id, file_unique_id: `u${params.file_id}`, file_size: f.content.length, file_path: f.path });
      }
      case 'sendMessage': {
        const chat = String(params.chat_id);
        if (this.rateLimited.count > 0) {
          this.rateLimited.count--;
          const ra = this.rateLimited.retryAfter;
          return this.reply(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${ra}`, parameters: { retry_after: ra } });
        }
        if (this.blocked.has(chat)) return this.reply(res, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
        if (!params.text) return this.reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
        const id = (this.messageIds.get(chat) ?? 5000) + 1;
        this.messageIds.set(chat, id);
        const markup = typeof params.reply_markup === 'string' ? JSON.parse(params.reply_markup) : params.reply_markup;
        this.sent.push({ chat_id: chat, text: String(params.text), reply_markup: markup, message_id: id, at: Date.now() });
        return this.ok(res, { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: Number(chat), type: 'private' }, text: params.text });
      }
      case 'sendPhoto':
      case 'sendDocument':
      case 'sendAudio': {
        const chat = String(params.chat_id);
        // A file may also be given by its HTTP URL (Bot API "Sending files", option 2): Telegram fetches it.
        const byUrl = method === 'sendPhoto' && typeof params.photo === 'string' && /^https?:\/\//.test(params.photo) ? params.photo : undefined;
        if (!upload && !byUrl) return this.reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: there is no file in the request' });
        if (this.blocked.has(chat)) return this.reply(res, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
        const id = (this.messageIds.get(chat) ?? 5000) + 1;
        this.messageIds.set(chat, id);
        this.sentFiles.push({
          method,
          chat_id: chat,
          ...(params.caption ? { caption: String(params.caption) } : {}),
          ...(upload ?? { fileName: '', bytes: Buffer.alloc(0), url: byUrl }),
        });
        return this.ok(res, { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: Number(chat), type: 'private' } });
      }
      default:
        return this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    }
  }

  /** Offsets as documented: an offset confirms every update below it; timeout holds the request open. */
  private async getUpdates(params: Record<string, unknown>, res: ServerResponse): Promise<void> {
    if (this.webhook) return this.reply(res, 409, { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active" });
    const offset = Number(params.offset ?? 0);
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    const timeoutMs = Number(params.timeout ?? 0) * 1000;
    this.inFlightPolls++;
    this.maxConcurrentPolls = Math.max(this.maxConcurrentPolls, this.inFlightPolls);
    try {
      if (!this.queue.length && timeoutMs > 0) {
        await new Promise<void>((r) => {
          const done = () => {
            clearTimeout(t);
            this.waiters.delete(done);
            r();
          };
          const t = setTimeout(done, timeoutMs);
          this.waiters.add(done);
          res.on('close', done);
        });
      }
    } finally {
      this.inFlightPolls--;
    }
    if (res.destroyed) return;
    this.ok(res, this.queue.slice(0, Number(params.limit ?? 100)));
  }

  private ok(res: ServerResponse, result: unknown): void {
    this.reply(res, 200, { ok: true, result });
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}

/** A private-chat text message update as Telegram sends it. */
export function textUpdate(updateId: number, chatId: number, messageId: number, text: string, firstName = 'Budi'): Record<string, unknown> {
  return {
    update_id: updateId,
    message: {
      message_id: messageId,
      from: { id: chatId, is_bot: false, first_name: firstName, language_code: 'id' },
      chat: { id: chatId, first_name: firstName, type: 'private' },
      date: Math.floor(Date.now() / 1000),
      text,
      ...(text.startsWith('/') ? { entities: [{ offset: 0, length: text.split(' ')[0].length, type: 'bot_command' }] } : {}),
    },
  };
}
