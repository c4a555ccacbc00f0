import { createHmac, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleApi, DEMO } from '../support/console-client';
import { eventually, HubEnv, HubProcess, ROOT } from '../support/hub-process';
import { WebchatClient } from '../support/webchat-client';
import { CALLERS, Caller, Entry, Fixture, LIST_VISIBILITY, NOTE_VISIBILITY, NoteKind, Outcome, RBAC_MATRIX, Row, UNDOCUMENTED } from './rbac-matrix.table';

/**
 * Every operation of the OpenAPI document × no token, forged tokens and each
 * role, against the one table in rbac-matrix.table.ts. Fails listing every
 * cell answered differently, every operation without a row and every row
 * without an operation.
 */

const ROLES = ['admin', 'supervisor', 'agent', 'counter', 'agency'] as const;
type Role = (typeof ROLES)[number];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** Every request looks relayed by a proxy on this machine, so it never counts as a direct local request. */
const RELAYED = { 'x-forwarded-for': '203.0.113.7' };
/** Fewer would mean the document lost its controllers (and the matrix would pass on nothing). */
const MIN_DOCUMENTED_OPERATIONS = 45;

/** Operations that change state: their callers run one after another, in this order, after the others. */
const SEQUENTIAL = [
  'POST /api/conversations/{id}/messages',
  'POST /api/conversations/{id}/transfer',
  'POST /api/conversations/{id}/assign',
  'POST /api/conversations/{id}/unassign',
  'POST /api/conversations/{id}/resolve',
  'POST /api/conversations/{id}/reopen',
];
/** Run at the very end (they end sessions, delete or reload). */
const LAST = ['DELETE /api/canned-responses/{id}', 'POST /api/auth/logout', 'POST /api/admin/knowledge/reload'];

interface Fixtures {
  conversations: Record<Fixture, string>;
  contacts: Partial<Record<Fixture, string>>;
  messageId: string;
  teamId: string;
  agentId: string;
  referralId: string;
  canned: string;
  cannedOf: Partial<Record<Caller, string>>;
}

interface CallerVariant {
  caller: Caller;
  label: string;
  token?: string;
}

interface Probe {
  op: string;
  fixture?: Fixture;
  expected: Row;
}

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A syntactically fine access token for `sub`, signed with a key the hub does not have (or not at all). */
function forgedToken(sub: string, alg: 'HS256' | 'none'): string {
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64url({ alg, typ: 'JWT' })}.${b64url({ sub, role: 'admin', typ: 'access', iat: now, exp: now + 900 })}`;
  return alg === 'none' ? `${head}.` : `${head}.${createHmac('sha256', 'not-the-hub-secret-0123456789').update(head).digest('base64url')}`;
}

/**
 * "METHOD /path" of every route of the controllers hidden from the OpenAPI document, read from the source
 * (@Controller prefix + @Get/@Post/… paths, Nest's {param} spelling kept).
 */
function undocumentedRoutes(): string[] {
  const files = ['src', 'channels'].flatMap((d) =>
    (readdirSync(join(ROOT, d), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.controller.ts') || f.endsWith('.controllers.ts'))
      .map((f) => join(ROOT, d, f)),
  );
  const routes: string[] = [];
  for (const file of files) {
    const src = readFileSync(file, 'utf8');
    if (!src.includes('@ApiExcludeController()')) continue;
    const prefix = /@Controller\(\s*'([^']*)'/.exec(src)?.[1] ?? '';
    for (const m of src.matchAll(/@(Get|Post|Put|Patch|Delete)\(([^)]*)\)/g)) {
      const paths = [...m[2].matchAll(/'([^']*)'/g)].map((x) => x[1]);
      for (const sub of paths.length ? paths : ['']) {
        const path = `/${[prefix, sub].filter(Boolean).join('/')}`.replace(/:(\w+)/g, '{$1}');
        routes.push(`${m[1].toUpperCase()} ${path}`);
      }
    }
  }
  return routes;
}

const isRow = (e: Entry): e is Row => 'none' in e;
const show = (o: Outcome) => (o === 'ok' ? "'ok'" : String(o));

describe('RBAC matrix (sqlite)', () => {
  let env: HubEnv;
  let hub: HubProcess;
  const api = {} as Record<Role, ConsoleApi>;
  const clients: WebchatClient[] = [];
  let fx: Fixtures;
  let doc: { paths: Record<string, Partial<Record<(typeof METHODS)[number], unknown>>> };

  beforeAll(async () => {
    // DEMO_MODE explicitly (its default may change); ADMIN_TOKEN unset; the permit webhook configured, so unsigned calls meet the signature check.
    env = new HubEnv('sqlite', { DEMO_MODE: 'true', PERMIT_EVENTS_SECRET: 'rbac-matrix-permit-secret-0123456789' });
    hub = await env.start('all');
    const logins = await Promise.all(ROLES.map((r) => ConsoleApi.login(hub.url, DEMO[r])));
    ROLES.forEach((r, i) => (api[r] = logins[i]));
    const docRes = await fetch(`${hub.url}/api/docs-json`);
    expect(docRes.status).toBe(200);
    doc = (await docRes.json()) as typeof doc;
    fx = await prepareFixtures();
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await env?.stop();
  });

  /** Two web chat conversations handed off to a team (one then referred to PUPR), and one at the counter desk. */
  async function prepareFixtures(): Promise<Fixtures> {
    const { admin, supervisor, counter } = api;
    const citizens = [new WebchatClient(hub.url), new WebchatClient(hub.url)];
    clients.push(...citizens);
    await Promise.all(citizens.map((c) => c.ready()));
    await Promise.all(citizens.map((c, i) => c.send({ clientMessageId: `rbac-${i}`, text: 'saya mau bicara dengan petugas' })));
    const [team, referred] = await Promise.all(
      citizens.map((c) =>
        eventually(async () => {
          const r = await admin.get(`/api/conversations/${c.session!.conversationId}`);
          return r.body?.conversation?.status === 'pending' && r.body.conversation.teamId ? r.body : null;
        }),
      ),
    );
    const ref = await supervisor.post(`/api/conversations/${referred.conversation.id}/refer`, {
      agencyCode: 'PUPR',
      question: 'Uji hak akses: mohon rekomendasi teknis.',
      workingDays: 3,
    });
    expect(ref.status).toBe(201);

    const visitor = await counter.post('/api/counter/visitors', { name: 'Warga Uji Loket' });
    expect(visitor.status).toBe(201);
    const desk = await counter.post('/api/counter/conversations', { contactId: visitor.body.contact.id });
    expect(desk.status).toBe(201);

    const canned = async (shortcut: string) => {
      const r = await admin.post('/api/canned-responses', { shortcut, title: `Uji ${shortcut}`, text: 'Halo {{contact.name}}.' });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const cannedOf: Partial<Record<Caller, string>> = {};
    for (const c of CALLERS) cannedOf[c] = await canned(`rbac-hapus-${c}`);

    return {
      conversations: { team: team.conversation.id, referred: referred.conversation.id, counter: desk.body.conversation.id },
      contacts: { team: team.conversation.contact.id, referred: referred.conversation.contact.id, counter: visitor.body.contact.id },
      messageId: team.messages[0].id,
      teamId: team.conversation.teamId,
      agentId: api.agent.userId,
      referralId: ref.body.id,
      canned: await canned('rbac-bersama'),
      cannedOf,
    };
  }

  /** What a path parameter of `op` points at, for this fixture and caller; a random UUID when nothing matters. */
  function paramValue(op: string, name: string, fixture: Fixture, caller: Caller): string {
    const path = op.split(' ')[1];
    if (path.startsWith('/api/admin/queues/')) return name === 'queue' ? 'inbound' : 'no-such-job';
    if (path.startsWith('/api/counter/permits/')) return 'SIP-2025-000123';
    if (path.startsWith('/api/conversations/')) {
      if (name === 'messageId') return fx.messageId;
      if (name === 'index') return '0';
      return fx.conversations[fixture];
    }
    if (path.startsWith('/api/contacts/')) return fx.contacts[fixture] ?? randomUUID();
    if (path.startsWith('/api/users/')) return fx.agentId;
    if (op === 'DELETE /api/canned-responses/{id}') return fx.cannedOf[caller] ?? fx.canned;
    if (path.startsWith('/api/canned-responses/')) return fx.canned;
    if (path.startsWith('/api/referrals/')) return fx.referralId;
    if (path.startsWith('/api/teams/')) return fx.teamId;
    return randomUUID();
  }

  /** Bodies that are valid and harmless where allow vs deny needs one; otherwise {} (400 once authorised). */
  function bodyFor(op: string): unknown {
    switch (op) {
      case 'POST /api/conversations/{id}/messages':
        return { text: 'Selamat siang, ini pesan uji hak akses.' };
      case 'POST /api/conversations/{id}/notes':
        return { text: 'Catatan uji hak akses.' };
      case 'POST /api/conversations/{id}/transfer':
        return { teamId: fx.teamId };
      case 'PUT /api/conversations/{id}/labels':
        return { labels: [] };
      default:
        return /^(POST|PUT|PATCH) /.test(op) ? {} : undefined;
    }
  }

  function queryFor(op: string): string {
    if (op === 'GET /api/conversations/sync') return `?since=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`;
    if (op === 'GET /api/contacts') return '?q=Warga';
    return '';
  }

  async function send(p: Probe, v: CallerVariant): Promise<{ outcome: Outcome; status: number; text: string }> {
    const [method, template] = p.op.split(' ');
    const path = template.replace(/\{\*?(\w+)\}/g, (_m, name: string) => encodeURIComponent(paramValue(p.op, name, p.fixture ?? 'team', v.caller)));
    const body = bodyFor(p.op);
    const res = await fetch(`${hub.url}${path}${queryFor(p.op)}`, {
      method,
      redirect: 'manual',
      headers: {
        ...RELAYED,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(v.token ? { authorization: `Bearer ${v.token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = (await res.text()).slice(0, 160);
    return { outcome: res.status >= 200 && res.status < 300 ? 'ok' : (res.status as Outcome), status: res.status, text };
  }

  // First, while the fixtures are as prepared (the matrix below changes their state).
  it('lists to each role exactly the fixture conversations it may see', async () => {
    const problems: string[] = [];
    const byId = new Map(Object.entries(fx.conversations).map(([f, id]) => [id, f as Fixture]));
    await Promise.all(
      Object.entries(LIST_VISIBILITY).flatMap(([op, byRole]) =>
        ROLES.map(async (role) => {
          const r = await api[role].get(`${op.split(' ')[1]}${queryFor(op)}`);
          if (r.status !== 200) return problems.push(`${op} as ${role}: ${r.status}`);
          const rows: { id: string; conversationId?: string }[] = Array.isArray(r.body) ? r.body : r.body.items;
          const seen = [...new Set(rows.map((x) => byId.get(x.conversationId ?? x.id)).filter((f): f is Fixture => !!f))].sort();
          const want = [...byRole[role]].sort();
          if (seen.join() !== want.join()) problems.push(`${op} as ${role}: expected [${want.join(', ')}], got [${seen.join(', ')}]`);
        }),
      ),
    );
    if (problems.length) throw new Error(`${problems.length} list visibility problem(s):\n${problems.join('\n')}`);
  });

  it('shows each role exactly the private notes of the referred conversation it may read', async () => {
    const id = fx.conversations.referred;
    const word = (k: NoteKind) => `catatanuji${k.toLowerCase()}`;
    const note = async (who: Role, k: NoteKind, forAgency?: boolean) => {
      const r = await api[who].post(`/api/conversations/${id}/notes`, { text: `Catatan ${word(k)}.`, ...(forAgency !== undefined ? { forAgency } : {}) });
      expect(r.status).toBe(201);
      expect(r.body).toEqual(expect.objectContaining({ isPrivate: true, forAgency: k !== 'internal' }));
      return r.body.id as string;
    };
    const ids: Record<NoteKind, string> = {
      question: '',
      forAgency: await note('agent', 'forAgency', true),
      agencyOwn: await note('agency', 'agencyOwn'),
      // Last, so it is the newest message: the agency's list preview must not be it.
      internal: await note('supervisor', 'internal', false),
    };
    const all = (await api.admin.get(`/api/conversations/${id}`)).body.messages as { id: string; text: string; isPrivate: boolean }[];
    ids.question = all.find((m) => m.isPrivate && m.text.startsWith('Dirujuk ke PUPR'))!.id;
    expect(ids.question).toBeTruthy();
    // A bad flag is refused and stores nothing.
    const bad = await api.agent.post(`/api/conversations/${id}/notes`, { text: 'Catatan salah.', forAgency: 'ya' });
    expect(bad.status).toBe(400);
    expect((await api.admin.get(`/api/conversations/${id}`)).body.messages).toHaveLength(all.length);

    const problems: string[] = [];
    for (const role of ROLES) {
      const want = [...NOTE_VISIBILITY[role]].sort();
      const kinds = (msgs: { id: string }[]) => (Object.keys(ids) as NoteKind[]).filter((k) => msgs.some((m) => m.id === ids[k])).sort();
      const one = await api[role].get(`/api/conversations/${id}`);
      const page = await api[role].get(`/api/conversations/${id}/messages?limit=100`);
      for (const [what, msgs] of [
        ['GET one', one.body.messages],
        ['GET messages', page.body.messages],
      ] as const)
        if (kinds(msgs).join() !== want.join()) problems.push(`${role} ${what}: expected [${want.join(', ')}], got [${kinds(msgs).join(', ')}]`);
      // The list preview (the counter does not list a referred conversation).
      if (role !== 'counter') {
        const item = ((await api[role].get('/api/conversations')).body.items as { id: string; lastMessage: { text: string } | null }[]).find(
          (c) => c.id === id,
        );
        const shows = item?.lastMessage?.text.includes(word('internal')) ?? false;
        if (shows !== want.includes('internal')) problems.push(`${role} list preview ${shows ? 'shows' : 'hides'} the internal note`);
        const found = ((await api[role].get(`/api/conversations?q=${word('internal')}`)).body.items as { id: string }[]).some((c) => c.id === id);
        if (found !== want.includes('internal')) problems.push(`${role} search by the internal note's words ${found ? 'finds' : 'misses'} the conversation`);
      }
    }
    if (problems.length) throw new Error(`${problems.length} note visibility problem(s):\n${problems.join('\n')}`);
  });

  it('matches the table for every operation and caller', async () => {
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) for (const m of METHODS) if (item[m]) documented.add(`${m.toUpperCase()} ${path}`);
    expect(documented.size).toBeGreaterThanOrEqual(MIN_DOCUMENTED_OPERATIONS);

    const problems: string[] = [];
    for (const op of documented) if (!RBAC_MATRIX[op]) problems.push(`${op}: in the OpenAPI document but has no row in rbac-matrix.table.ts`);
    for (const op of Object.keys(RBAC_MATRIX)) {
      if (UNDOCUMENTED.has(op) && documented.has(op)) problems.push(`${op}: now in the OpenAPI document; drop it from UNDOCUMENTED`);
      if (!UNDOCUMENTED.has(op) && !documented.has(op)) problems.push(`${op}: row for an operation the OpenAPI document no longer has`);
    }
    const hidden = undocumentedRoutes();
    expect(hidden.length).toBeGreaterThan(0);
    for (const op of hidden)
      if (!UNDOCUMENTED.has(op)) problems.push(`${op}: served but excluded from the OpenAPI document; add it to UNDOCUMENTED and give it a row`);
    for (const op of UNDOCUMENTED)
      if (!hidden.includes(op) && !documented.has(op)) problems.push(`${op}: in UNDOCUMENTED but no controller serves it any more`);

    const probes: Probe[] = [];
    for (const op of [...documented, ...[...UNDOCUMENTED].filter((o) => !documented.has(o))]) {
      const entry = RBAC_MATRIX[op];
      if (!entry) continue;
      if (isRow(entry)) probes.push({ op, expected: entry });
      else for (const [fixture, expected] of Object.entries(entry) as [Fixture, Row][]) probes.push({ op, fixture, expected });
    }

    const adminId = api.admin.userId;
    const variants: CallerVariant[] = [
      { caller: 'none', label: 'none' },
      { caller: 'forged', label: 'forged (wrong key)', token: forgedToken(adminId, 'HS256') },
      { caller: 'forged', label: 'forged (alg none)', token: forgedToken(adminId, 'none') },
      ...ROLES.map((r) => ({ caller: r, label: r, token: api[r].session.accessToken })),
    ];

    let calls = 0;
    const check = async (p: Probe, v: CallerVariant) => {
      const got = await send(p, v);
      calls++;
      const want = p.expected[v.caller];
      if (got.outcome !== want) {
        problems.push(`${p.op}${p.fixture ? ` [${p.fixture}]` : ''} as ${v.label}: expected ${show(want)}, got ${got.status} ${got.text.replace(/\s+/g, ' ')}`);
      }
    };
    const phase = (name: 'concurrent' | 'sequential' | 'last') =>
      probes.filter((p) =>
        name === 'sequential' ? SEQUENTIAL.includes(p.op) : name === 'last' ? LAST.includes(p.op) : !SEQUENTIAL.includes(p.op) && !LAST.includes(p.op),
      );

    // Reads and validation-only writes: in modest concurrent batches.
    const tasks = phase('concurrent').flatMap((p) => variants.map((v) => () => check(p, v)));
    for (let i = 0; i < tasks.length; i += 12) await Promise.all(tasks.slice(i, i + 12).map((t) => t()));
    // State changes on the shared conversation: every caller in turn, so each sees a predictable state.
    for (const op of SEQUENTIAL) for (const p of phase('sequential').filter((x) => x.op === op)) for (const v of variants) await check(p, v);
    for (const p of phase('last')) await Promise.all(variants.map((v) => check(p, v)));

    const expectedCalls = probes.length * variants.length;
    expect(calls).toBe(expectedCalls);
    if (problems.length) throw new Error(`${problems.length} RBAC problem(s) in ${expectedCalls} calls:\n${problems.join('\n')}`);
  });
});
