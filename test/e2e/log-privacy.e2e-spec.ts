import { createHmac } from 'node:crypto';
import { call, ConsoleApi, DEMO, DEMO_PASSWORD } from '../support/console-client';
import { FakeGraph, waPayload } from '../support/fake-graph';
import { FakeTelegram, textUpdate } from '../support/fake-telegram';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

const NIK = '3603012345678901';
const PHONE_LOCAL = '081234567890';
const PHONE_E164 = '+6281234567890';
const WA_FROM = '6281298765432';
const TG_SECRET = 'tg-secret_0123456789abcdefXYZ';
const PERMIT_SECRET = 'permit-events-secret-0123456789';
const ADMIN_TOKEN = 'admin-token-0123456789abcdefghij';
const WRONG_PASSWORD = 'wrong-Passw0rd-Kx93';
const CITIZEN_TEXT = `NIK saya ${NIK}, nomor HP ${PHONE_LOCAL} atau +62 812-3456-7890 / 62812 3456 7890`;

/**
 * Issue 11, item 4: a scripted session that carries NIKs, phone numbers,
 * tokens and signatures through every entrance of the hub, at LOG_LEVEL=info,
 * leaves none of them in the process's whole output.
 */
describe('logs carry no personal data or secrets', () => {
  const graph = new FakeGraph();
  const telegram = new FakeTelegram();
  let env: HubEnv;
  let hub: HubProcess;
  let output = '';
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    await graph.start();
    await telegram.start();
    env = new HubEnv('sqlite', {
      ...graph.hubEnv(),
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.url,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      TELEGRAM_WEBHOOK_URL: 'https://bantuan.example.go.id/channels/telegram/webhook',
      PERMIT_EVENTS_SECRET: PERMIT_SECRET,
      ADMIN_TOKEN,
      DEMO_MODE: 'true',
      // HubEnv.env() takes LOG_LEVEL from TEST_LOG_LEVEL (default warn): request lines need info.
      LOG_LEVEL: 'info',
    });
    hub = await env.start('all');
    Object.assign(secrets, {
      verifyToken: graph.verifyToken,
      appSecret: graph.appSecret,
      graphToken: graph.token,
      telegramSecret: TG_SECRET,
      telegramToken: telegram.token,
      permitSecret: PERMIT_SECRET,
      adminToken: ADMIN_TOKEN,
      password: DEMO_PASSWORD,
      wrongPassword: WRONG_PASSWORD,
    });

    // Officers: a failed and a successful login, searches by NIK and phone, a token refresh.
    expect((await call(hub.url, 'POST', '/api/auth/login', { email: DEMO.supervisor, password: WRONG_PASSWORD })).status).toBe(401);
    const sup = await ConsoleApi.login(hub.url, DEMO.supervisor);
    secrets.accessToken = sup.session.accessToken;
    secrets.refreshToken = sup.session.refreshToken;
    for (const q of [NIK, PHONE_LOCAL, encodeURIComponent(PHONE_E164)]) {
      expect((await sup.get(`/api/conversations?q=${q}&limit=20`)).status).toBe(200);
      expect((await sup.get(`/api/contacts?q=${q}`)).status).toBe(200);
    }
    const refreshed = await call(hub.url, 'POST', '/api/auth/refresh', { refreshToken: sup.session.refreshToken });
    expect(refreshed.status).toBe(200);
    secrets.accessToken2 = refreshed.body.accessToken;
    secrets.refreshToken2 = refreshed.body.refreshToken;
    expect((await call(hub.url, 'GET', '/api/admin/queues/failed', undefined, ADMIN_TOKEN)).status).toBe(200);

    // WhatsApp Cloud: Meta's verification handshake and a signed message with a NIK and phone numbers.
    const verify = await fetch(
      `${hub.url}/channels/whatsapp-cloud/webhook?hub.mode=subscribe&hub.verify_token=${encodeURIComponent(graph.verifyToken)}&hub.challenge=1158201444`,
    );
    expect(verify.status).toBe(200);
    const waRaw = JSON.stringify(waPayload.message(graph.phoneNumberId, WA_FROM, 'Budi Santoso', waPayload.text('wamid.LOGPRIVACY1', CITIZEN_TEXT)));
    const waSig = graph.sign(waRaw);
    secrets.waSignature = waSig.replace(/^sha256=/, '');
    const wa = await fetch(`${hub.url}/channels/whatsapp-cloud/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': waSig },
      body: waRaw,
    });
    expect(wa.status).toBe(200);

    // Telegram webhook with its secret header.
    await eventually(() => telegram.webhook);
    const tg = await fetch(`${hub.url}/channels/telegram/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET },
      body: JSON.stringify(textUpdate(telegram.newUpdateId(), 7301, 1, CITIZEN_TEXT)),
    });
    expect(tg.status).toBe(200);

    // A signed permit event from SIPINTER.
    const event = JSON.stringify({ eventId: 'evt-logs-1', applicationNumber: 'PBG/2025/10/00456', stage: 'terbit' });
    const permitSig = createHmac('sha256', PERMIT_SECRET).update(event).digest('hex');
    secrets.permitSignature = permitSig;
    const pe = await fetch(`${hub.url}/api/permits/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-256': `sha256=${permitSig}` },
      body: event,
    });
    expect(pe.status).toBe(200);

    // The web chat: a citizen writes a NIK and a phone number; the bot answers.
    const c = new WebchatClient(hub.url);
    try {
      await c.ready();
      secrets.visitorToken = c.session!.visitorToken;
      await c.ask(CITIZEN_TEXT);
    } finally {
      c.close();
    }

    // Every channel's message went through the pipeline (and its logging) before the hub stops.
    await eventually(() => graph.sentTo(WA_FROM).length > 0);
    await eventually(() => telegram.sent.length > 0);
    await hub.stop();
    output = hub.output;
  }, 90_000);

  afterAll(async () => {
    await env?.stop();
    await graph.stop();
    await telegram.stop();
  });

  it('logs the requests at info, so the checks below look at a real log', () => {
    const lines = output.split('\n').filter((l) => l.startsWith('{'));
    const requests = lines.map((l) => JSON.parse(l) as { level: number; msg: string; req?: { url: string } }).filter((l) => l.req);
    expect(requests.filter((l) => l.level === 30).length).toBeGreaterThanOrEqual(12);
    const urls = requests.map((l) => l.req!.url);
    expect(urls.some((u) => u.startsWith('/api/conversations?q='))).toBe(true);
    expect(urls.some((u) => u.startsWith('/channels/whatsapp-cloud/webhook?hub.mode='))).toBe(true);
    expect(urls).toContain('/api/auth/login');
    expect(urls).toContain('/api/permits/events');
    expect(urls).toContain('/channels/telegram/webhook');
  });

  it('has no NIK (16-digit run) anywhere in the output', () => {
    expect(output.match(/\d{16}/g)).toBeNull();
    expect(output).not.toContain(NIK.slice(4, 12));
  });

  it('has no phone number, with or without separators, anywhere in the output', () => {
    const phone = /(?:\+?62|(?<![\dA-Za-z])0)[\s-]?8\d(?:[\s-]?\d){7,}/g;
    expect(output.match(phone)).toBeNull();
    expect(output).not.toContain('81234567890');
    expect(output).not.toContain('81298765432');
  });

  it('has no secret, password, token or signature anywhere in the output', () => {
    expect(Object.keys(secrets)).toHaveLength(16);
    const found = Object.entries(secrets).filter(([, v]) => v && output.includes(v));
    expect(found.map(([k]) => k)).toEqual([]);
  });
});
