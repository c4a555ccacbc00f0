import { createHmac } from 'node:crypto';
import { createServer, Server } from 'node:http';

export interface MetaSend {
  recipient: string;
  body: Record<string, unknown>;
  mid: string;
  at: number;
}

/**
 * A local stand-in for the Messenger Platform Send API (POST /{version}/me/messages
 * with a Page or Instagram access token), answering like Graph:
 * {recipient_id, message_id} or {error:{message, type, code, error_subcode, fbtrace_id}};
 * sender actions answer {recipient_id}. It also serves attachments the way
 * Meta's CDN does (GET without a token), for the webhook's payload.url.
 */
export class FakeMetaSend {
  readonly sent: MetaSend[] = [];
  readonly actions: { recipient: string; action: string }[] = [];
  readonly attempts: { at: number; status: number }[] = [];
  /** Files sent with a message (multipart `filedata`, Meta's Attachment Upload API in the send call). */
  readonly uploads: { mid: string; fileName: string; type: string; bytes: Buffer }[] = [];
  private server?: Server;
  private seq = 0;
  port = 0;
  private failures: { count: number; status: number; error: Record<string, unknown> } = { count: 0, status: 500, error: {} };
  private readonly files = new Map<string, { bytes: Buffer; mimeType: string; delayMs: number }>();

  constructor(
    /** 'messenger' or 'instagram': names the secrets, so one test can run both. */
    readonly name: string,
    readonly token = `EAAG-fake-${name}-token-0123456789`,
    readonly appSecret = `fake-${name}-app-secret-0123456789`,
    readonly verifyToken = `verify-${name}-please`,
  ) {}

  get root(): string {
    return `http://127.0.0.1:${this.port}/v21.0`;
  }

  /** A file on the fake CDN; its URL goes into the webhook's attachment payload. */
  addFile(name: string, bytes: Buffer, mimeType: string, delayMs = 0): string {
    this.files.set(name, { bytes, mimeType, delayMs });
    return `http://127.0.0.1:${this.port}/cdn/${name}?_nc_oc=signed`;
  }

  /** The next n sends fail with this HTTP status and Graph error body. */
  failNext(
    count: number,
    status = 500,
    error: Record<string, unknown> = { message: 'An unexpected error has occurred.', type: 'OAuthException', code: 2 },
  ): void {
    this.failures = { count, status, error };
  }

  sentTo(id: string): MetaSend[] {
    return this.sent.filter((s) => s.recipient === id);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const bytes = Buffer.concat(chunks);
        const raw = bytes.toString('utf8');
        const reply = (status: number, body: unknown) => {
          this.attempts.push({ at: Date.now(), status });
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        const url = new URL(req.url ?? '/', 'http://x');
        const file = req.method === 'GET' ? /^\/cdn\/([\w.-]+)$/.exec(url.pathname) : null;
        if (file) {
          const f = this.files.get(file[1]);
          if (!f) return reply(404, { error: { message: 'URL signature expired' } });
          return void setTimeout(() => {
            res.writeHead(200, { 'content-type': f.mimeType, 'content-length': String(f.bytes.length) });
            res.end(f.bytes);
          }, f.delayMs);
        }
        if (req.method !== 'POST' || url.pathname !== '/v21.0/me/messages')
          return reply(404, { error: { message: 'Unknown path components', type: 'OAuthException', code: 2500 } });
        const token = req.headers.authorization?.replace(/^Bearer /, '') ?? url.searchParams.get('access_token');
        if (token !== this.token) return reply(401, { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } });
        let body: Record<string, unknown>;
        let filedata: { fileName: string; type: string; bytes: Buffer } | undefined;
        try {
          const ct = req.headers['content-type'] ?? '';
          if (ct.startsWith('multipart/form-data')) {
            // Fields are strings (recipient and message as JSON), the file is `filedata`.
            const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': ct }, body: new Uint8Array(bytes) }).formData();
            body = {};
            for (const [k, v] of form.entries()) {
              if (typeof v !== 'string') filedata = { fileName: v.name, type: v.type, bytes: Buffer.from(await v.arrayBuffer()) };
              else body[k] = k === 'recipient' || k === 'message' ? JSON.parse(v) : v;
            }
            if (!filedata) return reply(400, { error: { message: '(#100) Upload attachment failure.', type: 'OAuthException', code: 100 } });
          } else body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          return reply(400, { error: { message: 'Invalid JSON', type: 'OAuthException', code: 100 } });
        }
        const recipient = (body.recipient as { id?: string } | undefined)?.id;
        if (typeof recipient !== 'string')
          return reply(400, { error: { message: '(#100) The parameter recipient is required', type: 'OAuthException', code: 100 } });
        if (typeof body.sender_action === 'string') {
          this.actions.push({ recipient, action: body.sender_action });
          return reply(200, { recipient_id: recipient });
        }
        if (this.failures.count > 0) {
          this.failures.count--;
          return reply(this.failures.status, { error: { ...this.failures.error, fbtrace_id: 'AbCdEfGh' } });
        }
        const type = body.messaging_type;
        if (type !== 'RESPONSE' && type !== 'UPDATE' && type !== 'MESSAGE_TAG')
          return reply(400, {
            error: { message: '(#100) param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}', type: 'OAuthException', code: 100 },
          });
        if (type === 'MESSAGE_TAG' && body.tag !== 'HUMAN_AGENT')
          return reply(400, { error: { message: '(#100) Tag is not supported', type: 'OAuthException', code: 100 } });
        const mid = `m_${this.name}_${String(++this.seq).padStart(6, '0')}`;
        this.sent.push({ recipient, body, mid, at: Date.now() });
        if (filedata) this.uploads.push({ mid, ...filedata });
        reply(200, { recipient_id: recipient, message_id: mid });
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  sign(raw: string, secret = this.appSecret): string {
    return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
  }
}

/** Webhook bodies shaped like the examples of Meta's Messenger Platform and Instagram webhook references. */
export const metaPayload = {
  envelope(object: 'page' | 'instagram', pageId: string, messaging: Record<string, unknown>[]) {
    return { object, entry: [{ id: pageId, time: Date.now(), messaging }] };
  },
  event(sender: string, pageId: string, rest: Record<string, unknown>) {
    return { sender: { id: sender }, recipient: { id: pageId }, timestamp: Date.now(), ...rest };
  },
  text: (mid: string, text: string) => ({ message: { mid, text } }),
  quickReply: (mid: string, title: string, payload: string) => ({ message: { mid, text: title, quick_reply: { payload } } }),
  postback: (mid: string, title: string, payload: string) => ({ postback: { mid, title, payload } }),
  attachment: (mid: string, type: string, url: string) => ({ message: { mid, attachments: [{ type, payload: { url } }] } }),
  echo: (mid: string, text: string) => ({ message: { mid, text, is_echo: true, app_id: 1517776481860111, metadata: 'sipinter' } }),
  read: (mid: string) => ({ read: { mid, watermark: Date.now() } }),
  delivery: (mid: string) => ({ delivery: { mids: [mid], watermark: Date.now() } }),
};
