import IORedis from 'ioredis';
import { createHash } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { ConsoleApi, DEMO } from '../support/console-client';
import { eventually, HubEnv, HubProcess, REDIS_URL } from '../support/hub-process';

type Ack = { ok: boolean; messageId?: string; error?: string; messages?: { id: string; sender: string; text: string }[] };
type SessionInfo = { visitorToken: string; conversationId: string };

/** A web chat visitor that can claim a client address through X-Forwarded-For (believed here: the test connects from loopback, like a local proxy). */
class Visitor {
  readonly socket: Socket;
  readonly outcome: Promise<{ session?: SessionInfo; error?: string }>;
  session?: SessionInfo;
  private n = 0;

  constructor(url: string, opts: { token?: string; from?: string } = {}) {
    this.socket = io(`${url}/webchat`, {
      transports: ['websocket'],
      auth: opts.token ? { visitorToken: opts.token } : {},
      extraHeaders: opts.from ? { 'x-forwarded-for': opts.from } : {},
      reconnection: false,
      forceNew: true,
    });
    this.outcome = new Promise((res) => {
      const t = setTimeout(() => res({ error: 'timeout' }), 15_000);
      this.socket.once('session', (s: SessionInfo) => {
        clearTimeout(t);
        this.session = s;
        res({ session: s });
      });
      this.socket.once('error_message', (e: { error: string }) => {
        clearTimeout(t);
        res({ error: e.error });
      });
      this.socket.once('connect_error', (e) => {
        clearTimeout(t);
        res({ error: `connect_error: ${e.message}` });
      });
    });
  }

  async ready(): Promise<SessionInfo> {
    const o = await this.outcome;
    if (!o.session) throw new Error(`no session: ${o.error}`);
    return o.session;
  }

  send(text: string): Promise<Ack> {
    return this.socket.timeout(10_000).emitWithAck('message', { clientMessageId: `m-${++this.n}-${Date.now()}`, text });
  }

  history(): Promise<Ack> {
    return this.socket.timeout(10_000).emitWithAck('history', {});
  }

  close(): void {
    this.socket.close();
  }
}

const visitorKeyOf = (token: string): string => createHash('sha256').update(token).digest('base64url').slice(0, 43);

/**
 * The web chat cannot be used to fill the database (issue 11, item 5): new
 * sessions are limited per client address, tokens come only from the server,
 * nothing is stored until a visitor writes, messages are limited per visitor
 * across reconnects and per address across visitors, empty sessions expire.
 */
describe('web chat abuse limits', () => {
  const TTL_S = 3;
  let env: HubEnv;
  let hub: HubProcess;
  let redis: IORedis;
  const open: Visitor[] = [];
  const visitor = (opts: { token?: string; from?: string } = {}) => {
    const v = new Visitor(hub.url, opts);
    open.push(v);
    return v;
  };
  const count = async (table: string, where = '', params: unknown[] = []) =>
    Number((await env.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`, params))[0].n);
  const inbound = (conversationIds: string[]) =>
    count('messages', `direction = 'in' AND conversation_id IN (${conversationIds.map(() => '?').join(', ')})`, conversationIds);

  beforeAll(async () => {
    env = new HubEnv('postgres', {
      DEMO_MODE: 'true',
      WEBCHAT_RATE_PER_MIN: '5',
      WEBCHAT_MESSAGES_PER_IP_PER_MIN: '12',
      WEBCHAT_EMPTY_SESSION_TTL_S: String(TTL_S),
      // WEBCHAT_SESSIONS_PER_IP_PER_HOUR stays at its default (20).
    });
    hub = await env.start('all');
    redis = new IORedis(REDIS_URL);
  });
  afterEach(() => open.splice(0).forEach((v) => v.close()));
  afterAll(async () => {
    await redis?.quit();
    await env?.stop();
  });

  it('keeps a visitor who connected but never wrote out of the officers’ list', async () => {
    const silent = visitor({ from: '203.0.113.6' });
    const writer = visitor({ from: '203.0.113.6' });
    const [s, w] = await Promise.all([silent.ready(), writer.ready()]);
    expect((await writer.send('halo, mau tanya izin')).ok).toBe(true);
    await eventually(async () => (await inbound([w.conversationId])) === 1);

    const supervisor = await ConsoleApi.login(hub.url, DEMO.supervisor);
    const list = await supervisor.get<{ items: { id: string }[] }>('/api/conversations?limit=100');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((c) => c.id);
    expect(ids).toContain(w.conversationId);
    expect(ids).not.toContain(s.conversationId);
    expect(await count('conversations', 'id = ?', [s.conversationId])).toBe(0);
  });

  it('opens at most the per-address number of sessions for 300 connections, and stores nothing until a visitor writes', async () => {
    const before = { contacts: await count('contacts'), identities: await count('channel_identities'), conversations: await count('conversations') };
    const visitors: Visitor[] = [];
    const outcomes: { session?: SessionInfo; error?: string }[] = [];
    // In batches, so the test measures the limit rather than the machine.
    for (let b = 0; b < 6; b++) {
      const batch = Array.from({ length: 50 }, () => visitor());
      visitors.push(...batch);
      outcomes.push(...(await Promise.all(batch.map((v) => v.outcome))));
    }
    const opened = outcomes.filter((o) => o.session);
    const refused = outcomes.filter((o) => o.error);
    expect(opened).toHaveLength(20);
    expect(refused).toHaveLength(280);
    expect(refused[0].error).toMatch(/^Terlalu banyak sesi obrolan baru dari jaringan Anda\. Silakan coba lagi dalam \d+ menit\.$/);
    // A refused connection is closed, not left half open.
    await eventually(() => visitors.filter((v) => !v.session).every((v) => !v.socket.connected));

    await new Promise((r) => setTimeout(r, 500));
    expect(await count('contacts')).toBe(before.contacts);
    expect(await count('channel_identities')).toBe(before.identities);
    expect(await count('conversations')).toBe(before.conversations);

    // The first message creates the one visitor's contact and the conversation their session announced.
    const writer = visitors.find((v) => v.session)!;
    expect((await writer.send('halo')).ok).toBe(true);
    await eventually(async () => (await inbound([writer.session!.conversationId])) === 1);
    expect(await count('contacts')).toBe(before.contacts + 1);
    expect(await count('conversations')).toBe(before.conversations + 1);
  });

  it('gives a made-up token a new server-issued token and nobody’s history', async () => {
    const owner = visitor({ from: '203.0.113.2' });
    const own = await owner.ready();
    expect((await owner.send('nomor saya 081234567890')).ok).toBe(true);
    await eventually(async () => ((await owner.history()).messages ?? []).length >= 2);
    // What the database holds for the owner (a leaked row) is no key either.
    const [{ external_id: storedKey }] = await env.query<{ external_id: string }>(
      'SELECT i.external_id FROM channel_identities i JOIN conversations c ON c.identity_id = i.id WHERE c.id = ?',
      [own.conversationId],
    );
    expect(storedKey).toBe(visitorKeyOf(own.visitorToken));

    for (const madeUp of ['made-up-token-0123456789abcdef', storedKey, 'made-up-token-0123456789abcdef']) {
      const intruder = visitor({ token: madeUp, from: '203.0.113.2' });
      const got = await intruder.ready();
      expect(got.visitorToken).not.toBe(madeUp);
      expect(got.visitorToken).not.toBe(own.visitorToken);
      expect(got.visitorToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(got.conversationId).not.toBe(own.conversationId);
      expect(await intruder.history()).toEqual({ ok: true, messages: [] });
      intruder.close();
    }

    // The real token still resumes the session, with its history.
    const back = visitor({ token: own.visitorToken, from: '203.0.113.2' });
    expect(await back.ready()).toEqual(own);
    expect(((await back.history()).messages ?? [])[0]).toEqual(expect.objectContaining({ sender: 'citizen', text: 'nomor saya 081234567890' }));
  });

  it('keeps the per-visitor message limit across reconnects', async () => {
    const first = visitor({ from: '203.0.113.3' });
    const s = await first.ready();
    const acks: Ack[] = [];
    for (let i = 0; i < 6; i++) acks.push(await first.send(`pesan ${i}`));
    expect(acks.filter((a) => a.ok)).toHaveLength(5);
    expect(acks[5]).toEqual({ ok: false, error: expect.stringMatching(/^Terlalu banyak pesan\. Silakan tunggu \d+ detik\.$/) });
    first.close();

    for (let r = 0; r < 2; r++) {
      const again = visitor({ token: s.visitorToken, from: '203.0.113.3' });
      expect(await again.ready()).toEqual(s);
      expect(await again.send(`setelah sambung ulang ${r}`)).toEqual({ ok: false, error: expect.stringMatching(/^Terlalu banyak pesan\./) });
      again.close();
    }
    await eventually(async () => (await inbound([s.conversationId])) === 5);
    await new Promise((r) => setTimeout(r, 500));
    expect(await inbound([s.conversationId])).toBe(5);
  });

  it('limits messages per address across its visitors, and stores none of the refused', async () => {
    const crowd = [0, 1, 2].map(() => visitor({ from: '203.0.113.4' }));
    const sessions = await Promise.all(crowd.map((v) => v.ready()));
    const acks: Ack[] = [];
    // 3 visitors × 5 messages: each within its own limit, 15 together over the address's 12.
    for (let i = 0; i < 5; i++) for (const v of crowd) acks.push(await v.send(`pesan ${i}`));
    expect(acks.filter((a) => a.ok)).toHaveLength(12);
    const refused = acks.filter((a) => !a.ok);
    expect(refused).toHaveLength(3);
    for (const a of refused) expect(a.error).toMatch(/^Terlalu banyak pesan dari jaringan Anda\. Silakan tunggu \d+ detik\.$/);

    // Another address is not affected.
    const elsewhere = visitor({ from: '198.51.100.7' });
    await elsewhere.ready();
    expect((await elsewhere.send('halo')).ok).toBe(true);

    const ids = sessions.map((s) => s.conversationId);
    await eventually(async () => (await inbound(ids)) === 12);
    await new Promise((r) => setTimeout(r, 500));
    expect(await inbound(ids)).toBe(12);
  });

  it('expires a session whose visitor never wrote', async () => {
    const v = visitor({ from: '203.0.113.5' });
    const s = await v.ready();
    const key = `${env.id}:webchat:empty:${visitorKeyOf(s.visitorToken)}`;
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(TTL_S);
    v.close();

    await eventually(async () => (await redis.exists(key)) === 0, (TTL_S + 3) * 1000);
    const later = visitor({ token: s.visitorToken, from: '203.0.113.5' });
    const fresh = await later.ready();
    expect(fresh.visitorToken).not.toBe(s.visitorToken);
    expect(fresh.conversationId).not.toBe(s.conversationId);
    expect(await count('conversations', 'id = ?', [s.conversationId])).toBe(0);
  });
});
