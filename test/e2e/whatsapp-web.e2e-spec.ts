import { existsSync } from 'node:fs';
import { eventually, HubEnv, HubProcess } from '../support/hub-process';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`whatsapp-web e2e skipped: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);

interface Health {
  info?: { channels?: { channels?: Record<string, { state: string; detail?: string; retries?: number }> } };
}

/**
 * The real whatsapp-web.js Client with the system Chromium and no network
 * (a proxy on a closed port): the session must fail cleanly, say why, retry
 * with growing pauses, and leave the hub healthy.
 */
(haveChromium ? describe : describe.skip)('WhatsApp Web transport, real Client without network', () => {
  let env: HubEnv;
  let hub: HubProcess;

  beforeAll(async () => {
    env = new HubEnv('sqlite', {
      WHATSAPP_TRANSPORT: 'web',
      CHROMIUM_PATH: CHROMIUM,
      WHATSAPP_WEB_CHROMIUM_ARGS: '--proxy-server=http://127.0.0.1:9 --proxy-bypass-list=<-loopback>',
      WHATSAPP_WEB_RECONNECT_MIN_MS: '1000',
      WHATSAPP_WEB_INIT_TIMEOUT_MS: '20000',
    });
    hub = await env.start('all');
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('reports disconnected with the reason, retries with backoff, and stays healthy', async () => {
    const channel = async () => {
      const r = await fetch(`${hub.url}/health`);
      expect(r.status).toBe(200);
      return ((await r.json()) as Health).info!.channels!.channels!.whatsapp;
    };
    const first = await eventually(async () => {
      const c = await channel();
      return c.state === 'disconnected' ? c : null;
    }, 30_000);
    expect(first!.detail).toMatch(/cannot open WhatsApp Web: net::ERR_PROXY_CONNECTION_FAILED/);
    expect(first!.detail).toMatch(/retry \d+ in \d/);
    const later = await eventually(async () => {
      const c = await channel();
      return c.state === 'disconnected' && (c.retries ?? 0) >= 3 ? c : null;
    }, 30_000);
    // 1 s, 2 s, 4 s…: the announced pause grows.
    expect(later!.detail).toMatch(/retry [3-9] in ([4-9]|\d\d)/);
    const qr = await fetch(`${hub.url}/api/admin/channels/whatsapp-web/qr`).then((r) => r.json());
    expect(qr).toMatchObject({ state: expect.stringMatching(/disconnected|starting/) });
    expect(hub.child.exitCode).toBeNull();
  }, 60_000);
});
