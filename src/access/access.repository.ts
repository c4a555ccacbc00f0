import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isSupervisor, Principal } from '../common/principal';
import { Conversation } from '../schema/conversation.entity';
import { Tx } from '../database/transaction-runner';
import { AgencyReferral } from '../schema/agency-referral.entity';

/** How far a conversation must be visible: in the officer's lists, readable (a counter look-up), or writable. */
export type AccessScope = 'list' | 'read' | 'write';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The quoted, schema-qualified table of an entity, for SQL fragments
 * (EXISTS sub-queries): with DATABASE_SCHEMA set, PostgreSQL tables are not
 * on the search path, and TypeORM qualifies only the tables it names itself.
 */
export function table(ds: DataSource, entity: EntityTarget<ObjectLiteral>): string {
  const md = ds.getMetadata(entity);
  return md.schema ? `"${md.schema}"."${md.tableName}"` : `"${md.tableName}"`;
}

/**
 * What each role may see, as SQL on the conversations alias `c` (the SQL side
 * of the one visibility rule; src/access/console-rooms.ts is its live side):
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
export function applyVisibility<T extends SelectQueryBuilder<ObjectLiteral>>(qb: T, p: Principal, scope: AccessScope = 'list'): T {
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

/**
 * Which messages of a conversation p may read, as SQL on a messages alias
 * (the SQL side of the notes rule; console-rooms.ts `hiddenFrom` is its live
 * side): every officer who may read the conversation reads its messages and
 * private notes — except agency officers, who read the citizen's dialogue
 * and only the notes marked for the agency (`for_agency`: the referral's
 * question, notes marked "tampilkan ke dinas", and every note an agency
 * officer writes), never the help desk's other internal notes.
 */
export function messageVisibility(p: Principal, alias: string): string | null {
  return p.role === 'agency' ? `(NOT ${alias}.is_private OR ${alias}.for_agency)` : null;
}

/** Narrows a query on messages aliased `alias` to those p may read (see messageVisibility). */
export function applyMessageVisibility<T extends SelectQueryBuilder<ObjectLiteral>>(qb: T, p: Principal, alias: string): T {
  const rule = messageVisibility(p, alias);
  return rule ? qb.andWhere(rule) : qb;
}

/**
 * The one access repository (immich's access.repository): every REST read and
 * officer action asks it whether a conversation is within an officer's reach,
 * and other repositories narrow their queries with `applyTo`.
 */
@Injectable()
export class AccessRepository {
  /** The conversation if p may reach it in this scope, else null (locked for update on PostgreSQL when writing). */
  async findVisible(m: Tx, p: Principal, id: string, scope: AccessScope): Promise<Conversation | null> {
    if (!UUID.test(id)) return null;
    const qb = m.createQueryBuilder(Conversation, 'c').where('c.id = :id', { id });
    applyVisibility(qb, p, scope);
    if (scope === 'write' && m.connection.options.type === 'postgres') qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** Whether the conversation is in p's own lists (for a counter officer: not a look-up). */
  async inScope(m: Tx, p: Principal, id: string): Promise<boolean> {
    const qb = m.createQueryBuilder(Conversation, 'c').where('c.id = :id', { id });
    applyVisibility(qb, p, 'list');
    return (await qb.getCount()) > 0;
  }

  /** The agencies a conversation was referred to: whose officers may follow it live too (console-rooms.ts). */
  async referredAgencies(m: Tx, conversationId: string): Promise<string[]> {
    const refs = await m.find(AgencyReferral, { select: { agencyCode: true }, where: { conversationId } });
    return refs.map((r) => r.agencyCode);
  }

  /** Narrows a query on conversations aliased `c` to what p may see. */
  applyTo<T extends SelectQueryBuilder<ObjectLiteral>>(qb: T, p: Principal, scope: AccessScope = 'list'): T {
    return applyVisibility(qb, p, scope);
  }
}
