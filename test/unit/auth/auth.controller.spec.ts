import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AUTH_CONFIG } from '../../../src/auth/auth.config';
import { AuthController } from '../../../src/auth/auth.controller';
import { LoginService } from '../../../src/auth/login.service';
import { PrincipalsService } from '../../../src/auth/principals.service';
import { SessionsService, TokenPair } from '../../../src/auth/sessions.service';
import { TokenService } from '../../../src/auth/token.service';
import { fakeOf } from '../../support/fakes/fake-of';

const pair: TokenPair = {
  accessToken: 'access-jwt',
  refreshToken: '22222222-2222-4222-8222-222222222222.secret',
  tokenType: 'Bearer',
  expiresIn: 900,
  user: { id: 'u1', name: 'Agen', email: 'agen@example.id', role: 'agent', agencyCode: null, teamIds: [] },
};

describe('AuthController (no hub: the controller with fakes behind it)', () => {
  let app: INestApplication;
  let url: string;
  const logins = fakeOf(LoginService);
  const sessions = fakeOf(SessionsService);

  beforeAll(async () => {
    const mod = await Test.createTestingModule({
      controllers: [AuthController],
      providers: [
        { provide: LoginService, useValue: logins },
        { provide: SessionsService, useValue: sessions },
        // AuthGuard's dependencies; every route here but /me is public.
        { provide: PrincipalsService, useValue: fakeOf(PrincipalsService) },
        { provide: TokenService, useValue: fakeOf(TokenService) },
        { provide: AUTH_CONFIG, useValue: { REFRESH_TOKEN_TTL: 3600 } },
      ],
    }).compile();
    app = mod.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app.close());
  beforeEach(() => jest.clearAllMocks());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}/api/auth/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('body mode: the refresh token is in the response body and no cookie is set', async () => {
    logins.login.mockResolvedValue(pair);
    const res = await post('login', { email: 'agen@example.id', password: 'rahasia-123' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(pair);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(logins.login).toHaveBeenCalledWith('agen@example.id', 'rahasia-123', expect.any(String));
  });

  it('cookie mode: the refresh token goes into an httpOnly cookie on /api/auth and out of the body', async () => {
    logins.login.mockResolvedValue(pair);
    const res = await post('login', { email: 'agen@example.id', password: 'rahasia-123' }, { 'x-refresh-cookie': '1' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.refreshToken).toBeUndefined();
    expect(body.accessToken).toBe('access-jwt');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`sipinter_refresh=${encodeURIComponent(pair.refreshToken)}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/auth/);
    expect(cookie).toMatch(/Max-Age=3600/);
  });

  it('cookie mode refresh reads the cookie and renews it', async () => {
    sessions.refresh.mockResolvedValue(pair);
    const res = await post('refresh', {}, { 'x-refresh-cookie': '1', cookie: `sipinter_refresh=${encodeURIComponent('old.token-value')}` });
    expect(res.status).toBe(200);
    expect(sessions.refresh).toHaveBeenCalledWith('old.token-value', expect.any(String));
    expect(res.headers.get('set-cookie')).toContain('sipinter_refresh=');
  });

  it('a cookie without the X-Refresh-Cookie header is refused (CSRF)', async () => {
    const res = await post('refresh', {}, { cookie: 'sipinter_refresh=old.token-value' });
    expect(res.status).toBe(403);
    expect(sessions.refresh).not.toHaveBeenCalled();
  });

  it('logout ends the session of the token in the body and clears the cookie', async () => {
    const res = await post('logout', { refreshToken: pair.refreshToken });
    expect(res.status).toBe(204);
    expect(sessions.logout).toHaveBeenCalledWith(pair.refreshToken);
    expect(res.headers.get('set-cookie')).toMatch(/sipinter_refresh=;/);
  });

  it.each([
    ['login', { email: 'agen@example.id' }, 'password'],
    ['login', { email: 'agen@example.id', password: 'x', extra: 1 }, 'extra'],
    ['refresh', { refreshToken: 'short' }, 'refreshToken'],
  ])('validation errors of %s are 400 naming the field', async (path, body, field) => {
    const res = await post(path, body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { message: string; issues: { path: string; message: string }[] };
    expect(json.message).toMatch(/^Permintaan tidak valid — /);
    expect(JSON.stringify(json)).toContain(field);
    expect(logins.login).not.toHaveBeenCalled();
    expect(sessions.refresh).not.toHaveBeenCalled();
  });
});
