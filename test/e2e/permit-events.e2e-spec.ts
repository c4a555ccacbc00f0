import { createHmac } from 'node:crypto';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

const SECRET = 'permit-events-secret-0123456789';
const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

/** "Kabari saya": a citizen subscribes through the bot, SIPINTER reports a change, the citizen hears it once. */
describe('permit status change notifications', () => {
  let env: HubEnv;
  let hub: HubProcess;
  beforeAll(async () => {
    env = new HubEnv('sqlite', { DEMO_MODE: 'true', PERMIT_EVENTS_SECRET: SECRET });
    hub = await env.start('all');
  });
  afterAll(async () => env?.stop());

  const post = (body: string, signature?: string) =>
    fetch(`${hub.url}/api/permits/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature ? { 'x-signature-256': signature } : {}) },
      body,
    });

  it('notifies a verified subscriber once per event, and rejects forged or malformed events', async () => {
    const c = new WebchatClient(hub.url);
    try {
      await c.ready();
      await c.ask('cek status PBG/2025/10/00456');
      await c.ask('0003');
      await c.ask('kabari saya kalau sudah terbit');
      await eventually(async () => (await env.query("SELECT id FROM permit_subscriptions WHERE application_number = 'PBG/2025/10/00456'")).length === 1);

      const event = JSON.stringify({ eventId: 'evt-1', applicationNumber: 'PBG/2025/10/00456', stage: 'terbit' });
      expect((await post(event)).status).toBe(401);
      expect((await post(event, sign(event + ' '))).status).toBe(401);
      const bad = JSON.stringify({ eventId: 'evt-x', applicationNumber: 'PBG/2025/10/00456', stage: 'meledak' });
      const badRes = await post(bad, sign(bad));
      expect(badRes.status).toBe(400);
      expect(JSON.stringify(await badRes.json())).toMatch(/stage/);
      expect(c.received.filter((m) => m.sender === 'system')).toHaveLength(0);

      const ok = await post(event, sign(event));
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ subscribers: 1, notified: 1, registry: 'updated' });
      const note = await c.waitFor((m) => m.sender === 'system');
      expect(note.text).toContain('PBG/2025/10/00456');
      expect(note.text).toMatch(/terbit/i);

      // SIPINTER re-sends the same event: nothing new reaches the citizen.
      const again = await post(event, sign(event));
      expect(await again.json()).toEqual({ subscribers: 1, notified: 0, registry: 'updated' });
      await new Promise((r) => setTimeout(r, 1000));
      expect(c.received.filter((m) => m.sender === 'system')).toHaveLength(1);

      // The local registry moved with the event, so the bot's next answer matches the notice...
      const [row] = await env.query<{ stage: string }>("SELECT stage FROM permit_applications WHERE number = 'PBG/2025/10/00456'");
      expect(row.stage).toBe('terbit');
      // ...and a late event about an earlier stage neither moves it back nor reaches the citizen.
      const late = JSON.stringify({ eventId: 'evt-0', applicationNumber: 'PBG/2025/10/00456', stage: 'verifikasi', occurredAt: '2025-01-02T03:00:00Z' });
      expect(await (await post(late, sign(late))).json()).toEqual({ subscribers: 0, notified: 0, registry: 'stale' });
      const [after] = await env.query<{ stage: string }>("SELECT stage FROM permit_applications WHERE number = 'PBG/2025/10/00456'");
      expect(after.stage).toBe('terbit');
      await new Promise((r) => setTimeout(r, 500));
      expect(c.received.filter((m) => m.sender === 'system')).toHaveLength(1);
    } finally {
      c.close();
    }
  });
});
