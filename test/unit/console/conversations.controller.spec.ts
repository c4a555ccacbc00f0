import { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AuthGuard } from '../../../src/auth/auth.guard';
import { PrincipalsService } from '../../../src/auth/principals.service';
import { SessionsService } from '../../../src/auth/sessions.service';
import { Principal, ROLES_KEY } from '../../../src/common/principal';
import { TokenService } from '../../../src/auth/token.service';
import { UserRole } from '../../../src/schema/user.entity';
import { AssignAction } from '../../../src/console/actions/assign.action';
import { AttachAction } from '../../../src/console/actions/attach.action';
import { LabelsAction } from '../../../src/console/actions/labels.action';
import { NoteAction } from '../../../src/console/actions/note.action';
import { ReferAction } from '../../../src/console/actions/refer.action';
import { ReopenAction } from '../../../src/console/actions/reopen.action';
import { ReplyAction } from '../../../src/console/actions/reply.action';
import { ResolveAction } from '../../../src/console/actions/resolve.action';
import { TransferAction } from '../../../src/console/actions/transfer.action';
import { UnassignAction } from '../../../src/console/actions/unassign.action';
import { AttachmentsService } from '../../../src/console/attachments.service';
import { AssigneesService } from '../../../src/console/assignees.service';
import { ConversationQueries } from '../../../src/console/conversation-queries.service';
import { ConversationsController } from '../../../src/console/conversations.controller';
import { CONSOLE_CONFIG, parseConsoleConfig } from '../../../src/console/console.config';
import { RBAC_MATRIX } from '../../e2e/rbac-matrix.table';
import { fakeOf } from '../../support/fakes/fake-of';

const ID = '11111111-1111-4111-8111-111111111111';
const TEAM = '22222222-2222-4222-8222-222222222222';
const principal = (role: UserRole): Principal => ({
  id: `u-${role}`,
  email: `${role}@x`,
  name: role,
  role,
  agencyCode: role === 'agency' ? 'PUPR' : null,
  teamIds: [],
  capacity: 5,
});

/**
 * The conversations controller in a Nest app of its own: the real AuthGuard
 * (with fake token and auth services: the bearer token is the role), fakes of
 * the queries and actions. Nothing of the hub starts.
 */
describe('ConversationsController', () => {
  let app: INestApplication;
  let base: string;
  const fakes = new Map<Type, Record<string, jest.Mock>>();
  const fake = <T>(cls: Type<T>) => fakes.get(cls) as unknown as jest.Mocked<T>;
  const CLASSES: Type[] = [
    ConversationQueries,
    AttachmentsService,
    AssigneesService,
    ReplyAction,
    AttachAction,
    NoteAction,
    AssignAction,
    UnassignAction,
    TransferAction,
    ReferAction,
    ResolveAction,
    ReopenAction,
    LabelsAction,
  ];

  beforeAll(async () => {
    for (const cls of CLASSES) fakes.set(cls, fakeOf(cls) as unknown as Record<string, jest.Mock>);
    const tokens = fakeOf(TokenService);
    tokens.verifyAccess.mockImplementation(async (t: unknown) => (typeof t === 'string' && t ? ({ sub: t, sid: 's' } as never) : null));
    const sessions = fakeOf(SessionsService);
    sessions.sessionEnded.mockResolvedValue(false);
    const principals = fakeOf(PrincipalsService);
    principals.principal.mockImplementation(async (sub: string) => principal(sub as UserRole));
    const moduleRef = await Test.createTestingModule({
      controllers: [ConversationsController],
      providers: [
        AuthGuard,
        { provide: TokenService, useValue: tokens },
        { provide: SessionsService, useValue: sessions },
        { provide: PrincipalsService, useValue: principals },
        { provide: CONSOLE_CONFIG, useValue: parseConsoleConfig({}) },
        ...CLASSES.map((cls) => ({ provide: cls, useValue: fakes.get(cls) })),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    base = `${await app.getUrl()}/api/conversations`.replace('[::1]', '127.0.0.1');
  });

  afterAll(() => app?.close());
  beforeEach(() => fakes.forEach((f) => Object.values(f).forEach((m) => m.mockReset())));

  const call = async (role: UserRole | null, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(role ? { authorization: `Bearer ${role}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };

  describe('validation', () => {
    it('a reply with empty text is a 400 naming the field, and reaches no action', async () => {
      const r = await call('agent', 'POST', `/${ID}/messages`, { text: '   ' });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Permintaan tidak valid — text: teks tidak boleh kosong',
        issues: [{ path: 'text', message: 'teks tidak boleh kosong' }],
      });
      expect(fake(ReplyAction).execute).not.toHaveBeenCalled();
    });

    it('names every offending field, unknown keys included', async () => {
      const r = await call('agent', 'POST', `/${ID}/transfer`, { teamId: 'tim-a', extra: 1 });
      expect(r.status).toBe(400);
      expect(r.body!.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'teamId', message: 'harus berupa UUID' })]));
      expect(r.body!.message).toContain('teamId: harus berupa UUID');
      expect(fake(TransferAction).execute).not.toHaveBeenCalled();
    });

    it('validates list queries (status names, limit) and labels', async () => {
      expect((await call('agent', 'GET', '?status=closed')).body!.message).toContain('status: bot, pending, open, resolved');
      expect((await call('agent', 'GET', '?limit=500')).status).toBe(400);
      const l = await call('agent', 'PUT', `/${ID}/labels`, { labels: ['Ok', 'bad label!'] });
      expect(l.status).toBe(400);
      expect(l.body!.message).toContain('labels.1: label: huruf kecil, angka, - atau _ (maks. 40)');
      expect(fake(ConversationQueries).list).not.toHaveBeenCalled();
      expect(fake(LabelsAction).execute).not.toHaveBeenCalled();
    });

    it('passes what it parsed to one action: trimmed text, "me" resolved, labels lower-cased', async () => {
      fake(ReplyAction).execute.mockResolvedValue({ id: 'm-1' } as never);
      expect((await call('agent', 'POST', `/${ID}/messages`, { text: '  Halo  ' })).status).toBe(201);
      expect(fake(ReplyAction).execute).toHaveBeenCalledWith(principal('agent'), ID, 'Halo');
      fake(AssignAction).execute.mockResolvedValue({ id: ID } as never);
      expect((await call('agent', 'POST', `/${ID}/assign`, {})).status).toBe(200);
      expect(fake(AssignAction).execute).toHaveBeenCalledWith(principal('agent'), ID, 'u-agent');
      fake(LabelsAction).execute.mockResolvedValue({ id: ID } as never);
      await call('agent', 'PUT', `/${ID}/labels`, { labels: [' PBG '] });
      expect(fake(LabelsAction).execute).toHaveBeenCalledWith(principal('agent'), ID, ['pbg']);
      fake(ConversationQueries).list.mockResolvedValue({ items: [], nextCursor: null });
      await call('counter', 'GET', `?status=pending,open&assigneeId=me`);
      expect(fake(ConversationQueries).list).toHaveBeenCalledWith(principal('counter'), { status: ['pending', 'open'], assigneeId: 'me', limit: 25 });
      fake(TransferAction).execute.mockResolvedValue({ id: ID } as never);
      await call('supervisor', 'POST', `/${ID}/transfer`, { teamId: TEAM, note: ' lihat catatan ' });
      expect(fake(TransferAction).execute).toHaveBeenCalledWith(principal('supervisor'), ID, TEAM, 'lihat catatan');
    });
  });

  describe('roles', () => {
    const routing = ['assign', 'unassign', 'transfer', 'refer', 'resolve', 'reopen', 'labels'] as const;
    const anyOfficer = ['list', 'sync', 'get', 'attachment', 'messages', 'reply', 'note'] as const;
    const proto = ConversationsController.prototype as unknown as Record<string, object>;

    it('routing actions carry @Roles of the officers who handle citizens; reads, replies and notes any officer', () => {
      for (const h of routing) expect([h, Reflect.getMetadata(ROLES_KEY, proto[h])]).toEqual([h, ['admin', 'supervisor', 'agent', 'counter']]);
      for (const h of anyOfficer) expect([h, Reflect.getMetadata(ROLES_KEY, proto[h])]).toEqual([h, undefined]);
      expect(Reflect.getMetadata(ROLES_KEY, ConversationsController)).toBeUndefined();
    });

    it('agrees with the RBAC table: agency gets 403 on routing actions, the others pass the role check', () => {
      const keys: Record<(typeof routing)[number], string> = {
        assign: 'POST /api/conversations/{id}/assign',
        unassign: 'POST /api/conversations/{id}/unassign',
        transfer: 'POST /api/conversations/{id}/transfer',
        refer: 'POST /api/conversations/{id}/refer',
        resolve: 'POST /api/conversations/{id}/resolve',
        reopen: 'POST /api/conversations/{id}/reopen',
        labels: 'PUT /api/conversations/{id}/labels',
      };
      for (const h of routing) {
        const row = (RBAC_MATRIX[keys[h]] as Record<string, Record<string, unknown>>).team;
        const allowed = Reflect.getMetadata(ROLES_KEY, proto[h]) as string[];
        for (const role of ['admin', 'supervisor', 'agent', 'counter', 'agency'] as const)
          expect([h, role, row[role] === 403]).toEqual([h, role, !allowed.includes(role)]);
      }
    });

    it('the guard enforces them: 401 without a token, 403 for agency before validation, through for the others', async () => {
      expect((await call(null, 'POST', `/${ID}/resolve`)).status).toBe(401);
      const denied = await call('agency', 'POST', `/${ID}/refer`, {});
      expect(denied).toEqual({ status: 403, body: expect.objectContaining({ message: 'Peran Anda tidak diizinkan melakukan ini.' }) });
      expect((await call('counter', 'POST', `/${ID}/refer`, {})).status).toBe(400);
      fake(ResolveAction).execute.mockResolvedValue({ id: ID } as never);
      expect((await call('agent', 'POST', `/${ID}/resolve`)).status).toBe(200);
      fake(NoteAction).execute.mockResolvedValue({ id: 'm-1' } as never);
      expect((await call('agency', 'POST', `/${ID}/notes`, { text: 'jawaban dinas' })).status).toBe(201);
      expect(fake(ResolveAction).execute).toHaveBeenCalledTimes(1);
    });
  });
});
