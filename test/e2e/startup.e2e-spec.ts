import { spawn } from 'node:child_process';
import { freePort, HubEnv, MAIN } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';

function run(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [MAIN], { env: { HOME: '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    const t = setTimeout(() => p.kill('SIGKILL'), 20_000);
    p.on('exit', (code) => {
      clearTimeout(t);
      resolve({ code, out });
    });
  });
}

describe('start-up', () => {
  it.each([
    ['PORT', 'not-a-number'],
    ['HUB_ROLE', 'both'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'localhost:6379'],
  ])('refuses a bad %s with a message naming it', async (name, value) => {
    const { code, out } = await run({ PATH: process.env.PATH!, [name]: value });
    expect(code).toBe(78);
    expect(out).toContain('Invalid configuration');
    expect(out).toContain(name);
  });

  // Module settings (bot, channels, console) are checked before start-up too, with the same exit code.
  it.each([
    ['TELEGRAM_MODE', 'carrier-pigeon'],
    ['HANDOFF_AFTER_MISUNDERSTOOD', 'two'],
    ['LOGIN_MAX_ATTEMPTS', '-3'],
  ])('refuses a bad module setting %s with a message naming it', async (name, value) => {
    const { code, out } = await run({ PATH: process.env.PATH!, [name]: value });
    expect(code).toBe(78);
    expect(out).toMatch(/Invalid .*configuration/);
    expect(out).toContain(name);
  });

  it('says how to get Redis when none answers and redis-server is not on PATH', async () => {
    const port = await freePort();
    const { code, out } = await run({ PATH: '/nonexistent', EMBEDDED_REDIS_PORT: String(port), DATA_DIR: '/tmp/hub-noredis' });
    expect(code).toBe(69);
    expect(out).toMatch(/redis-server is not installed/);
    expect(out).toMatch(/REDIS_URL/);
  });
});

describe('logs at info level', () => {
  let env: HubEnv;
  afterAll(async () => env?.stop());

  it('never contain a NIK, a phone number or a message body', async () => {
    env = new HubEnv('sqlite', { LOG_LEVEL: 'info' });
    const hub = await env.start('all');
    const c = new WebchatClient(hub.url);
    await c.ready();
    const secret = 'rahasia-isi-pesan NIK 3603124501880002 telp 081234567890';
    expect((await c.send({ clientMessageId: 'log-1', text: secret })).ok).toBe(true);
    await c.waitFor((m) => m.sender === 'bot');
    c.close();
    await hub.stop();
    expect(hub.output).toContain('listening');
    expect(hub.output).not.toContain('3603124501880002');
    expect(hub.output).not.toContain('081234567890');
    expect(hub.output).not.toContain('rahasia-isi-pesan');
  });
});

describe('demo mode', () => {
  const envs: HubEnv[] = [];
  afterAll(async () => Promise.all(envs.map((e) => e.stop())));

  const login = (url: string) =>
    fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@demo.sipinter.id', password: 'demo-sipinter-2025' }),
    });

  it('is never the default in production: no demo accounts, no loopback admin, nothing announced', async () => {
    const env = new HubEnv('sqlite', { NODE_ENV: 'production', JWT_SECRET: 'a-production-jwt-secret-of-enough-length-123' });
    envs.push(env);
    const hub = await env.start('all');
    expect((await env.query<{ n: number }>('SELECT COUNT(*) AS n FROM users'))[0].n).toBe(0);
    expect((await env.query<{ n: number }>('SELECT COUNT(*) AS n FROM permit_applications'))[0].n).toBe(0);
    expect((await login(hub.url)).status).toBe(401);
    // The WhatsApp Web QR and the queues stay closed to requests from this machine.
    expect((await fetch(`${hub.url}/api/admin/queues/failed`)).status).toBe(403);
    expect((await fetch(`${hub.url}/api/admin/channels/whatsapp-web/qr`)).status).toBe(403);
    expect(hub.output).not.toMatch(/DEMO MODE/);
    const html = await (await fetch(`${hub.url}/console/`)).text();
    expect(html).not.toContain('hub-demo-mode');
  });

  it('the development default seeds demo data but keeps the loopback admin shortcut for an explicit DEMO_MODE=true', async () => {
    const env = new HubEnv('sqlite');
    envs.push(env);
    const hub = await env.start('all');
    expect((await login(hub.url)).status).toBe(200);
    expect((await fetch(`${hub.url}/api/admin/queues/failed`)).status).toBe(403);
    expect(hub.output).toMatch(/DEMO MODE \(embedded SQLite database outside production/);
  });

  it('says so plainly when it is on: the start log and every console page', async () => {
    const env = new HubEnv('sqlite', { NODE_ENV: 'production', DEMO_MODE: 'true', JWT_SECRET: 'a-production-jwt-secret-of-enough-length-123' });
    envs.push(env);
    const hub = await env.start('all');
    expect(hub.output).toMatch(/DEMO MODE \(DEMO_MODE=true\)/);
    expect(hub.output).toMatch(/DEMO MODE is on in production/);
    expect((await login(hub.url)).status).toBe(200);
    expect((await fetch(`${hub.url}/api/admin/queues/failed`)).status).toBe(200);
    const html = await (await fetch(`${hub.url}/console/`)).text();
    expect(html).toContain('<meta name="hub-demo-mode" content="true" />');
  });
});
