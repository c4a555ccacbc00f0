import { BadRequestException } from '@nestjs/common';
import { AuditService } from '../../../src/audit/audit.service';
import type { AuthConfig } from '../../../src/auth/auth.config';
import type { Principal } from '../../../src/common/principal';
import { PrincipalsService } from '../../../src/auth/principals.service';
import { SessionRevocation } from '../../../src/auth/session-revocation';
import { SessionsService } from '../../../src/auth/sessions.service';
import type { User } from '../../../src/schema/user.entity';
import { UsersRepository } from '../../../src/auth/users.repository';
import { UsersService } from '../../../src/auth/users.service';
import type { TransactionRunner } from '../../../src/database/transaction-runner';
import { ConsoleSignals } from '../../../src/signals/console-signals';
import { fakeOf, FakeTransactionRunner } from '../../support/fakes/fake-of';

const TEAM_1 = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa1';
const TEAM_2 = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaa2';
const admin = { id: '00000000-0000-4000-8000-000000000001', role: 'admin' } as Principal;

function officer(over: Partial<User> = {}): User {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    email: 'agen@example.id',
    name: 'Agen',
    passwordHash: 'hash',
    role: 'agent',
    agencyCode: null,
    capacity: 10,
    active: true,
    createdAt: new Date('2025-01-01T00:00:00Z'),
    updatedAt: new Date('2025-01-01T00:00:00Z'),
    ...over,
  };
}

function setup(user: User, teamsBefore: string[], teamsAfter = teamsBefore) {
  const users = fakeOf(UsersRepository);
  users.findById.mockResolvedValue(user);
  users.teamIdsOf.mockResolvedValueOnce(teamsBefore).mockResolvedValueOnce(teamsAfter);
  users.countTeams.mockImplementation((_m, ids) => Promise.resolve(new Set(ids).size));
  const sessions = fakeOf(SessionsService);
  const principals = fakeOf(PrincipalsService);
  const revocation = fakeOf(SessionRevocation);
  const signals = fakeOf(ConsoleSignals);
  const svc = new UsersService(
    { AGENCIES: ['PUPR', 'DLH'] } as unknown as AuthConfig,
    new FakeTransactionRunner() as unknown as TransactionRunner,
    users,
    sessions,
    principals,
    fakeOf(AuditService),
    signals,
    revocation,
  );
  return { svc, users, sessions, principals, revocation, signals };
}

describe('UsersService.update', () => {
  it('refuses teams for an agency officer with a 400 naming teamIds', async () => {
    const { svc, users, revocation } = setup(officer(), [TEAM_1]);
    const err = await svc.update(admin, officer().id, { role: 'agency', agencyCode: 'PUPR', teamIds: [TEAM_1] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestException);
    expect((err as BadRequestException).getStatus()).toBe(400);
    expect((err as BadRequestException).message).toMatch(/^teamIds: /);
    expect(users.update).not.toHaveBeenCalled();
    expect(revocation.kickUser).not.toHaveBeenCalled();
  });

  it('deactivation revokes every session and disconnects with "deactivated", after every process forgot the officer', async () => {
    const { svc, sessions, principals, revocation, signals } = setup(officer(), [TEAM_1]);
    const view = await svc.update(admin, officer().id, { active: false });
    expect(view.active).toBe(false);
    expect(sessions.revokeAll).toHaveBeenCalledWith({}, officer().id);
    expect(revocation.kickUser).toHaveBeenCalledWith(officer().id, 'deactivated');
    expect(principals.forget).toHaveBeenCalledWith(officer().id);
    expect(principals.forget.mock.invocationCallOrder[0]).toBeLessThan(revocation.kickUser.mock.invocationCallOrder[0]);
    expect(signals.emit).toHaveBeenCalledWith({ kind: 'capacity', userId: officer().id });
  });

  it('a team change replaces the memberships and disconnects with "changed" (sessions stay)', async () => {
    const { svc, users, sessions, principals, revocation } = setup(officer(), [TEAM_1], [TEAM_2]);
    const view = await svc.update(admin, officer().id, { teamIds: [TEAM_2, TEAM_2] });
    expect(users.setTeams).toHaveBeenCalledWith({}, officer().id, [TEAM_2]);
    expect(view.teamIds).toEqual([TEAM_2]);
    expect(sessions.revokeAll).not.toHaveBeenCalled();
    expect(revocation.kickUser).toHaveBeenCalledWith(officer().id, 'changed');
    expect(principals.forget.mock.invocationCallOrder[0]).toBeLessThan(revocation.kickUser.mock.invocationCallOrder[0]);
  });

  it('a role change revokes the sessions and disconnects with "changed"', async () => {
    const { svc, sessions, revocation } = setup(officer(), [TEAM_1]);
    await svc.update(admin, officer().id, { role: 'supervisor' });
    expect(sessions.revokeAll).toHaveBeenCalledWith({}, officer().id);
    expect(revocation.kickUser).toHaveBeenCalledWith(officer().id, 'changed');
  });

  it('an agency change disconnects with "changed"; becoming an agency officer drops every team', async () => {
    const pupr = officer({ role: 'agency', agencyCode: 'PUPR' });
    const a = setup(pupr, []);
    await a.svc.update(admin, pupr.id, { agencyCode: 'dlh' });
    expect(a.users.update).toHaveBeenCalledWith({}, pupr.id, expect.objectContaining({ agencyCode: 'DLH' }));
    expect(a.revocation.kickUser).toHaveBeenCalledWith(pupr.id, 'changed');

    const b = setup(officer(), [TEAM_1], []);
    await b.svc.update(admin, officer().id, { role: 'agency', agencyCode: 'PUPR' });
    expect(b.users.setTeams).toHaveBeenCalledWith({}, officer().id, []);
    expect(b.revocation.kickUser).toHaveBeenCalledWith(officer().id, 'changed');
  });

  it('a change that grants nothing new disconnects nobody, but the cached principal is still forgotten', async () => {
    const { svc, principals, revocation, sessions } = setup(officer(), [TEAM_1]);
    await svc.update(admin, officer().id, { name: 'Agen Baru' });
    expect(principals.forget).toHaveBeenCalledWith(officer().id);
    expect(revocation.kickUser).not.toHaveBeenCalled();
    expect(sessions.revokeAll).not.toHaveBeenCalled();
  });

  it('an administrator cannot deactivate themselves', async () => {
    const me = officer({ id: admin.id, role: 'admin' });
    const { svc } = setup(me, []);
    await expect(svc.update(admin, me.id, { active: false })).rejects.toThrow('Anda tidak dapat menonaktifkan atau menurunkan peran akun Anda sendiri.');
  });
});
