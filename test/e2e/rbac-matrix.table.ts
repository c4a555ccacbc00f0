/**
 * The RBAC matrix: for every HTTP operation of the hub, what each caller gets.
 * test/e2e/rbac-matrix.e2e-spec.ts reads the OpenAPI document of a running hub
 * and fails for a documented operation without a row here, for a row whose
 * operation no longer exists, and for every cell the hub answers differently.
 *
 * Keys are OpenAPI operation keys: "METHOD /path/{param}". A value is one row
 * of outcomes, or several rows keyed by the fixture the path points at (see
 * FIXTURES below) when visibility, not the role alone, decides.
 *
 * Callers:
 *  - none:   no Authorization header;
 *  - forged: a JWT for the real administrator's id signed with a wrong key,
 *            and one with alg "none" (both must get this outcome);
 *  - admin, supervisor, agent, counter, agency: the demo accounts (agent: all
 *    teams; agency: PUPR).
 * Every request carries X-Forwarded-For, so none of them counts as a direct
 * request from this machine (AdminGuard's demo shortcut does not apply).
 *
 * Outcomes: 'ok' is any 2xx; a number is that exact status. 400 means the
 * caller was let through and zod refused the (deliberately minimal) body or
 * query — an "authorised" signal that changes nothing; 404 on a real object
 * means "not visible to you" (its existence is not revealed).
 *
 * Adding an endpoint: add its row here (the test names the missing key), and
 * if its path has a parameter the spec does not know yet, a fixture in
 * rbac-matrix.e2e-spec.ts (paramValue) — otherwise it gets a random UUID.
 */
import type { UserRole } from '../../src/schema/user.entity';

export type Caller = 'none' | 'forged' | UserRole;
export type Outcome = 'ok' | 301 | 400 | 401 | 403 | 404 | 409 | 422 | 503;
export type Row = Record<Caller, Outcome>;
/** The objects a path parameter can point at (the spec creates them). */
export type Fixture = 'team' | 'referred' | 'counter';
export type Entry = Row | Partial<Record<Fixture, Row>>;

export const CALLERS: Caller[] = ['none', 'forged', 'admin', 'supervisor', 'agent', 'counter', 'agency'];

/**
 * FIXTURES (what a path parameter resolves to):
 *  - team:     a web chat conversation the bot handed off to a team's queue
 *              (the agent is in every team; nothing referred);
 *  - referred: a web chat conversation referred to PUPR;
 *  - counter:  a conversation opened at the MPP desk by the counter officer.
 * Contacts follow the same names (the citizen of that conversation).
 */
export const RBAC_MATRIX: Record<string, Entry> = {
  // ---- Public and machine endpoints: no officer token involved. A bearer token changes nothing.
  // Health is for load balancers and monitoring.
  'GET /health': { none: 'ok', forged: 'ok', admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },
  // Login, refresh and logout are @Public: an empty body reaches validation whoever calls. A refresh
  // without a token in the body or the console's cookie is a 401 (the session is gone); a logout without
  // one only clears the cookie (204): nothing to end, nothing revealed.
  'POST /api/auth/login': { none: 400, forged: 400, admin: 400, supervisor: 400, agent: 400, counter: 400, agency: 400 },
  'POST /api/auth/refresh': { none: 401, forged: 401, admin: 401, supervisor: 401, agent: 401, counter: 401, agency: 401 },
  'POST /api/auth/logout': { none: 'ok', forged: 'ok', admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },
  // SIPINTER's status webhook is signed with PERMIT_EVENTS_SECRET (HMAC), never with an officer token.
  'POST /api/permits/events': { none: 401, forged: 401, admin: 401, supervisor: 401, agent: 401, counter: 401, agency: 401 },

  // ---- Routes excluded from the OpenAPI document (see UNDOCUMENTED): channel webhooks with their own
  // secrets, the widget and the console's static files.
  // Telegram runs in polling mode in the test hub: the webhook is not there (404), whoever calls.
  'POST /channels/telegram/webhook': { none: 404, forged: 404, admin: 404, supervisor: 404, agent: 404, counter: 404, agency: 404 },
  // Meta's verification handshake without the verify token, and the webhook of a disabled adapter.
  'GET /channels/whatsapp-cloud/webhook': { none: 403, forged: 403, admin: 403, supervisor: 403, agent: 403, counter: 403, agency: 403 },
  'POST /channels/whatsapp-cloud/webhook': { none: 404, forged: 404, admin: 404, supervisor: 404, agent: 404, counter: 404, agency: 404 },
  // Messenger and Instagram are not configured in the test hub: the same as WhatsApp Cloud.
  'GET /channels/messenger/webhook': { none: 403, forged: 403, admin: 403, supervisor: 403, agent: 403, counter: 403, agency: 403 },
  'POST /channels/messenger/webhook': { none: 404, forged: 404, admin: 404, supervisor: 404, agent: 404, counter: 404, agency: 404 },
  'GET /channels/instagram/webhook': { none: 403, forged: 403, admin: 403, supervisor: 403, agent: 403, counter: 403, agency: 403 },
  'POST /channels/instagram/webhook': { none: 404, forged: 404, admin: 404, supervisor: 404, agent: 404, counter: 404, agency: 404 },
  // The cloud PBX webhook is signed with PHONE_EVENTS_SECRET (unset here: off, 404), never with an officer token.
  'POST /channels/phone/events': { none: 404, forged: 404, admin: 404, supervisor: 404, agent: 404, counter: 404, agency: 404 },
  // The citizens' widget is public.
  'GET /widget': { none: 'ok', forged: 'ok', admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },
  'GET /widget.js': { none: 'ok', forged: 'ok', admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },
  'GET /widget/welcome': { none: 'ok', forged: 'ok', admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },
  // The console SPA shell is public (it logs in through the API); /console redirects to /console/.
  'GET /console': { none: 301, forged: 301, admin: 301, supervisor: 301, agent: 301, counter: 301, agency: 301 },
  'GET /console/{*path}': { none: 'ok', forged: 'ok', admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },

  // ---- Admin API (AdminGuard): an administrator's token or ADMIN_TOKEN (unset here). A relayed request
  // without either is refused with 403, a forged token too (AdminGuard falls back to "no admin credential").
  'GET /api/admin/queues': { none: 403, forged: 403, admin: 'ok', supervisor: 403, agent: 403, counter: 403, agency: 403 },
  'GET /api/admin/queues/failed': { none: 403, forged: 403, admin: 'ok', supervisor: 403, agent: 403, counter: 403, agency: 403 },
  // An unknown job: 404 means the administrator got through.
  'POST /api/admin/queues/{queue}/jobs/{id}/retry': { none: 403, forged: 403, admin: 404, supervisor: 403, agent: 403, counter: 403, agency: 403 },
  'GET /api/admin/knowledge': { none: 403, forged: 403, admin: 'ok', supervisor: 403, agent: 403, counter: 403, agency: 403 },
  'POST /api/admin/knowledge/reload': { none: 403, forged: 403, admin: 'ok', supervisor: 403, agent: 403, counter: 403, agency: 403 },
  'GET /api/admin/channels/whatsapp-web/qr': { none: 403, forged: 403, admin: 'ok', supervisor: 403, agent: 403, counter: 403, agency: 403 },

  // ---- Knowledge base (the console's "Pengetahuan"): agents and supervisors draft, supervisors and admins
  // publish, roll back and unpublish; counter and agency officers neither read nor edit. {id} is an entry
  // that does not exist (404 once the role passes); empty bodies are 400.
  'GET /api/knowledge/entries': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 403, agency: 403 },
  'POST /api/knowledge/entries': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 400, counter: 403, agency: 403 },
  'GET /api/knowledge/entries/{id}': { none: 401, forged: 401, admin: 404, supervisor: 404, agent: 404, counter: 403, agency: 403 },
  'PUT /api/knowledge/entries/{id}': { none: 401, forged: 401, admin: 404, supervisor: 404, agent: 404, counter: 403, agency: 403 },
  'POST /api/knowledge/entries/{id}/publish': { none: 401, forged: 401, admin: 404, supervisor: 404, agent: 403, counter: 403, agency: 403 },
  'GET /api/knowledge/entries/{id}/versions': { none: 401, forged: 401, admin: 404, supervisor: 404, agent: 404, counter: 403, agency: 403 },
  'GET /api/knowledge/entries/{id}/diff': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 400, counter: 403, agency: 403 },
  'POST /api/knowledge/entries/{id}/rollback': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 403, counter: 403, agency: 403 },
  'DELETE /api/knowledge/entries/{id}': { none: 401, forged: 401, admin: 404, supervisor: 404, agent: 403, counter: 403, agency: 403 },
  // An entry's picture: whoever drafts may upload one (no file in the matrix's body: 400).
  'GET /api/knowledge/media': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 403, agency: 403 },
  'POST /api/knowledge/media': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 400, counter: 403, agency: 403 },
  'POST /api/knowledge/try': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 400, counter: 403, agency: 403 },
  'GET /api/knowledge/impact': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 403, agency: 403 },
  // Office values: supervisors read, administrators change.
  'GET /api/knowledge/office-values': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },
  'PUT /api/knowledge/office-values': { none: 401, forged: 401, admin: 400, supervisor: 403, agent: 403, counter: 403, agency: 403 },
  'GET /api/knowledge/office-values/versions': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },
  'POST /api/knowledge/office-values/rollback': { none: 401, forged: 401, admin: 400, supervisor: 403, agent: 403, counter: 403, agency: 403 },

  // ---- Every signed-in officer: who am I.
  'GET /api/auth/me': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },

  // ---- Reports (the Laporan page): supervisors and admins only. A gap group that does not exist is a 404
  // for them (the empty body reaches validation first: 400).
  'GET /api/reports/overview': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },
  'GET /api/reports/conversations': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },
  'GET /api/reports/bot-share': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },
  'GET /api/reports/handoffs': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },
  'GET /api/reports/response-times': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },
  'GET /api/reports/sla-breaches': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },
  'GET /api/reports/referrals': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },
  'GET /api/reports/topics': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },
  'GET /api/reports/complaints': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },
  'GET /api/reports/workload': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },
  'GET /api/reports/knowledge-gaps': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },
  'PATCH /api/reports/knowledge-gaps/{id}': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 403, counter: 403, agency: 403 },
  // A gap into the knowledge base (a new draft): drafting is open to agents as on the Pengetahuan page.
  'POST /api/reports/knowledge-gaps/{id}/add-to-entry': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 400, counter: 403, agency: 403 },
  'POST /api/reports/knowledge-gaps/{id}/new-entry': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 400, counter: 403, agency: 403 },
  // Prometheus scrape: off without METRICS_TOKEN (the test hub sets none), whoever calls.
  'GET /metrics': { none: 404, forged: 404, admin: 404, supervisor: 404, agent: 404, counter: 404, agency: 404 },

  // ---- Users: supervisors read the list and change capacity/teams; only administrators create.
  'GET /api/users': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },
  'POST /api/users': { none: 401, forged: 401, admin: 400, supervisor: 403, agent: 403, counter: 403, agency: 403 },
  // An empty patch of the demo agent is a valid no-op.
  'PATCH /api/users/{id}': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },

  // ---- Conversations. Lists are filtered by role (every role gets 200, its own rows). One conversation:
  // admin/supervisor see all; agent its teams' and the general queue; counter may READ any (audited
  // look-up of a citizen at the desk) but writes only counter conversations and its own; agency only
  // conversations referred to it — 404 on others. Routing actions (assign … labels) are for the
  // officers who handle citizens: agency gets 403 whatever the conversation.
  'GET /api/conversations': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },
  'GET /api/conversations/sync': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },
  'GET /api/conversations/{id}': {
    team: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 404 },
    referred: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },
    // The desk conversation is open, without a team and assigned to the counter officer: not the general
    // queue ("waiting with no team"), so not an agent's.
    counter: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 404, counter: 'ok', agency: 404 },
  },
  'GET /api/conversations/{id}/messages': {
    team: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 404 },
    referred: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },
  },
  // A real message without attachments: 404 for whoever may read it, 404 for the others too.
  'GET /api/conversations/{id}/messages/{messageId}/attachments/{index}': {
    team: { none: 401, forged: 401, admin: 404, supervisor: 404, agent: 404, counter: 404, agency: 404 },
  },
  // A reply to the citizen.
  'POST /api/conversations/{id}/messages': {
    team: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 404, agency: 404 },
    // An agency officer may answer the citizen directly on what was referred to them (the console offers a note first).
    referred: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 404, agency: 'ok' },
  },
  // A file to the citizen: same visibility as a reply; the matrix sends no file, so a caller let through gets 400.
  'POST /api/conversations/{id}/attachments': {
    team: { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 400, counter: 404, agency: 404 },
    referred: { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 400, counter: 404, agency: 400 },
  },
  // A private note: agency officers may write one on what was referred to them.
  'POST /api/conversations/{id}/notes': {
    team: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 404, agency: 404 },
    referred: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 404, agency: 'ok' },
  },
  'POST /api/conversations/{id}/assign': {
    team: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 404, agency: 403 },
  },
  // Who it can be handed to: asked by those who may change the conversation.
  'GET /api/conversations/{id}/assignees': {
    team: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 404, agency: 403 },
  },
  'POST /api/conversations/{id}/unassign': {
    team: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 404, agency: 403 },
  },
  // Transfer to the team it is already in (nothing changes for visibility).
  'POST /api/conversations/{id}/transfer': {
    team: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 404, agency: 403 },
  },
  // Empty body: 400 once the role passes (a real referral would change what PUPR sees).
  'POST /api/conversations/{id}/refer': {
    team: { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 400, counter: 400, agency: 403 },
  },
  'POST /api/conversations/{id}/resolve': {
    team: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 404, agency: 403 },
  },
  'POST /api/conversations/{id}/reopen': {
    team: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 404, agency: 403 },
  },
  'PUT /api/conversations/{id}/labels': {
    team: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 404, agency: 403 },
  },

  // ---- Contacts (citizens' personal data): officers search and edit; a profile is visible when one of the
  // citizen's conversations is (counter: any citizen, audited); agency: only citizens referred to it.
  'GET /api/contacts': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 403 },
  'POST /api/contacts/merge': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 400, counter: 400, agency: 403 },
  'GET /api/contacts/{id}': {
    team: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 404 },
    referred: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },
  },
  'PATCH /api/contacts/{id}': {
    team: { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 403 },
  },

  // ---- Canned responses: every officer reads and renders them; supervisors manage them.
  'GET /api/canned-responses': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },
  'POST /api/canned-responses': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 403, counter: 403, agency: 403 },
  'PATCH /api/canned-responses/{id}': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },
  // Each caller deletes its own throwaway canned response.
  'DELETE /api/canned-responses/{id}': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },
  // The management page's preview of a draft: for those who write them (empty body: 400 once the role passes).
  'POST /api/canned-responses/preview': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 403, counter: 403, agency: 403 },
  'POST /api/canned-responses/{idOrShortcut}/render': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 400, counter: 400, agency: 400 },

  // ---- Referrals: the list is filtered by role; the answer is the agency's (or a supervisor's for it).
  'GET /api/referrals': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },
  'POST /api/referrals/{id}/answer': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 403, counter: 403, agency: 400 },

  // ---- Teams, presence, agencies. Teams (members, their presence, queue sizes) and who is online are
  // the call center's business: officers who route conversations; an agency officer has none of it.
  // Agency officers get the teams' ids and names only (to read a referral's context), no members or workload.
  'GET /api/teams': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },
  'PUT /api/teams/{id}/sla': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 403, counter: 403, agency: 403 },
  'GET /api/presence': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 403 },
  // The agency codes a referral can go to: harmless, any officer.
  'GET /api/agencies': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },

  // ---- Audit log: supervisors and administrators only.
  'GET /api/audit': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 403, agency: 403 },

  // ---- MPP counter desk: the counter officer (and supervisors, administrators); empty bodies → 400.
  'POST /api/counter/visitors': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 403, counter: 400, agency: 403 },
  'POST /api/counter/conversations': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 403, counter: 400, agency: 403 },
  'GET /api/counter/permits/{number}': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 'ok', agency: 403 },
  // The call center: whoever answers the office's phones (agents, counter, supervisors); agencies do not.
  'POST /api/calls': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 400, counter: 400, agency: 403 },
  'GET /api/calls': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 403 },

  // ---- IKM survey. The IKM report: supervisors and administrators (no from/to → 400). A walk-in's survey
  // token: the counter officer (and supervisors, administrators). The survey page needs no login: its
  // one-use token is the permission, so an unknown token is a 404 whoever asks.
  'GET /api/reports/ikm': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 403, counter: 403, agency: 403 },
  'GET /api/reports/ikm/breakdown': { none: 401, forged: 401, admin: 400, supervisor: 400, agent: 403, counter: 403, agency: 403 },
  'POST /api/survey/walk-in': { none: 401, forged: 401, admin: 'ok', supervisor: 'ok', agent: 403, counter: 'ok', agency: 403 },
  'GET /survei.css': { none: 'ok', forged: 'ok', admin: 'ok', supervisor: 'ok', agent: 'ok', counter: 'ok', agency: 'ok' },
  'GET /survei/{token}': { none: 404, forged: 404, admin: 404, supervisor: 404, agent: 404, counter: 404, agency: 404 },
  'POST /survei/{token}': { none: 404, forged: 404, admin: 404, supervisor: 404, agent: 404, counter: 404, agency: 404 },
};

/**
 * Which fixture conversations each role finds in the lists (checked before any state change): the same
 * visibility rules as one conversation, except that the counter's wider read scope is for look-ups only.
 */
export const LIST_VISIBILITY: Record<string, Record<UserRole, Fixture[]>> = {
  'GET /api/conversations': {
    admin: ['team', 'referred', 'counter'],
    supervisor: ['team', 'referred', 'counter'],
    agent: ['team', 'referred'], // the counter's desk conversation is not the general queue
    counter: ['counter'],
    agency: ['referred'],
  },
  'GET /api/conversations/sync': {
    admin: ['team', 'referred', 'counter'],
    supervisor: ['team', 'referred', 'counter'],
    agent: ['team', 'referred'], // as above
    counter: ['counter'],
    agency: ['referred'],
  },
  // By the referred conversation: whoever may list that conversation sees its referral.
  'GET /api/referrals': { admin: ['referred'], supervisor: ['referred'], agent: ['referred'], counter: [], agency: ['referred'] },
};

/**
 * The private notes of the referred conversation each role reads (the notes rule, src/access): in
 * GET /api/conversations/{id}, its /messages, the list preview and a search by a note's words.
 *  - question:  the referral's question (written by the hub, always for the agency);
 *  - internal:  a help-desk note not marked for the agency;
 *  - forAgency: a help-desk note marked "tampilkan ke dinas";
 *  - agencyOwn: a note the PUPR officer wrote.
 * Counter officers read a referred conversation only as an audited look-up; they read its notes too.
 */
export type NoteKind = 'question' | 'internal' | 'forAgency' | 'agencyOwn';
const ALL_NOTES: NoteKind[] = ['question', 'internal', 'forAgency', 'agencyOwn'];
export const NOTE_VISIBILITY: Record<UserRole, NoteKind[]> = {
  admin: ALL_NOTES,
  supervisor: ALL_NOTES,
  agent: ALL_NOTES,
  counter: ALL_NOTES,
  agency: ['question', 'forAgency', 'agencyOwn'],
};

/**
 * Served, but excluded from the OpenAPI document on purpose (@ApiExcludeController). The spec also reads
 * the routes of every such controller from the source, so a new one cannot hide from the matrix.
 */
export const UNDOCUMENTED = new Set([
  'POST /channels/telegram/webhook',
  'GET /channels/whatsapp-cloud/webhook',
  'POST /channels/whatsapp-cloud/webhook',
  'GET /channels/messenger/webhook',
  'POST /channels/messenger/webhook',
  'GET /channels/instagram/webhook',
  'POST /channels/instagram/webhook',
  'POST /channels/phone/events',
  'GET /widget',
  'GET /widget.js',
  'GET /widget/welcome',
  'GET /console',
  'GET /console/{*path}',
  'GET /metrics',
]);
