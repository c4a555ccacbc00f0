import { HttpException, UnauthorizedException } from '@nestjs/common';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { AuthConfig } from '../../../src/auth/auth.config';
import { LoginLimiterFactory } from '../../../src/auth/login-limiter.factory';
import { LoginService } from '../../../src/auth/login.service';
import { verifyPassword } from '../../../src/auth/passwords';
import { SessionsService, TokenPair } from '../../../src/auth/sessions.service';
import type { User } from '../../../src/schema/user.entity';
import { UsersRepository } from '../../../src/auth/users.repository';
import type { TransactionRunner } from '../../../src/database/transaction-runner';
import { fakeOf, FakeTransactionRunner } from '../../support/fakes/fake-of';

// argon2 is slow on purpose; the limits are what is tested here.
jest.mock('../../../src/auth/passwords', () => ({ verifyPassword: jest.fn((hash: string | null, pw: string) => Promise.resolve(!!hash && pw === 'right')) }));

const user: User = {
  id: '11111111-1111-4111-8111-111111111111',
  email: 'agen@example.id',
  name: 'Agen',
  passwordHash: 'hash',
  role: 'agent',
  agencyCode: null,
  capacity: 10,
  active: true,
  createdAt: new Date(),
  updatedAt: new Date(),
};
const pair = { accessToken: 'a', refreshToken: 'r' } as TokenPair;

function setup(limits: Partial<AuthConfig> = {}) {
  const cfg = { LOGIN_WINDOW_SECONDS: 900, LOGIN_MAX_ATTEMPTS: 3, ...limits } as AuthConfig;
  const limiters = { create: (name: string, points: number, duration: number) => new RateLimiterMemory({ keyPrefix: name, points, duration }) };
  const users = fakeOf(UsersRepository);
  const sessions = fakeOf(SessionsService);
  users.findByEmail.mockImplementation((_m, email) => Promise.resolve(email === user.email ? user : null));
  sessions.start.mockResolvedValue(pair);
  const svc = new LoginService(cfg, limiters as unknown as LoginLimiterFactory, new FakeTransactionRunner() as unknown as TransactionRunner, users, sessions);
  return { svc, users, sessions };
}

const refused = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ status: 429, response: { statusCode: 429, retryAfter: expect.any(Number) } });

describe('LoginService', () => {
  beforeEach(() => jest.mocked(verifyPassword).mockClear());

  it('starts a session for the right password (e-mail trimmed and lower-cased)', async () => {
    const { svc, sessions, users } = setup();
    await expect(svc.login('  AGEN@example.id ', 'right', '10.0.0.1')).resolves.toBe(pair);
    expect(users.findByEmail).toHaveBeenCalledWith({}, 'agen@example.id');
    expect(sessions.start).toHaveBeenCalledWith(user, '10.0.0.1');
  });

  it('counts the attempt before the password is checked: over the limit even the right password is refused unchecked', async () => {
    const { svc, sessions } = setup({ LOGIN_MAX_ATTEMPTS: 2 });
    for (let i = 0; i < 2; i++) await expect(svc.login(user.email, 'wrong', '10.0.0.1')).rejects.toBeInstanceOf(UnauthorizedException);
    expect(verifyPassword).toHaveBeenCalledTimes(2);
    await refused(svc.login(user.email, 'right', '10.0.0.1'));
    expect(verifyPassword).toHaveBeenCalledTimes(2);
    expect(sessions.start).not.toHaveBeenCalled();
  });

  it('refunds a successful attempt: good logins never lock the pair, the address or the account', async () => {
    const { svc } = setup({ LOGIN_MAX_ATTEMPTS: 2, LOGIN_IP_MAX_ATTEMPTS: 3, LOGIN_ACCOUNT_MAX_ATTEMPTS: 3 });
    for (let i = 0; i < 5; i++) await expect(svc.login(user.email, 'right', '10.0.0.1')).resolves.toBe(pair);
    // The pair starts afresh after a success; the address and the account only get that attempt back,
    // so failures caused before still count against them.
    await expect(svc.login(user.email, 'wrong', '10.0.0.1')).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(svc.login(user.email, 'right', '10.0.0.1')).resolves.toBe(pair);
    await expect(svc.login(user.email, 'wrong', '10.0.0.1')).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(svc.login(user.email, 'right', '10.0.0.1')).resolves.toBe(pair);
    await expect(svc.login(user.email, 'wrong', '10.0.0.1')).rejects.toBeInstanceOf(UnauthorizedException);
    await refused(svc.login(user.email, 'right', '10.0.0.1'));
  });

  it('limits one account over many addresses, without locking other accounts of those addresses', async () => {
    const { svc } = setup({ LOGIN_MAX_ATTEMPTS: 5, LOGIN_ACCOUNT_MAX_ATTEMPTS: 3 });
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) await expect(svc.login(user.email, 'wrong', ip)).rejects.toBeInstanceOf(UnauthorizedException);
    await refused(svc.login(user.email, 'right', '10.0.0.4'));
    await expect(svc.login('other@example.id', 'wrong', '10.0.0.4')).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('an address already refused charges no account', async () => {
    const { svc } = setup({ LOGIN_MAX_ATTEMPTS: 5, LOGIN_IP_MAX_ATTEMPTS: 2, LOGIN_ACCOUNT_MAX_ATTEMPTS: 3 });
    await expect(svc.login('a@example.id', 'wrong', '10.0.0.9')).rejects.toBeInstanceOf(UnauthorizedException);
    await expect(svc.login('b@example.id', 'wrong', '10.0.0.9')).rejects.toBeInstanceOf(UnauthorizedException);
    for (let i = 0; i < 5; i++) await refused(svc.login(user.email, 'wrong', '10.0.0.9'));
    await expect(svc.login(user.email, 'right', '10.0.0.1')).resolves.toBe(pair);
  });

  it('refuses an inactive account with the same message as a wrong password', async () => {
    const { svc, users } = setup();
    users.findByEmail.mockResolvedValue({ ...user, active: false });
    const err = await svc.login(user.email, 'right', '10.0.0.1').catch((e: HttpException) => e);
    expect(err).toBeInstanceOf(UnauthorizedException);
    expect((err as HttpException).message).toBe('E-mail atau kata sandi salah.');
  });
});
