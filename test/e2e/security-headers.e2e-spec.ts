import { ConsoleApi, DEMO, DEMO_PASSWORD } from '../support/console-client';
import { HubEnv, HubProcess } from '../support/hub-process';

const COOKIE_MODE = { 'content-type': 'application/json', 'x-refresh-cookie': '1' };

/** The refresh cookie from a response's Set-Cookie, with its attributes. */
function refreshCookie(res: Response): { value: string; attrs: string[] } | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith('sipinter_refresh='));
  if (!line) return undefined;
  const [pair, ...attrs] = line.split(';').map((s) => s.trim());
  return { value: decodeURIComponent(pair.slice('sipinter_refresh='.length)), attrs: attrs.map((a) => a.toLowerCase()) };
}

const post = (url: string, path: string, headers: Record<string, string>, body: unknown = {}) =>
  fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });

/** Response headers (CSP, referrer, HSTS), the console's refresh cookie, and what agency officers may list. */
describe('security headers and the refresh cookie (sqlite)', () => {
  let env: HubEnv;
  let hub: HubProcess;

  beforeAll(async () => {
    env = new HubEnv('sqlite', { DEMO_MODE: 'true' });
    hub = await env.start('all');
  });
  afterAll(async () => env.stop());

  it('sends CSP and Referrer-Policy, no X-Powered-By, and HSTS only over https', async () => {
    for (const path of ['/console/', '/api/auth/me', '/health']) {
      const r = await fetch(`${hub.url}${path}`);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/);
      expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(r.headers.get('x-powered-by')).toBeNull();
      expect(r.headers.get('strict-transport-security')).toBeNull();
    }
    // Behind a TLS-terminating proxy on this machine (trust proxy: loopback).
    const tls = await fetch(`${hub.url}/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    // A Host header cannot inject directives.
    const { request } = await import('node:http');
    const forged = await new Promise<string>((res, rej) =>
      request({ host: '127.0.0.1', port: hub.port, path: '/health', headers: { host: "evil; script-src 'unsafe-inline'" } }, (r) => {
        r.resume();
        res(String(r.headers['content-security-policy']));
      })
        .on('error', rej)
        .end(),
    );
    expect(forged).not.toContain('unsafe-inline');
  });

  it('lets the widget and Swagger UI work: embeddable widget, relaxed CSP only where needed', async () => {
    const demo = await fetch(`${hub.url}/widget`);
    expect(demo.status).toBe(200);
    expect(demo.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
    expect(demo.headers.get('content-security-policy')).not.toContain('frame-ancestors');
    expect(demo.headers.get('x-frame-options')).toBeNull();
    const script = await fetch(`${hub.url}/widget.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(script.headers.get('x-frame-options')).toBeNull();
    const docs = await fetch(`${hub.url}/api/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self' 'unsafe-inline'");
    expect((await fetch(`${hub.url}/console/`)).headers.get('x-frame-options')).toBe('DENY');
  });

  it('keeps the console’s refresh token in an httpOnly SameSite=Strict cookie on /api/auth, rotated at every refresh', async () => {
    const login = await post(hub.url, '/api/auth/login', COOKIE_MODE, { email: DEMO.agent, password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    const body = (await login.json()) as Record<string, unknown>;
    expect(body.accessToken).toEqual(expect.any(String));
    expect(body).not.toHaveProperty('refreshToken');
    const c1 = refreshCookie(login)!;
    expect(c1.attrs).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/api/auth']));
    expect(c1.attrs).not.toContain('secure'); // plain http
    expect(c1.attrs.some((a) => a.startsWith('max-age='))).toBe(true);

    // Without the custom header the cookie is not enough (CSRF).
    const noHeader = await post(hub.url, '/api/auth/refresh', { 'content-type': 'application/json', cookie: `sipinter_refresh=${c1.value}` });
    expect(noHeader.status).toBe(403);

    const r1 = await post(hub.url, '/api/auth/refresh', { ...COOKIE_MODE, cookie: `sipinter_refresh=${c1.value}` });
    expect(r1.status).toBe(200);
    const r1body = (await r1.json()) as { accessToken: string };
    expect(r1body).not.toHaveProperty('refreshToken');
    const c2 = refreshCookie(r1)!;
    expect(c2.value).not.toBe(c1.value);
    expect(c2.attrs).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/api/auth']));
    expect((await fetch(`${hub.url}/api/auth/me`, { headers: { authorization: `Bearer ${r1body.accessToken}` } })).status).toBe(200);

    // Logout revokes the session and clears the cookie.
    const out = await post(hub.url, '/api/auth/logout', { ...COOKIE_MODE, cookie: `sipinter_refresh=${c2.value}` });
    expect(out.status).toBe(204);
    const cleared = refreshCookie(out)!;
    expect(cleared.value).toBe('');
    expect(cleared.attrs).toEqual(expect.arrayContaining(['path=/api/auth', 'expires=thu, 01 jan 1970 00:00:00 gmt']));
    expect((await post(hub.url, '/api/auth/refresh', { ...COOKIE_MODE, cookie: `sipinter_refresh=${c2.value}` })).status).toBe(401);
  });

  it('marks the cookie Secure when the console is served over https', async () => {
    const login = await post(hub.url, '/api/auth/login', { ...COOKIE_MODE, 'x-forwarded-proto': 'https' }, { email: DEMO.counter, password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    expect(refreshCookie(login)!.attrs).toContain('secure');
  });

  it('shows agency officers team names only, and nobody’s presence', async () => {
    const agency = await ConsoleApi.login(hub.url, DEMO.agency);
    const teams = await agency.get('/api/teams');
    expect(teams.status).toBe(200);
    expect(teams.body.length).toBeGreaterThan(0);
    for (const t of teams.body) expect(Object.keys(t).sort()).toEqual(['id', 'name']);
    const presence = await agency.get('/api/presence');
    expect(presence.status).toBe(403);
    // Officers of the office still see members and workload.
    const agent = await ConsoleApi.login(hub.url, DEMO.agent);
    const full = await agent.get('/api/teams');
    expect(full.body[0]).toEqual(expect.objectContaining({ members: expect.any(Array), waiting: expect.any(Number), sla: expect.any(Object) }));
    expect((await agent.get('/api/presence')).status).toBe(200);
  });
});
