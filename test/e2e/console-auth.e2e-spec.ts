import { call, ConsoleApi, DEMO, DEMO_PASSWORD } from '../support/console-client';
import { HubEnv, HubProcess } from '../support/hub-process';
import { ConsoleSocket } from '../support/console-client';

/** People and access: login, refresh rotation, rate limit, roles, socket auth, admin API. */
describe('console auth (sqlite)', () => {
  let env: HubEnv;
  let hub: HubProcess;

  beforeAll(async () => {
    env = new HubEnv('sqlite', { DEMO_MODE: 'true', LOGIN_MAX_ATTEMPTS: '3', ADMIN_TOKEN: 'an-admin-token-for-tests-1234', INTEGRITY_BLOCK: 'true' });
    hub = await env.start('all');
  });
  afterAll(async () => env.stop());

  it('logs in, rotates the refresh token, and revokes the session when a rotated token is reused', async () => {
    const login = await call(hub.url, 'POST', '/api/auth/login', { email: DEMO.agent, password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toEqual(
      expect.objectContaining({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: 900,
        user: expect.objectContaining({ role: 'agent' }),
      }),
    );
    const me = await call(hub.url, 'GET', '/api/auth/me', undefined, login.body.accessToken);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(DEMO.agent);

    const r1 = await call(hub.url, 'POST', '/api/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(login.body.refreshToken);
    // The first token was rotated: presenting it again is theft, and ends the whole session.
    const reuse = await call(hub.url, 'POST', '/api/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(reuse.status).toBe(401);
    const r2 = await call(hub.url, 'POST', '/api/auth/refresh', { refreshToken: r1.body.refreshToken });
    expect(r2.status).toBe(401);
    const rows = await env.query<{ n: number }>('SELECT COUNT(*) AS n FROM refresh_tokens WHERE revoked_at IS NULL');
    expect(Number(rows[0].n)).toBe(0);
    // Only hashes are stored.
    const stored = await env.query<{ token_hash: string }>('SELECT token_hash FROM refresh_tokens');
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.token_hash))).toBe(true);
    expect(stored.some((s) => login.body.refreshToken.includes(s.token_hash))).toBe(false);
  });

  it('refuses wrong passwords, then rate-limits that e-mail from that address', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await call(hub.url, 'POST', '/api/auth/login', { email: DEMO.counter, password: 'wrong-password' });
      expect(r.status).toBe(401);
      expect(r.body.message).toMatch(/salah/);
    }
    const blocked = await call(hub.url, 'POST', '/api/auth/login', { email: DEMO.counter, password: DEMO_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.body.message).toMatch(/Terlalu banyak/);
    // Another account from the same address is not affected.
    expect((await call(hub.url, 'POST', '/api/auth/login', { email: DEMO.supervisor, password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('answers invalid input with a clear 400', async () => {
    const r = await call(hub.url, 'POST', '/api/auth/login', { email: DEMO.agent });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/password/);
    const extra = await call(hub.url, 'POST', '/api/auth/login', { email: DEMO.agent, password: 'x', admin: true });
    expect(extra.status).toBe(400);
  });

  it('enforces roles on the API and accepts an administrator token on the admin API', async () => {
    const agent = await ConsoleApi.login(hub.url, DEMO.agent);
    const admin = await ConsoleApi.login(hub.url, DEMO.admin);
    expect((await call(hub.url, 'GET', '/api/conversations')).status).toBe(401);
    expect((await call(hub.url, 'GET', '/api/conversations', undefined, 'not-a-token-at-all-xxxxxxxxxxxx')).status).toBe(401);
    expect((await agent.get('/api/audit')).status).toBe(403);
    expect((await agent.post('/api/users', { email: 'x@y.id', name: 'X', role: 'admin', password: '0123456789' })).status).toBe(403);
    expect((await admin.get('/api/admin/queues')).status).toBe(200);
    expect((await agent.get('/api/admin/queues')).status).toBe(403);
    expect((await call(hub.url, 'GET', '/api/admin/queues', undefined, 'an-admin-token-for-tests-1234')).status).toBe(200);

    // User changes are audited; a deactivated officer's tokens stop working at once.
    const created = await admin.post('/api/users', {
      email: 'Petugas.Baru@dpmptsp.go.id',
      name: 'Petugas Baru',
      role: 'agent',
      password: 'rahasia-sekali-123',
    });
    expect(created.status).toBe(201);
    expect(created.body.email).toBe('petugas.baru@dpmptsp.go.id');
    const fresh = await ConsoleApi.login(hub.url, 'petugas.baru@dpmptsp.go.id', 'rahasia-sekali-123');
    expect((await fresh.get('/api/conversations')).status).toBe(200);
    expect((await admin.req('PATCH', `/api/users/${created.body.id}`, { active: false })).status).toBe(200);
    expect((await fresh.get('/api/conversations')).status).toBe(401);
    expect((await call(hub.url, 'POST', '/api/auth/refresh', { refreshToken: fresh.session.refreshToken })).status).toBe(401);
    const agency = await admin.post('/api/users', { email: 'dlh@x.id', name: 'DLH', role: 'agency', password: 'rahasia-sekali-123' });
    expect(agency.status).toBe(400);
    expect(agency.body.message).toMatch(/agencyCode/);

    const audit = await admin.get(`/api/audit?targetId=${created.body.id}`);
    expect(audit.body.items.map((a: { action: string }) => a.action).sort()).toEqual(['user.create', 'user.update']);
  });

  it('refuses a console socket without a valid token', async () => {
    const none = new ConsoleSocket(hub.url, undefined, false);
    await expect(none.connected).rejects.toThrow(/unauthorized/);
    none.close();
    const bad = new ConsoleSocket(hub.url, 'eyJhbGciOiJIUzI1NiJ9.e30.invalid-signature-here', false);
    await expect(bad.connected).rejects.toThrow(/unauthorized/);
    bad.close();
    const agent = await ConsoleApi.login(hub.url, DEMO.agent);
    const ok = agent.socket();
    await ok.connected;
    const ready = await ok.waitFor('ready');
    expect(ready.payload.user.role).toBe('agent');
    ok.close();
  });

  it('blocks an officer’s message to a broker when INTEGRITY_BLOCK is on, and stores nothing', async () => {
    const counter = await ConsoleApi.login(hub.url, DEMO.supervisor);
    const v = await counter.post('/api/counter/visitors', { name: 'Warga Uji' });
    const open = await counter.post('/api/counter/conversations', { contactId: v.body.contact.id });
    const id = open.body.conversation.id;
    const before = await env.query<{ n: number }>('SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?', [id]);
    const r = await counter.post(`/api/conversations/${id}/messages`, { text: 'Lewat calo kenalan saya saja, WA 0812 9999 8888' });
    expect(r.status).toBe(422);
    expect(r.body.reasons).toEqual(expect.arrayContaining(['personal_phone', 'private_consultant']));
    expect(r.body.message).toMatch(/tidak dikirim/);
    const after = await env.query<{ n: number }>('SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?', [id]);
    expect(Number(after[0].n)).toBe(Number(before[0].n));
    const audit = await counter.get(`/api/audit?action=integrity.flag&targetId=${id}`);
    expect(audit.body.items[0].detail).toEqual(expect.objectContaining({ blocked: true }));
    expect((await counter.post(`/api/conversations/${id}/messages`, { text: 'Silakan ajukan lewat SIPINTER, layanan gratis.' })).status).toBe(201);
  });
});
