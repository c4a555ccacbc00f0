import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, ConsoleSocket, DEMO, DEMO_PASSWORD } from '../support/console-client';
import { HubEnv, HubProcess, REDIS_URL } from '../support/hub-process';

const MAX = 3;

/** A login from `ip`: the hub trusts X-Forwarded-For from loopback (trust proxy 'loopback'). */
async function login(
  url: string,
  email: string,
  password: string,
  ip: string,
): Promise<{ status: number; body: { accessToken?: string; user?: { id: string } } }> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, body: (await res.json()) as { accessToken?: string } };
}

const count = (rs: { status: number }[], status: number) => rs.filter((r) => r.status === status).length;

function hs256(claims: object, secret: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** Login limits that hold under parallel requests, across addresses, and tokens that must expire. */
describe('login limits and token checks (sqlite)', () => {
  let env: HubEnv;
  let hub: HubProcess;

  beforeAll(async () => {
    env = new HubEnv('sqlite', { DEMO_MODE: 'true', LOGIN_MAX_ATTEMPTS: String(MAX) });
    hub = await env.start('all');
  });
  afterAll(async () => env.stop());

  it('lets at most LOGIN_MAX_ATTEMPTS of 20 parallel wrong passwords reach the password check', async () => {
    const rs = await Promise.all(Array.from({ length: 20 }, () => login(hub.url, DEMO.counter, 'wrong-password', '10.1.0.1')));
    expect(count(rs, 401)).toBeLessThanOrEqual(MAX);
    expect(count(rs, 429)).toBe(20 - count(rs, 401));
  });

  it('refuses the right password sent in a parallel burst of wrong ones once the limit is used up', async () => {
    const ip = '10.2.0.1';
    const wrong = Array.from({ length: 20 }, () => login(hub.url, DEMO.agency, 'wrong-password', ip));
    // The wrong ones are on their way (their password checks take far longer than this);
    // wait briefly for the hub to have counted them, then send the right one into the burst.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const IORedis = require('ioredis');
    const redis = new IORedis(REDIS_URL);
    const key = `${env.id}:rl:login:${DEMO.agency}|${ip}`;
    for (let i = 0; i < 20 && Number((await redis.get(key)) ?? 0) < MAX; i++) await new Promise((r) => setTimeout(r, 5));
    await redis.quit();
    const right = await login(hub.url, DEMO.agency, DEMO_PASSWORD, ip);
    const rs = await Promise.all(wrong);
    expect(right.status).toBe(429);
    expect(count(rs, 401)).toBeLessThanOrEqual(MAX);
  });

  it('limits one account over all addresses', async () => {
    // Two wrong passwords from each address: no (account, address) pair reaches its limit.
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) for (let j = 0; j < 2; j++) statuses.push((await login(hub.url, DEMO.supervisor, 'wrong-password', `10.3.0.${i}`)).status);
    expect(statuses.slice(0, MAX * 3)).toEqual(Array(MAX * 3).fill(401));
    expect(statuses[MAX * 3]).toBe(429);
    const fresh = await login(hub.url, DEMO.supervisor, DEMO_PASSWORD, '10.3.0.99');
    expect(fresh.status).toBe(429);
    // Another account is not affected.
    expect((await login(hub.url, DEMO.agent, DEMO_PASSWORD, '10.3.0.99')).status).toBe(200);
  });

  it('refuses an access token without exp even when it is signed with the right secret', async () => {
    const ok = await login(hub.url, DEMO.admin, DEMO_PASSWORD, '10.4.0.1');
    expect(ok.status).toBe(200);
    const secret = readFileSync(join(env.dataDir, 'jwt-secret'), 'utf8').trim();
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: ok.body.user!.id, role: 'admin', typ: 'access', iat: now };
    // The same claims with an exp are accepted: the secret is right, only exp is missing below.
    expect((await call(hub.url, 'GET', '/api/auth/me', undefined, hs256({ ...claims, exp: now + 300 }, secret))).status).toBe(200);
    const forever = hs256(claims, secret);
    expect((await call(hub.url, 'GET', '/api/auth/me', undefined, forever)).status).toBe(401);
    const socket = new ConsoleSocket(hub.url, forever, false);
    await expect(socket.connected).rejects.toThrow(/unauthorized/);
    socket.close();
  });
});
