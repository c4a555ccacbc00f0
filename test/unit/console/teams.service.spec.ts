import { AuditService } from '../../../src/audit/audit.service';
import type { AuthConfig } from '../../../src/auth/auth.config';
import { AuthService } from '../../../src/auth/auth.service';
import type { User } from '../../../src/schema/user.entity';
import type { TransactionRunner } from '../../../src/database/transaction-runner';
import { TeamsService } from '../../../src/console/teams.service';
import { PresenceService } from '../../../src/routing/presence.service';
import type { RoutingConfig } from '../../../src/routing/routing.config';
import type { SlaPolicy } from '../../../src/schema/sla.entity';
import { SlaService } from '../../../src/routing/sla.service';
import type { Team } from '../../../src/schema/team.entity';
import { TeamsRepository } from '../../../src/routing/teams.repository';
import { FakeTransactionRunner, fakeOf } from '../../support/fakes/fake-of';
import { officer } from './principals';

const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';
const team = (id: string, code: string, name: string) => ({ id, code, name, createdAt: new Date() }) as Team;
const user = (id: string, over: Partial<User> = {}) => ({ id, name: `Petugas ${id}`, role: 'agent', capacity: 5, active: true, ...over }) as User;

describe('TeamsService', () => {
  let repo: jest.Mocked<TeamsRepository>;
  let presence: jest.Mocked<PresenceService>;
  let sla: jest.Mocked<SlaService>;
  let audit: jest.Mocked<AuditService>;
  let auth: jest.Mocked<AuthService>;
  let svc: TeamsService;

  beforeEach(() => {
    repo = fakeOf(TeamsRepository);
    presence = fakeOf(PresenceService);
    sla = fakeOf(SlaService);
    audit = fakeOf(AuditService);
    auth = fakeOf(AuthService);
    const cfg = { SLA_FIRST_RESPONSE_MINUTES: 60, SLA_RESOLUTION_MINUTES: 480 } as RoutingConfig;
    const people = { AGENCIES: ['PUPR', 'DLH'] } as unknown as AuthConfig;
    svc = new TeamsService(cfg, people, new FakeTransactionRunner() as unknown as TransactionRunner, repo, presence, sla, audit, auth);
    repo.listTeams.mockResolvedValue([team(T1, 'perizinan', 'Perizinan'), team(T2, 'pengaduan', 'Pengaduan')]);
    repo.listMemberships.mockResolvedValue([
      { teamId: T1, userId: 'u1' },
      { teamId: T1, userId: 'u2' },
      { teamId: T2, userId: 'u1' },
      { teamId: T2, userId: 'u3' },
    ]);
    repo.usersByIds.mockResolvedValue([user('u1'), user('u2', { role: 'supervisor' }), user('u3', { active: false })]);
    repo.activeConversationCounts.mockResolvedValue([
      { teamId: T1, status: 'pending', n: '3' },
      { teamId: T1, status: 'open', n: 2 },
      { teamId: null, status: 'pending', n: 7 },
    ]);
    repo.slaPolicies.mockResolvedValue([{ teamId: T2, firstResponseMinutes: 30, resolutionMinutes: 240 } as SlaPolicy]);
    presence.onlineUserIds.mockResolvedValue(new Set(['u1', 'u2']));
    presence.awayUserIds.mockResolvedValue(new Set(['u2']));
  });

  it('gives agency officers the id and name of each team, nothing about staffing or workload', async () => {
    await expect(svc.teams(officer('agency'))).resolves.toEqual([
      { id: T1, name: 'Perizinan' },
      { id: T2, name: 'Pengaduan' },
    ]);
    expect(repo.listMemberships).not.toHaveBeenCalled();
    expect(repo.activeConversationCounts).not.toHaveBeenCalled();
    expect(presence.onlineUserIds).not.toHaveBeenCalled();
  });

  it('gives officers members with presence, workload and SLA targets (custom or the defaults)', async () => {
    const [t1, t2] = await svc.teams(officer('agent'));
    expect(t1).toEqual({
      id: T1,
      code: 'perizinan',
      name: 'Perizinan',
      waiting: 3,
      open: 2,
      sla: { firstResponseMinutes: 60, resolutionMinutes: 480, custom: false },
      members: [
        { id: 'u1', name: 'Petugas u1', role: 'agent', capacity: 5, presence: 'online' },
        { id: 'u2', name: 'Petugas u2', role: 'supervisor', capacity: 5, presence: 'away' },
      ],
    });
    // Inactive officers are not listed.
    expect(t2).toMatchObject({ waiting: 0, open: 0, sla: { firstResponseMinutes: 30, resolutionMinutes: 240, custom: true } });
    expect(t2).toMatchObject({ members: [{ id: 'u1', name: 'Petugas u1', role: 'agent', capacity: 5, presence: 'online' }] });
    expect(repo.usersByIds).toHaveBeenCalledWith({}, ['u1', 'u2', 'u3']);
    expect(repo.slaPolicies).toHaveBeenCalledWith({}, [T1, T2]);
  });

  it('sets an SLA policy and audits it', async () => {
    const p = officer('supervisor');
    await expect(svc.setSla(p, T1, { firstResponseMinutes: 15, resolutionMinutes: 120 })).resolves.toEqual({
      teamId: T1,
      firstResponseMinutes: 15,
      resolutionMinutes: 120,
    });
    expect(sla.setPolicy).toHaveBeenCalledWith(T1, 15, 120);
    expect(audit.recordNow).toHaveBeenCalledWith({
      actor: p,
      action: 'team.sla',
      targetType: 'team',
      targetId: T1,
      detail: { firstResponseMinutes: 15, resolutionMinutes: 120 },
    });
  });

  it('lists the configured agencies', () => {
    expect(svc.agencies()).toEqual([{ code: 'PUPR' }, { code: 'DLH' }]);
  });

  it('lists online officers, away ones marked', async () => {
    auth.principals.mockResolvedValue([officer('agent', { id: 'u1' }), officer('supervisor', { id: 'u2', teamIds: [T1] })]);
    await expect(svc.online()).resolves.toEqual([
      { id: 'u1', name: 'Petugas agent', role: 'agent', teamIds: [T1], status: 'online' },
      { id: 'u2', name: 'Petugas supervisor', role: 'supervisor', teamIds: [T1], status: 'away' },
    ]);
    expect(auth.principals).toHaveBeenCalledWith(['u1', 'u2']);
  });
});
