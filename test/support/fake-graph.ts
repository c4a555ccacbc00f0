import { createHmac } from 'node:crypto';
import { createServer, Server } from 'node:http';

export interface GraphSend {
  to: string;
  type: string;
  body: Record<string, unknown>;
  wamid: string;
  at: number;
}

/**
 * A local stand-in for the WhatsApp Cloud API's send endpoint
 * (POST /{version}/{phone-number-id}/messages with a bearer token), answering
 * like Graph: {messaging_product, contacts, messages:[{id: wamid}]} or
 * {error:{message, type, code, fbtrace_id}}.
 */
export class FakeGraph {
  readonly token = 'EAAG-fake-graph-token-0123456789';
  readonly phoneNumberId = '106540352242922';
  readonly appSecret = 'fake-app-secret-0123456789abcdef';
  readonly verifyToken = 'verify-me-please';
  readonly sent: GraphSend[] = [];
  readonly attempts: { at: number; status: number }[] = [];
  private server?: Server;
  private seq = 0;
  port = 0;
  private failures: { count: number; status: number; error?: Record<string, unknown> } = { count: 0, status: 500 };
  /** Milliseconds the media server waits before answering a file download (a slow CDN). */
  mediaDelayMs = 0;
  /** Files the hub uploaded (POST /{phone-number-id}/media, multipart), by the media id answered. */
  readonly uploads: { id: string; type: string; fileName: string; bytes: Buffer }[] = [];
  /** Media the citizen "sent", by media id: GET /{media-id} describes it, GET its url (with the token) serves it. */
  private readonly media = new Map<string, { bytes: Buffer; mimeType: string }>();

  addMedia(id: string, bytes: Buffer, mimeType: string): void {
    this.media.set(id, { bytes, mimeType });
  }

  get root(): string {
    return `http://127.0.0.1:${this.port}/v21.0`;
  }

  /** The hub settings that point the WhatsApp Cloud transport at this fake. */
  hubEnv(): Record<string, string> {
    return {
      WHATSAPP_CLOUD_TOKEN: this.token,
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: this.phoneNumberId,
      WHATSAPP_CLOUD_APP_SECRET: this.appSecret,
      WHATSAPP_CLOUD_VERIFY_TOKEN: this.verifyToken,
      WHATSAPP_CLOUD_API_ROOT: this.root,
    };
  }

  /** The next n sends fail with this HTTP status (and Graph error body). */
  failNext(count: number, status = 500, error: Record<string, unknown> = { message: 'An unknown error has occurred.', type: 'OAuthException', code: 1 }): void {
    this.failures = { count, status, error };
  }

  sentTo(waId: string): GraphSend[] {
    return this.sent.filter((s) => s.to === waId);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let raw = '';
      let rawBytes = Buffer.alloc(0);
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        rawBytes = Buffer.concat(chunks);
        raw = rawBytes.toString('utf8');
        const reply = (status: number, body: unknown) => {
          this.attempts.push({ at: Date.now(), status });
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        const authorised = req.headers.authorization === `Bearer ${this.token}`;
        const unauthorised = () => reply(401, { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } });
        const mediaInfo = req.method === 'GET' ? /^\/v21\.0\/(\d+)$/.exec(req.url ?? '') : null;
        if (mediaInfo) {
          if (!authorised) return unauthorised();
          const m = this.media.get(mediaInfo[1]);
          if (!m) return reply(404, { error: { message: 'Unsupported get request.', type: 'GraphMethodException', code: 100 } });
          return reply(200, {
            messaging_product: 'whatsapp',
            url: `http://127.0.0.1:${this.port}/media-files/${mediaInfo[1]}`,
            mime_type: m.mimeType,
            sha256: 'x',
            file_size: m.bytes.length,
            id: mediaInfo[1],
          });
        }
        const mediaFile = req.method === 'GET' ? /^\/media-files\/(\d+)$/.exec(req.url ?? '') : null;
        if (mediaFile) {
          if (!authorised) return unauthorised();
          const m = this.media.get(mediaFile[1])!;
          setTimeout(() => {
            if (res.destroyed) return;
            res.writeHead(200, { 'content-type': m.mimeType, 'content-length': String(m.bytes.length) });
            res.end(m.bytes);
          }, this.mediaDelayMs);
          return;
        }
        if (req.method === 'POST' && req.url === `/v21.0/${this.phoneNumberId}/media`) {
          if (!authorised) return unauthorised();
          return void this.upload(req.headers['content-type'] ?? '', rawBytes).then((u) => {
            if (!u) return reply(400, { error: { message: '(#100) Param file must be a file with one of the following types', code: 100 } });
            this.uploads.push(u);
            reply(200, { id: u.id });
          });
        }
        if (req.method !== 'POST' || req.url !== `/v21.0/${this.phoneNumberId}/messages`) return reply(404, { error: { message: 'Unknown path', code: 100 } });
        if (!authorised) return unauthorised();
        if (this.failures.count > 0) {
          this.failures.count--;
          return reply(this.failures.status, { error: { ...this.failures.error, fbtrace_id: 'AbCdEf' } });
        }
        const body = JSON.parse(raw) as Record<string, unknown>;
        // `recipient` addresses a citizen by business-scoped user id instead of a phone number.
        const to = typeof body.to === 'string' ? body.to : typeof body.recipient === 'string' ? body.recipient : null;
        if (body.messaging_product !== 'whatsapp' || !to) return reply(400, { error: { message: 'Invalid parameter', code: 100 } });
        const media = ['image', 'document', 'audio'].includes(String(body.type))
          ? (body[String(body.type)] as { id?: string; link?: string } | undefined)
          : undefined;
        // Media go by the id of an upload or by an HTTPS link Meta fetches itself.
        if (media && !(media.link ? /^https:\/\//.test(media.link) : this.uploads.some((u) => u.id === media.id)))
          return reply(400, { error: { message: 'Invalid media id', code: 131053 } });
        const wamid = `wamid.HBgLNjI4MTIzNDU2Nzg5FQIAERgS${String(++this.seq).padStart(6, '0')}`;
        this.sent.push({ to, type: String(body.type), body, wamid, at: Date.now() });
        reply(200, { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: wamid }] });
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** Reads a multipart upload with the platform's own parser (Request.formData), as Graph would. */
  private async upload(contentType: string, body: Buffer): Promise<FakeGraph['uploads'][number] | null> {
    if (!contentType.startsWith('multipart/form-data')) return null;
    const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) })
      .formData()
      .catch(() => null);
    const file = form?.get('file');
    if (!form || form.get('messaging_product') !== 'whatsapp' || !file || typeof file === 'string') return null;
    return {
      id: String(4_000_000_000_000 + this.uploads.length + 1),
      type: String(form.get('type')),
      fileName: file.name,
      bytes: Buffer.from(await file.arrayBuffer()),
    };
  }

  sign(raw: string, secret = this.appSecret): string {
    return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
  }
}

/** Webhook bodies shaped like the examples of Meta's webhook reference. */
export const waPayload = {
  envelope(phoneNumberId: string, value: Record<string, unknown>) {
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId }, ...value },
              field: 'messages',
            },
          ],
        },
      ],
    };
  },
  message(phoneNumberId: string, from: string, name: string, msg: Record<string, unknown>) {
    return waPayload.envelope(phoneNumberId, {
      contacts: [{ profile: { name }, wa_id: from }],
      messages: [{ from, timestamp: String(Math.floor(Date.now() / 1000)), ...msg }],
    });
  },
  text: (id: string, body: string) => ({ id, type: 'text', text: { body } }),
  buttonReply: (id: string, replyId: string, title: string) => ({
    id,
    type: 'interactive',
    context: { from: '15550783881', id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA' },
    interactive: { type: 'button_reply', button_reply: { id: replyId, title } },
  }),
  listReply: (id: string, replyId: string, title: string) => ({
    id,
    type: 'interactive',
    interactive: { type: 'list_reply', list_reply: { id: replyId, title, description: '' } },
  }),
  image: (id: string, caption: string, mediaId = '1003383421387256') => ({
    id,
    type: 'image',
    image: { caption, mime_type: 'image/jpeg', sha256: 'Gzj1LWaSLX0GHnXOjQ0/Ff0/aLHhXWB6kNgdYL8l0s0=', id: mediaId },
  }),
  location: (id: string) => ({
    id,
    type: 'location',
    location: { address: 'Jl. Atiek Suardi, Tigaraksa', latitude: -6.2646, longitude: 106.4763, name: 'Kantor DPMPTSP Kab. Tangerang' },
  }),
  status(phoneNumberId: string, wamid: string, status: string, recipient: string, errors?: unknown[]) {
    return waPayload.envelope(phoneNumberId, {
      statuses: [
        {
          id: wamid,
          status,
          timestamp: String(Math.floor(Date.now() / 1000)),
          recipient_id: recipient,
          ...(status !== 'failed'
            ? {
                conversation: { id: 'a2a4b0ff0d0b1d4b1c6a5f1e2d3c4b5a', origin: { type: 'service' } },
                pricing: { billable: true, pricing_model: 'CBP', category: 'service' },
              }
            : {}),
          ...(errors ? { errors } : {}),
        },
      ],
    });
  },
};
