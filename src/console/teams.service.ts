import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AUTH_CONFIG, AuthConfig } from '../auth/auth.config';
import { AuthService } from '../auth/auth.service';
import { Principal } from '../common/principal';
import { User } from '../schema/user.entity';
import { TransactionRunner } from '../database/transaction-runner';
import { PresenceService } from '../routing/presence.service';
import { ROUTING_CONFIG, RoutingConfig } from '../routing/routing.config';
import { SlaService } from '../routing/sla.service';
import { TeamsRepository } from '../routing/teams.repository';
import type { SlaPolicyBody } from './teams.dto';

/** The office's teams as the console shows them: members and their presence, workload, SLA targets. */
@Injectable()
export class TeamsService {
  constructor(
    @Inject(ROUTING_CONFIG) private readonly cfg: RoutingConfig,
    @Inject(AUTH_CONFIG) private readonly people: AuthConfig,
    private readonly tx: TransactionRunner,
    private readonly teamsRepo: TeamsRepository,
    private readonly presence: PresenceService,
    private readonly sla: SlaService,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  async teams(p: Principal) {
    // Agency officers answer referrals; the office's staffing and workload are not theirs to see.
    if (p.role === 'agency') {
      const teams = await this.tx.read((m) => this.teamsRepo.listTeams(m));
      return teams.map((t) => ({ id: t.id, name: t.name }));
    }
    const { teams, members, users, counts } = await this.tx.read(async (m) => {
      const teams = await this.teamsRepo.listTeams(m);
      const members = await this.teamsRepo.listMemberships(m);
      const users = await this.teamsRepo.usersByIds(m, [...new Set(members.map((x) => x.userId))]);
      const counts = await this.teamsRepo.activeConversationCounts(m);
      return { teams, members, users, counts };
    });
    const [online, away, policies] = await Promise.all([
      this.presence.onlineUserIds(),
      this.presence.awayUserIds(),
      this.tx.read((m) =>
        this.teamsRepo.slaPolicies(
          m,
          teams.map((t) => t.id),
        ),
      ),
    ]);
    return teams.map((t) => {
      const pol = policies.find((x) => x.teamId === t.id);
      return {
        id: t.id,
        code: t.code,
        name: t.name,
        waiting: Number(counts.find((c) => c.teamId === t.id && c.status === 'pending')?.n ?? 0),
        open: Number(counts.find((c) => c.teamId === t.id && c.status === 'open')?.n ?? 0),
        sla: {
          firstResponseMinutes: pol?.firstResponseMinutes ?? this.cfg.SLA_FIRST_RESPONSE_MINUTES,
          resolutionMinutes: pol?.resolutionMinutes ?? this.cfg.SLA_RESOLUTION_MINUTES,
          custom: !!pol,
        },
        members: members
          .filter((x) => x.teamId === t.id)
          .map((x) => users.find((u) => u.id === x.userId))
          .filter((u): u is User => !!u && u.active)
          .map((u) => ({
            id: u.id,
            name: u.name,
            role: u.role,
            capacity: u.capacity,
            presence: online.has(u.id) ? (away.has(u.id) ? 'away' : 'online') : 'offline',
          })),
      };
    });
  }

  /** Sets a team's SLA targets (working minutes); audited. */
  async setSla(p: Principal, teamId: string, b: SlaPolicyBody) {
    await this.sla.setPolicy(teamId, b.firstResponseMinutes, b.resolutionMinutes);
    await this.audit.recordNow({ actor: p, action: 'team.sla', targetType: 'team', targetId: teamId, detail: b });
    return { teamId, ...b };
  }

  agencies() {
    return this.people.AGENCIES.map((code) => ({ code }));
  }

  /** Each officer's live presence (Redis), for lists of colleagues. */
  async presenceOf(): Promise<(userId: string) => 'online' | 'away' | 'offline'> {
    const [online, away] = await Promise.all([this.presence.onlineUserIds(), this.presence.awayUserIds()]);
    return (id) => (online.has(id) ? (away.has(id) ? 'away' : 'online') : 'offline');
  }

  /** Officers with a console open now. */
  async online() {
    const [online, away] = await Promise.all([this.presence.onlineUserIds(), this.presence.awayUserIds()]);
    const users = await this.auth.principals([...online]);
    return users.map((u) => ({ id: u.id, name: u.name, role: u.role, teamIds: u.teamIds, status: away.has(u.id) ? 'away' : 'online' }));
  }
}
