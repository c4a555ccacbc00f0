import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isSupervisor, Principal } from '../auth/principal';
import { AgencyReferral } from '../routing/agency-referral.entity';
import { table } from './sql';

/**
 * What each role may see, as SQL on the conversations alias `c`:
 *  - admin, supervisor: everything;
 *  - agent: conversations of their teams, those assigned to them, and the
 *    general queue (waiting with no team and nobody on it — not, say, a
 *    counter officer's desk visit);
 *  - counter: conversations of the counter channel and those assigned to them
 *    (any citizen's other conversations only through a lookup, see 'read');
 *  - agency: only conversations referred to their agency.
 * 'read' widens the counter's scope to every conversation (a citizen at the
 * desk may ask about any of theirs; each such read is audited).
 */
export function applyVisibility<T extends SelectQueryBuilder<ObjectLiteral>>(qb: T, p: Principal, scope: 'list' | 'read' | 'write' = 'list'): T {
  if (isSupervisor(p)) return qb;
  switch (p.role) {
    case 'agent': {
      const teams = p.teamIds.length ? p.teamIds : ['00000000-0000-0000-0000-000000000000'];
      return qb.andWhere(
        new Brackets((w) =>
          w
            .where('c.team_id IN (:...visTeams)', { visTeams: teams })
            .orWhere('c.assignee_id = :visMe', { visMe: p.id })
            .orWhere("(c.team_id IS NULL AND c.assignee_id IS NULL AND c.status IN ('pending', 'open'))"),
        ),
      );
    }
    case 'counter':
      if (scope === 'read') return qb;
      return qb.andWhere(new Brackets((w) => w.where("c.channel = 'counter'").orWhere('c.assignee_id = :visMe', { visMe: p.id })));
    case 'agency':
      return qb.andWhere(`EXISTS (SELECT 1 FROM ${table(qb.connection, AgencyReferral)} vr WHERE vr.conversation_id = c.id AND vr.agency_code = :visAgency)`, {
        visAgency: p.agencyCode ?? '-',
      });
    default:
      return qb.andWhere('1 = 0');
  }
}
