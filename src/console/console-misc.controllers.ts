import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Brackets, In } from 'typeorm';
import { z } from 'zod';
import { AuthGuard } from '../auth/auth.guard';
import { AuthService } from '../auth/auth.service';
import { CurrentUser, isSupervisor, Principal, Roles } from '../auth/principal';
import { User } from '../auth/user.entity';
import { Conversation } from '../conversations/conversation.entity';
import { TransactionRunner } from '../database/transaction-runner';
import { AgencyReferral } from '../routing/agency-referral.entity';
import { PresenceService } from '../routing/presence.service';
import { ReferralsService } from '../routing/referrals.service';
import { SlaService } from '../routing/sla.service';
import { Team, TeamMember } from '../routing/team.entity';
import { AuditEntry } from '../audit/audit-log.entity';
import { AuditService } from '../audit/audit.service';
import { CannedService, cannedSchema } from './canned.service';
import { ConsoleContactsService } from './contacts.service';
import { messageText, parseInput, uuid, ZodBody, ZodQuery } from './validation';
import { AUTH_CONFIG, AuthConfig } from '../auth/auth.config';
import { ROUTING_CONFIG, RoutingConfig } from '../routing/routing.config';
import { decodeCursor, encodeCursor, referralView } from './views';
import { applyVisibility } from '../access/access.repository';

const OFFICERS = ['admin', 'supervisor', 'agent', 'counter'] as const;

@ApiTags('console')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/contacts')
export class ContactsController {
  constructor(private readonly svc: ConsoleContactsService) {}

  private static search = z.object({ q: z.string().trim().min(2, 'q minimal 2 karakter').max(100) }).strict();
  private static patch = z.object({ name: z.string().trim().min(1).max(200).optional(), email: z.email().nullish() }).strict();
  private static merge = z.object({ sourceId: uuid, targetId: uuid }).strict();

  @Get()
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Find citizens by name or phone' })
  @ZodQuery(ContactsController.search)
  search(@CurrentUser() p: Principal, @Query() q: unknown) {
    return this.svc.search(p, parseInput(ContactsController.search, q).q);
  }

  @Post('merge')
  @HttpCode(200)
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Merge sourceId into targetId (identities and conversations move; audited)' })
  @ZodBody(ContactsController.merge)
  merge(@CurrentUser() p: Principal, @Body() body: unknown) {
    const b = parseInput(ContactsController.merge, body);
    return this.svc.merge(p, b.sourceId, b.targetId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A citizen: every channel identity and all conversations across channels (audited)' })
  profile(@CurrentUser() p: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.svc.profile(p, id);
  }

  @Patch(':id')
  @Roles(...OFFICERS)
  @ZodBody(ContactsController.patch)
  update(@CurrentUser() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    return this.svc.update(p, id, parseInput(ContactsController.patch, body));
  }
}

@ApiTags('console')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/canned-responses')
export class CannedController {
  constructor(private readonly svc: CannedService) {}

  private static render = z.object({ conversationId: uuid }).strict();

  @Get()
  list(@CurrentUser() p: Principal, @Query('q') q?: string) {
    return this.svc.list(p, typeof q === 'string' ? q.slice(0, 40) : undefined);
  }

  @Post()
  @Roles('admin', 'supervisor')
  @ZodBody(cannedSchema)
  create(@CurrentUser() p: Principal, @Body() body: unknown) {
    return this.svc.create(p, parseInput(cannedSchema, body));
  }

  @Patch(':id')
  @Roles('admin', 'supervisor')
  @ZodBody(cannedSchema.partial())
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    return this.svc.update(id, parseInput(cannedSchema.partial().strict(), body));
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin', 'supervisor')
  async remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.svc.remove(id);
  }

  @Post(':idOrShortcut/render')
  @HttpCode(200)
  @ApiOperation({ summary: 'The canned text with {{contact.name}}, {{conversation.reference}}, {{application.number}}, {{agent.name}} filled in' })
  @ZodBody(CannedController.render)
  render(@CurrentUser() p: Principal, @Param('idOrShortcut') id: string, @Body() body: unknown) {
    return this.svc.render(p, id, parseInput(CannedController.render, body).conversationId);
  }
}

@ApiTags('console')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/referrals')
export class ReferralsController {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly referrals: ReferralsService,
  ) {}

  private static query = z.object({ status: z.enum(['open', 'answered', 'cancelled']).optional(), overdue: z.enum(['true', 'false']).optional() }).strict();
  private static answer = z.object({ text: messageText }).strict();

  @Get()
  @ApiOperation({ summary: 'Referrals: an agency officer sees their agency’s, supervisors all, agents those of conversations they can see' })
  @ZodQuery(ReferralsController.query)
  async list(@CurrentUser() p: Principal, @Query() q: unknown) {
    const query = parseInput(ReferralsController.query, q);
    const rows = await this.tx.exclusive(() => {
      const qb = this.tx.manager.createQueryBuilder(AgencyReferral, 'r').innerJoin(Conversation, 'c', 'c.id = r.conversation_id');
      if (p.role === 'agency') qb.andWhere('r.agency_code = :ag', { ag: p.agencyCode ?? '-' });
      else if (!isSupervisor(p)) {
        const vis = this.tx.manager.createQueryBuilder().select('1').from(Conversation, 'c').where('c.id = r.conversation_id');
        applyVisibility(vis, p, 'list');
        qb.andWhere(`EXISTS (${vis.getQuery()})`, vis.getParameters());
      }
      if (query.status) qb.andWhere('r.status = :st', { st: query.status });
      if (query.overdue === 'true') qb.andWhere("r.status = 'open' AND r.due_at < :now", { now: new Date() });
      return qb.orderBy('r.due_at', 'ASC').take(500).getMany();
    });
    return rows.map(referralView);
  }

  @Post(':id/answer')
  @HttpCode(200)
  @Roles('agency', 'admin', 'supervisor')
  @ApiOperation({ summary: 'The agency’s answer (a private note for the officers handling the conversation)' })
  @ZodBody(ReferralsController.answer)
  async answer(@CurrentUser() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    const r = await this.referrals.answer(p, id, parseInput(ReferralsController.answer, body).text);
    return referralView(r.referral);
  }
}

@ApiTags('console')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api')
export class TeamsController {
  constructor(
    @Inject(ROUTING_CONFIG) private readonly cfg: RoutingConfig,
    @Inject(AUTH_CONFIG) private readonly people: AuthConfig,
    private readonly tx: TransactionRunner,
    private readonly presence: PresenceService,
    private readonly sla: SlaService,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
  ) {}

  private static policy = z
    .object({ firstResponseMinutes: z.number().int().min(1).max(525_600), resolutionMinutes: z.number().int().min(1).max(525_600) })
    .strict();

  @Get('teams')
  @ApiOperation({ summary: 'Teams with members, who is online, open/waiting counts and SLA policy (agency officers: id and name only)' })
  async teams(@CurrentUser() p: Principal) {
    // Agency officers answer referrals; the office's staffing and workload are not theirs to see.
    if (p.role === 'agency') {
      const teams = await this.tx.exclusive(() => this.tx.manager.find(Team, { order: { name: 'ASC' } }));
      return teams.map((t) => ({ id: t.id, name: t.name }));
    }
    const { teams, members, users, counts } = await this.tx.exclusive(async () => {
      const m = this.tx.manager;
      const teams = await m.find(Team, { order: { name: 'ASC' } });
      const members = await m.find(TeamMember);
      const users = members.length ? await m.find(User, { where: { id: In([...new Set(members.map((x) => x.userId))]) } }) : [];
      const counts = await m
        .createQueryBuilder()
        .select('c.team_id', 'teamId')
        .addSelect('c.status', 'status')
        .addSelect('COUNT(*)', 'n')
        .from(Conversation, 'c')
        .where("c.status IN ('pending', 'open')")
        .groupBy('c.team_id')
        .addGroupBy('c.status')
        .getRawMany<{ teamId: string | null; status: string; n: string | number }>();
      return { teams, members, users, counts };
    });
    const [online, away, policies] = await Promise.all([this.presence.onlineUserIds(), this.presence.awayUserIds(), this.sla.policies(teams.map((t) => t.id))]);
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

  @Put('teams/:id/sla')
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Set a team’s SLA targets in working minutes' })
  @ZodBody(TeamsController.policy)
  async setSla(@CurrentUser() p: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    const b = parseInput(TeamsController.policy, body);
    await this.sla.setPolicy(id, b.firstResponseMinutes, b.resolutionMinutes);
    await this.audit.recordNow({ actor: p, action: 'team.sla', targetType: 'team', targetId: id, detail: b });
    return { teamId: id, ...b };
  }

  @Get('agencies')
  agencies() {
    return this.people.AGENCIES.map((code) => ({ code }));
  }

  @Get('presence')
  @Roles(...OFFICERS)
  @ApiOperation({ summary: 'Officers with a console open now (not for agency officers: 403)' })
  async online() {
    const [online, away] = await Promise.all([this.presence.onlineUserIds(), this.presence.awayUserIds()]);
    const users = await this.auth.principals([...online]);
    return users.map((u) => ({ id: u.id, name: u.name, role: u.role, teamIds: u.teamIds, status: away.has(u.id) ? 'away' : 'online' }));
  }
}

@ApiTags('console')
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('api/audit')
export class AuditController {
  constructor(private readonly tx: TransactionRunner) {}

  private static query = z
    .object({
      action: z.string().max(40).optional(),
      actorId: uuid.optional(),
      targetType: z.string().max(20).optional(),
      targetId: uuid.optional(),
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    })
    .strict();

  @Get()
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Audit log, newest first: assignments, transfers, resolutions, referrals, views of personal data, user changes' })
  @ZodQuery(AuditController.query)
  async list(@Query() q: unknown) {
    const query = parseInput(AuditController.query, q);
    const rows = await this.tx.exclusive(() => {
      const qb = this.tx.manager.createQueryBuilder(AuditEntry, 'a');
      if (query.action) qb.andWhere('a.action = :ac', { ac: query.action });
      if (query.actorId) qb.andWhere('a.actor_id = :ai', { ai: query.actorId });
      if (query.targetType) qb.andWhere('a.target_type = :tt', { tt: query.targetType });
      if (query.targetId) qb.andWhere('a.target_id = :ti', { ti: query.targetId });
      if (query.cursor) {
        const cur = decodeCursor(query.cursor);
        if (cur?.at) qb.andWhere(new Brackets((w) => w.where('a.at < :cat', { cat: cur.at }).orWhere('(a.at = :cat AND a.id < :cid)', { cid: cur.id })));
      }
      return qb
        .orderBy('a.at', 'DESC')
        .addOrderBy('a.id', 'DESC')
        .take(query.limit + 1)
        .getMany();
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((a) => ({ ...a, at: a.at.toISOString() })),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.at, last.id) : null,
    };
  }
}
