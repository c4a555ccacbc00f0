import { UnauthorizedException } from '@nestjs/common';
import type { AuthConfig } from '../../../src/auth/auth.config';
import { PrincipalsService } from '../../../src/auth/principals.service';
import type { RefreshToken } from '../../../src/schema/refresh-token.entity';
import { RefreshTokensRepository } from '../../../src/auth/refresh-tokens.repository';
import { SessionRevocation } from '../../../src/auth/session-revocation';
import { SessionsService } from '../../../src/auth/sessions.service';
import { hashSecret, TokenService } from '../../../src/auth/token.service';
import type { User } from '../../../src/schema/user.entity';
import { UsersRepository } from '../../../src/auth/users.repository';
import type { TransactionRunner } from '../../../src/database/transaction-runner';
import { fakeOf, FakeTransactionRunner } from '../../support/fakes/fake-of';

const TOKEN_ID = '22222222-2222-4222-8222-222222222222';
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

function row(over: Partial<RefreshToken> = {}): RefreshToken {
  return {
    id: TOKEN_ID,
    userId: user.id,
    familyId: 'family-1',
    tokenHash: hashSecret('old-secret'),
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + 60_000),
    revokedAt: null,
    replacedById: null,
    ip: null,
    ...over,
  };
}

function setup() {
  const tokens = fakeOf(TokenService);
  Object.defineProperty(tokens, 'accessTtlSeconds', { value: 900 });
  tokens.newRefreshSecret.mockReturnValue({ secret: 'new-secret', hash: 'new-hash' });
  tokens.signAccess.mockResolvedValue('access-jwt');
  const refreshTokens = fakeOf(RefreshTokensRepository);
  const users = fakeOf(UsersRepository);
  users.findById.mockResolvedValue(user);
  users.teamIdsOf.mockResolvedValue(['team-1']);
  const revocation = fakeOf(SessionRevocation);
  const principals = fakeOf(PrincipalsService);
  const svc = new SessionsService(
    { REFRESH_TOKEN_TTL: 3600 } as AuthConfig,
    new FakeTransactionRunner() as unknown as TransactionRunner,
    tokens,
    refreshTokens,
    users,
    revocation,
    principals,
  );
  return { svc, tokens, refreshTokens, users, revocation, principals };
}

describe('SessionsService', () => {
  it('rotates a refresh token: a new token of the same login, the old one marked replaced by it', async () => {
    const { svc, refreshTokens, tokens } = setup();
    refreshTokens.findById.mockResolvedValue(row());
    const pair = await svc.refresh(`${TOKEN_ID}.old-secret`, '10.0.0.1');
    const issued = refreshTokens.issue.mock.calls[0][1];
    expect(issued).toMatchObject({ userId: user.id, familyId: 'family-1', tokenHash: 'new-hash', ip: '10.0.0.1', revokedAt: null });
    expect(pair).toEqual({
      accessToken: 'access-jwt',
      refreshToken: `${issued.id}.new-secret`,
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { id: user.id, name: user.name, email: user.email, role: 'agent', agencyCode: null, teamIds: ['team-1'] },
    });
    expect(tokens.signAccess).toHaveBeenCalledWith(user.id, 'agent', 'family-1');
    expect(refreshTokens.rotate).toHaveBeenCalledWith({}, TOKEN_ID, issued.id, expect.any(Date));
  });

  it('fails the refresh when a parallel one rotated the token first', async () => {
    const { svc, refreshTokens } = setup();
    refreshTokens.findById.mockResolvedValue(row());
    refreshTokens.rotate.mockRejectedValue(new Error('refresh token rotated concurrently'));
    await expect(svc.refresh(`${TOKEN_ID}.old-secret`, '10.0.0.1')).rejects.toThrow('refresh token rotated concurrently');
  });

  it('a rotated token presented again revokes its whole login and ends the session', async () => {
    const { svc, refreshTokens, revocation } = setup();
    refreshTokens.findById.mockResolvedValue(row({ revokedAt: new Date(), replacedById: 'next' }));
    await expect(svc.refresh(`${TOKEN_ID}.old-secret`, '10.0.0.1')).rejects.toThrow(new UnauthorizedException('Sesi berakhir, silakan masuk kembali.'));
    expect(revocation.markEnded).toHaveBeenCalledWith(['family-1']);
    expect(refreshTokens.revokeFamily).toHaveBeenCalledWith({}, 'family-1', expect.any(Date));
    expect(revocation.kickSession).toHaveBeenCalledWith('family-1', 'logged-out');
    expect(refreshTokens.issue).not.toHaveBeenCalled();
  });

  it.each([
    ['an unknown token', null, `${TOKEN_ID}.old-secret`],
    ['a wrong secret', row(), `${TOKEN_ID}.other-secret`],
    ['an expired token', row({ expiresAt: new Date(Date.now() - 1) }), `${TOKEN_ID}.old-secret`],
    ['a malformed token', row(), 'short.old-secret'],
  ])('refuses %s without ending anything', async (_what, stored, token) => {
    const { svc, refreshTokens, revocation } = setup();
    refreshTokens.findById.mockResolvedValue(stored);
    await expect(svc.refresh(token, '10.0.0.1')).rejects.toBeInstanceOf(UnauthorizedException);
    expect(refreshTokens.issue).not.toHaveBeenCalled();
    expect(revocation.markEnded).not.toHaveBeenCalled();
    expect(revocation.kickSession).not.toHaveBeenCalled();
  });

  it('refuses the refresh of a deactivated officer', async () => {
    const { svc, refreshTokens, users } = setup();
    refreshTokens.findById.mockResolvedValue(row());
    users.findById.mockResolvedValue({ ...user, active: false });
    await expect(svc.refresh(`${TOKEN_ID}.old-secret`, '10.0.0.1')).rejects.toBeInstanceOf(UnauthorizedException);
    expect(refreshTokens.rotate).not.toHaveBeenCalled();
  });

  it('logout marks the login ended, revokes its tokens and disconnects its sockets', async () => {
    const { svc, refreshTokens, revocation } = setup();
    refreshTokens.findById.mockResolvedValue(row());
    await svc.logout(`${TOKEN_ID}.old-secret`);
    expect(revocation.markEnded).toHaveBeenCalledWith(['family-1']);
    expect(refreshTokens.revokeFamily).toHaveBeenCalledWith({}, 'family-1', expect.any(Date));
    expect(revocation.kickSession).toHaveBeenCalledWith('family-1', 'logged-out');
  });

  it('logout with a wrong secret ends nothing', async () => {
    const { svc, refreshTokens, revocation } = setup();
    refreshTokens.findById.mockResolvedValue(row());
    await svc.logout(`${TOKEN_ID}.other-secret`);
    expect(refreshTokens.revokeFamily).not.toHaveBeenCalled();
    expect(revocation.kickSession).not.toHaveBeenCalled();
  });

  it('revokeAll ends every live login of the user and forgets the cached principal', async () => {
    const { svc, refreshTokens, revocation, principals } = setup();
    refreshTokens.revokeAllLive.mockResolvedValue(['family-1', 'family-2']);
    await svc.revokeAll({} as never, user.id);
    expect(refreshTokens.revokeAllLive).toHaveBeenCalledWith({}, user.id, expect.any(Date));
    expect(revocation.markEnded).toHaveBeenCalledWith(['family-1', 'family-2']);
    expect(principals.forget).toHaveBeenCalledWith(user.id);
  });

  it('starts a login as a new family', async () => {
    const { svc, refreshTokens } = setup();
    await svc.start(user, '10.0.0.1');
    const issued = refreshTokens.issue.mock.calls[0][1];
    expect(issued.familyId).toHaveLength(36);
    expect(issued.expiresAt.getTime() - issued.createdAt.getTime()).toBe(3600 * 1000);
  });
});
