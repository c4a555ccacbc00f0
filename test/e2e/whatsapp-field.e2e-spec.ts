import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';
import { FakeGraph, waPayload } from '../support/fake-graph';

/**
 * What the field sends the WhatsApp Cloud webhook: types the hub does not
 * understand, business-scoped user ids without a phone, malformed bodies,
 * stickers, voice notes and a slow media server. Payload shapes follow
 * Meta's webhook reference (examples written for these tests).
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ts = () => String(Math.floor(Date.now() / 1000));

interface Row {
  id: string;
  conversation_id: string;
  direction: string;
  text: string;
  attachments: string;
  external_id: string | null;
  status: string;
  kind: string;
  identity: string;
  contact_id: string;
}

describe('WhatsApp Cloud: what the field sends', () => {
  const graph = new FakeGraph();
  let env: HubEnv;
  let hub: HubProcess;

  const post = (body: unknown) => {
    const raw = JSON.stringify(body);
    return fetch(`${hub.url}/channels/whatsapp-cloud/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': graph.sign(raw) },
      body: raw,
    });
  };
  const inbound = (externalId: string) =>
    env.query<Row>(
      `SELECT m.*, c.status, i.kind, i.external_id AS identity, i.contact_id FROM messages m
         JOIN conversations c ON c.id = m.conversation_id JOIN channel_identities i ON i.id = m.identity_id
        WHERE m.external_id = ?`,
      [externalId],
    );
  const stored = async (externalId: string) => (await eventually(async () => (await inbound(externalId))[0], 15_000)) as Row;
  const repliesIn = (conversationId: string) =>
    env.query<{ text: string; delivery_status: string }>(`SELECT text, delivery_status FROM messages WHERE conversation_id = ? AND direction = 'out'`, [
      conversationId,
    ]);

  beforeAll(async () => {
    await graph.start();
    env = new HubEnv('sqlite', graph.hubEnv());
    hub = await env.start('all');
  });

  afterAll(async () => {
    await env?.stop();
    await graph.stop();
  });

  it('keeps a contact card, an unsupported message and a poll with their raw type, tells the citizen an officer will look and hands over', async () => {
    const contacts = waPayload.message(graph.phoneNumberId, '6281300000001', 'Rina', {
      id: 'wamid.CONTACTS1',
      type: 'contacts',
      contacts: [{ name: { formatted_name: 'Pak Joko Notaris', first_name: 'Joko' }, phones: [{ phone: '+62 812-0000-0000', type: 'CELL' }] }],
    });
    const unsupported = waPayload.message(graph.phoneNumberId, '6281300000002', 'Tono', {
      id: 'wamid.UNSUP1',
      type: 'unsupported',
      errors: [
        { code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } },
      ],
    });
    const poll = waPayload.message(graph.phoneNumberId, '6281300000003', 'Wati', { id: 'wamid.POLL1', type: 'poll', poll: { name: 'Kapan buka?' } });
    for (const b of [contacts, unsupported, poll]) expect((await post(b)).status).toBe(200);

    for (const [id, rawType] of [
      ['wamid.CONTACTS1', 'contacts'],
      ['wamid.UNSUP1', 'unsupported'],
      ['wamid.POLL1', 'poll'],
    ]) {
      const row = await stored(id);
      expect(JSON.parse(row.attachments)).toEqual([{ kind: 'other', rawType }]);
      const replies = (await eventually(async () => {
        const r = await repliesIn(row.conversation_id);
        return r.length ? r : null;
      })) as { text: string }[];
      expect(replies[0].text).toMatch(/petugas yang akan melihatnya/);
      expect((await inbound(id))[0].status).toBe('pending');
    }
    expect((await inbound('wamid.CONTACTS1'))[0].text).toBe('Pak Joko Notaris');
  });

  it('identifies a citizen by the business-scoped user id, links the phone when it appears, and never fails the batch', async () => {
    const userId = 'ID.13491208655302741918';
    // 2026 usernames: contacts[].user_id and messages[].from_user_id, no wa_id / from.
    const scopedOnly = waPayload.envelope(graph.phoneNumberId, {
      contacts: [{ profile: { name: 'Dewi' }, user_id: userId }],
      messages: [{ from_user_id: userId, id: 'wamid.BSUID1', timestamp: ts(), type: 'text', text: { body: 'halo' } }],
    });
    expect((await post(scopedOnly)).status).toBe(200);
    const first = await stored('wamid.BSUID1');
    expect(first).toMatchObject({ kind: 'whatsapp-user', identity: userId });
    // The bot's answer goes back addressed by the scoped id.
    const answer = (await eventually(() => graph.sent.find((s) => s.to === userId), 15_000))!;
    expect(answer.body.recipient).toBe(userId);
    expect(answer.body.to).toBeUndefined();

    // Later the same person's phone appears next to the id, in one batch with another citizen's message.
    const both = waPayload.envelope(graph.phoneNumberId, {
      contacts: [
        { profile: { name: 'Dewi' }, wa_id: '6281300000010', user_id: userId },
        { profile: { name: 'Anto' }, wa_id: '6281300000011' },
      ],
      messages: [
        { from: '6281300000010', from_user_id: userId, id: 'wamid.BSUID2', timestamp: ts(), type: 'text', text: { body: 'menu' } },
        { from: '6281300000011', id: 'wamid.BSUID3', timestamp: ts(), type: 'text', text: { body: 'halo' } },
      ],
    });
    expect((await post(both)).status).toBe(200);
    const second = await stored('wamid.BSUID2');
    expect(second).toMatchObject({ kind: 'phone', identity: '+6281300000010', contact_id: first.contact_id });
    expect(second.conversation_id).toBe(first.conversation_id);
    await stored('wamid.BSUID3');
    const contact = await env.query<{ phone: string }>('SELECT phone FROM contacts WHERE id = ?', [first.contact_id]);
    expect(contact[0].phone).toBe('+6281300000010');
  });

  it('refuses a signed but malformed body with 400 and stores nothing; one bad message does not sink the others', async () => {
    const before = (await env.query("SELECT id FROM messages WHERE direction = 'in'")).length;
    const bad: unknown[] = [
      { object: 'whatsapp_business_account', entry: null },
      { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messages: 'not a list' } }] }] },
      // Numbers where strings belong, and nulls.
      waPayload.message(graph.phoneNumberId, '6281300000020', 'X', { id: 12345, type: 'text', text: { body: 'a' } }),
      waPayload.message(graph.phoneNumberId, '6281300000020', 'X', { id: 'wamid.NULL1', type: null, text: null }),
      waPayload.envelope(graph.phoneNumberId, { messages: [{ id: 'wamid.NOFROM', timestamp: ts(), type: 'text', text: { body: 'siapa?' } }] }),
      waPayload.message(graph.phoneNumberId, '6281300000020', 'X', {
        id: 'wamid.LOCSTR',
        type: 'location',
        location: { latitude: '-6.2', longitude: '106.4' },
      }),
    ];
    for (const b of bad) {
      const res = await post(b);
      expect(res.status).toBe(400);
    }
    await sleep(800);
    expect(await env.query("SELECT id FROM messages WHERE direction = 'in'")).toHaveLength(before);

    const mixed = waPayload.envelope(graph.phoneNumberId, {
      messages: [
        { from: '6281300000021', id: 'wamid.MIX-BAD', timestamp: 1700000000, type: 'text', text: { body: 'angka' } },
        { from: '6281300000021', id: 'wamid.MIX-GOOD', timestamp: ts(), type: 'text', text: { body: 'halo' } },
      ],
    });
    expect((await post(mixed)).status).toBe(200);
    await stored('wamid.MIX-GOOD');
    expect(await inbound('wamid.MIX-BAD')).toHaveLength(0);
  });

  it('answers within a second while the media server is slow, and fetches the file in the background', async () => {
    graph.mediaDelayMs = 3000;
    const photo = Buffer.from('\xff\xd8\xff\xe0 slow jpeg', 'latin1');
    const voice = Buffer.from('OggS\0\x02 fake opus voice note', 'latin1');
    graph.addMedia('2000000000000001', photo, 'image/jpeg');
    graph.addMedia('2000000000000002', voice, 'audio/ogg');
    const body = waPayload.envelope(graph.phoneNumberId, {
      contacts: [{ profile: { name: 'Lia' }, wa_id: '6281300000030' }],
      messages: [
        { from: '6281300000030', ...waPayload.image('wamid.SLOW-IMG', 'foto KTP', '2000000000000001'), timestamp: ts() },
        {
          from: '6281300000030',
          id: 'wamid.SLOW-VOICE',
          timestamp: ts(),
          type: 'audio',
          audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'x', id: '2000000000000002', voice: true },
        },
      ],
    });
    const t0 = Date.now();
    const res = await post(body);
    const took = Date.now() - t0;
    expect(res.status).toBe(200);
    expect(took).toBeLessThan(1000);
    const img = await stored('wamid.SLOW-IMG');
    expect(JSON.parse(img.attachments)[0]).toMatchObject({ kind: 'image', ref: join('media', 'whatsapp', '2000000000000001.jpg') });
    const vn = await stored('wamid.SLOW-VOICE');
    const [att] = JSON.parse(vn.attachments) as { kind: string; ref: string; rawType: string; mimeType: string }[];
    expect(att).toMatchObject({ kind: 'audio', rawType: 'voice', mimeType: 'audio/ogg', ref: join('media', 'whatsapp', '2000000000000002.ogg') });
    expect(readFileSync(join(env.dataDir, att.ref))).toEqual(voice);
    // A voice note goes to a person like any file.
    await eventually(async () => (await inbound('wamid.SLOW-VOICE'))[0].status === 'pending');
    graph.mediaDelayMs = 0;
  });

  it('treats a sticker as a greeting (the menu), not as a document for an officer', async () => {
    graph.addMedia('2000000000000003', Buffer.from('RIFF\0\0\0\0WEBPVP8 sticker', 'latin1'), 'image/webp');
    const body = waPayload.message(graph.phoneNumberId, '6281300000040', 'Ucok', {
      id: 'wamid.STICKER1',
      type: 'sticker',
      sticker: { mime_type: 'image/webp', sha256: 'x', id: '2000000000000003', animated: false },
    });
    expect((await post(body)).status).toBe(200);
    const row = await stored('wamid.STICKER1');
    expect(JSON.parse(row.attachments)[0]).toMatchObject({ kind: 'image', rawType: 'sticker' });
    const sent = (await eventually(() => graph.sentTo('6281300000040')[0], 15_000))!;
    expect(JSON.stringify(sent.body)).toMatch(/selamat datang/i);
    expect((await inbound('wamid.STICKER1'))[0].status).toBe('bot');
  });
});
