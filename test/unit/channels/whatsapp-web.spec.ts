import { EventEmitter } from 'node:events';
import IORedis from 'ioredis';
import { RetryLaterError } from '../../../src/hub/channel-adapter';
import { InboundMessage } from '../../../src/hub/messages';
import { WhatsappWebAdapter, WwebjsClientLike } from '../../../channels/whatsapp-web/whatsapp-web.adapter';
import { loadWhatsappWebConfig } from '../../../channels/whatsapp-web/whatsapp-web.config';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Message } = require('whatsapp-web.js') as { Message: new (client: unknown, data: Record<string, unknown>) => unknown };

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(fn: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('condition not met');
    await sleep(20);
  }
}

/** Stands in for whatsapp-web.js's Client: same events, same method names. */
class FakeClient extends EventEmitter implements WwebjsClientLike {
  destroyed = false;
  readonly sent: { chatId: string; content: string }[] = [];
  async initialize(): Promise<void> {
    setImmediate(() => this.emit('qr', '2@abcDEF123==,xyz=,AbC=,1'));
  }
  async destroy(): Promise<void> {
    this.destroyed = true;
  }
  async sendMessage(chatId: string, content: string) {
    this.sent.push({ chatId, content });
    return { id: { _serialized: `true_${chatId}_3EB0SENT${this.sent.length}` } };
  }
}

/** The raw WhatsApp Web model data whatsapp-web.js builds its Message from. */
function rawMessage(over: Record<string, unknown>): unknown {
  const from = (over.from as string) ?? '6281234567890@c.us';
  const key = (over.key as string) ?? '3EB0C767D71D3A6B2F77';
  return new Message(
    {},
    {
      id: { fromMe: false, remote: from, id: key, _serialized: `false_${from}_${key}` },
      body: 'halo',
      type: 'chat',
      t: 1764300000,
      notifyName: 'Budi Santoso',
      from,
      to: '6285500000000@c.us',
      ack: 1,
      ...over,
    },
  );
}

describe('WhatsApp Web adapter (fake client, real Message shapes)', () => {
  const redis = new IORedis(REDIS_URL);
  const prefix = `tu${Date.now().toString(36)}`;
  const accepted: InboundMessage[] = [];
  const clients: FakeClient[] = [];
  const opened: IORedis[] = [];
  let adapter: WhatsappWebAdapter;

  beforeAll(async () => {
    const cfg = loadWhatsappWebConfig({ WHATSAPP_WEB_RECONNECT_MIN_MS: '100' });
    adapter = new WhatsappWebAdapter(
      cfg,
      { dataDir: '/tmp/unused', runsWorkers: true },
      { accept: async (m: InboundMessage) => void accepted.push(m) },
      {
        client: () => redis,
        open: () => {
          const c = new IORedis(REDIS_URL);
          opened.push(c);
          return c;
        },
        prefix,
      },
      () => {
        const c = new FakeClient();
        clients.push(c);
        return c;
      },
    );
    adapter.enabled = true;
    adapter.onApplicationBootstrap();
    await waitFor(() => adapter.health().state === 'qr');
  });

  afterAll(async () => {
    await adapter.onApplicationShutdown();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await Promise.all(opened.map((c) => c.quit()));
  });

  it('shows the QR code, then ready', async () => {
    expect((await adapter.currentStatus()).qr).toBe('2@abcDEF123==,xyz=,AbC=,1');
    clients[0].emit('authenticated');
    clients[0].emit('ready');
    expect(adapter.health()).toEqual({ state: 'ready' });
    expect((await adapter.currentStatus()).qr).toBeUndefined();
  });

  it('maps a text message to the phone identity in E.164 with a deterministic id', async () => {
    clients[0].emit('message', rawMessage({}));
    await waitFor(() => accepted.length === 1);
    const m = accepted[0];
    expect(m).toMatchObject({
      channel: 'whatsapp',
      externalId: 'false_6281234567890@c.us_3EB0C767D71D3A6B2F77',
      sender: { kind: 'phone', externalId: '+6281234567890', phone: '+6281234567890', displayName: 'Budi Santoso' },
      text: 'halo',
      receivedAt: new Date(1764300000 * 1000).toISOString(),
    });
    // A second delivery of the same message maps onto the same id: the ingress job id dedupes it.
    clients[0].emit('message', rawMessage({}));
    await waitFor(() => accepted.length === 2);
    expect(accepted[1].messageId).toBe(m.messageId);
  });

  it('maps media and locations, and ignores groups, status posts and our own messages', async () => {
    accepted.length = 0;
    clients[0].emit('message', rawMessage({ from: '120363025555555555@g.us', author: '6281234567890@c.us', key: 'G1' }));
    clients[0].emit('message', rawMessage({ from: 'status@broadcast', key: 'S1' }));
    clients[0].emit('message', rawMessage({ id: { fromMe: true, remote: '6281234567890@c.us', id: 'ME1', _serialized: 'true_6281234567890@c.us_ME1' } }));
    clients[0].emit(
      'message',
      rawMessage({
        key: 'IMG1',
        type: 'image',
        directPath: '/v/t62.7118-24/abc',
        caption: 'foto KTP',
        mimetype: 'image/jpeg',
        size: 52311,
        body: '/9j/4AAQSkZJRgABAQ',
      }),
    );
    clients[0].emit(
      'message',
      rawMessage({ key: 'DOC1', type: 'document', directPath: '/v/t62.7119-24/def', filename: 'imb.pdf', mimetype: 'application/pdf', size: 120000 }),
    );
    clients[0].emit('message', rawMessage({ key: 'LOC1', type: 'location', lat: -6.2646, lng: 106.4763, loc: 'Kantor DPMPTSP\nTigaraksa', body: '' }));
    await waitFor(() => accepted.length === 3);
    await sleep(50);
    expect(accepted).toHaveLength(3);
    expect(accepted[0]).toMatchObject({
      text: 'foto KTP',
      attachments: [{ kind: 'image', mimeType: 'image/jpeg', size: 52311, ref: 'wwebjs-media:false_6281234567890@c.us_IMG1' }],
    });
    expect(accepted[1].attachments).toEqual([
      { kind: 'document', mimeType: 'application/pdf', fileName: 'imb.pdf', size: 120000, ref: 'wwebjs-media:false_6281234567890@c.us_DOC1' },
    ]);
    expect(accepted[2].attachments).toEqual([{ kind: 'location', latitude: -6.2646, longitude: 106.4763 }]);
  });

  it("keeps stickers, voice notes and types it does not read (contact cards, polls); ignores WhatsApp's own notices", async () => {
    accepted.length = 0;
    clients[0].emit('message', rawMessage({ key: 'REV1', type: 'revoked', body: '' }));
    clients[0].emit('message', rawMessage({ key: 'E2E1', type: 'e2e_notification', body: '' }));
    clients[0].emit('message', rawMessage({ key: 'STK1', type: 'sticker', mimetype: 'image/webp', size: 18000, body: 'UklGRiQAAABXRUJQ' }));
    clients[0].emit('message', rawMessage({ key: 'PTT1', type: 'ptt', mimetype: 'audio/ogg; codecs=opus', size: 9000, body: '' }));
    clients[0].emit('message', rawMessage({ key: 'VC1', type: 'vcard', body: 'BEGIN:VCARD\nVERSION:3.0\nFN:Calo Pak Joko\nEND:VCARD' }));
    clients[0].emit('message', rawMessage({ key: 'POLL1', type: 'poll_creation', body: '' }));
    await waitFor(() => accepted.length === 4);
    await sleep(50);
    expect(accepted.map((m) => m.externalId.split('_').pop())).toEqual(['STK1', 'PTT1', 'VC1', 'POLL1']);
    expect(accepted[0]).toMatchObject({ text: '', attachments: [{ kind: 'image', rawType: 'sticker', mimeType: 'image/webp' }] });
    expect(accepted[1].attachments).toEqual([expect.objectContaining({ kind: 'audio', rawType: 'voice' })]);
    expect(accepted[2]).toMatchObject({ text: '', attachments: [{ kind: 'other', rawType: 'vcard' }] });
    expect(accepted[3].attachments).toEqual([{ kind: 'other', rawType: 'poll_creation' }]);
  });

  it('sends to <number>@c.us with the quick replies as a numbered list', async () => {
    const r = await adapter.send({
      messageId: 'm1',
      conversationId: 'c1',
      channel: 'whatsapp',
      recipient: { kind: 'phone', externalId: '+6281234567890' },
      senderKind: 'bot',
      text: 'Silakan pilih:',
      quickReplies: [
        { payload: '1', title: 'Cek status izin' },
        { payload: '2', title: 'Pengaduan' },
      ],
      createdAt: new Date().toISOString(),
    });
    expect(clients[0].sent).toEqual([
      { chatId: '6281234567890@c.us', content: 'Silakan pilih:\n\n1. Cek status izin\n2. Pengaduan\n\nBalas dengan angka pilihan Anda.' },
    ]);
    expect(r.externalId).toBe('true_6281234567890@c.us_3EB0SENT1');
  });

  it('after LOGOUT reports disconnected with the reason, delays sends, and starts a fresh client', async () => {
    clients[0].emit('disconnected', 'LOGOUT');
    expect(adapter.health()).toMatchObject({ state: 'disconnected' });
    expect(adapter.health().detail).toMatch(/^disconnected: LOGOUT; retry 1 in/);
    expect(clients[0].destroyed).toBe(true);
    await expect(
      adapter.send({
        messageId: 'm2',
        conversationId: 'c1',
        channel: 'whatsapp',
        recipient: { kind: 'phone', externalId: '+6281234567890' },
        senderKind: 'bot',
        text: 'x',
        createdAt: '',
      }),
    ).rejects.toBeInstanceOf(RetryLaterError);
    await waitFor(() => clients.length === 2 && adapter.health().state === 'qr');
    // Events of the old client no longer count.
    clients[0].emit('ready');
    expect(adapter.health().state).toBe('qr');
    clients[1].emit('ready');
    expect(adapter.health()).toEqual({ state: 'ready' });
  });
});
