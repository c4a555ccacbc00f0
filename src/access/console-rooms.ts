import { isSupervisor, Principal } from '../common/principal';

export { CONSOLE_NAMESPACE } from '../realtime/namespaces';

/**
 * The console's socket.io rooms, and who is in them: the live side of the one
 * visibility rule (src/access/access.repository.ts is its SQL side). An officer's
 * socket hears about a conversation only through a room that stands for a
 * reason REST would show it to them:
 *  - `supervisors`: admins and supervisors (REST: everything);
 *  - `team:<id>`: agents of that team (REST: their teams' conversations);
 *  - `team:none`: agents (REST: the general queue, waiting with no team and no assignee);
 *  - `user:<id>`: the officer (REST: conversations assigned to them);
 *  - `channel:counter`: counter officers (REST: counter conversations);
 *  - `agency:<code>`: that agency's officers (REST: conversations referred to it);
 *  - `agencies`: every agency officer — never a reason to hear, only the room a
 *    private note not marked for agencies is sent `except` (REST: agencies read
 *    only notes marked for them, see hiddenFromAgencies);
 *  - `conversation:<id>`: officers who opened it with `watch`, checked against
 *    REST 'read' when they join — only roles whose read access to a conversation
 *    never shrinks (admin, supervisor, counter, agency); an agent's access
 *    follows team and assignee, so agents hear only through the rooms above;
 *  - `session:<sid>`: one login, to end it at logout.
 * A conversation the bot still owns reaches no room but its explicit watchers.
 */
export const ConsoleRooms = {
  supervisors: 'supervisors',
  generalQueue: 'team:none',
  counter: 'channel:counter',
  team: (id: string) => `team:${id}`,
  user: (id: string) => `user:${id}`,
  agency: (code: string) => `agency:${code}`,
  agencies: 'agencies',
  watchers: (conversationId: string) => `conversation:${conversationId}`,
  session: (sid: string) => `session:${sid}`,
};

/** What the audience of a conversation depends on. */
export interface AudienceFacts {
  id: string;
  status: string;
  teamId: string | null;
  assigneeId: string | null;
  channel: string;
}

/** The rooms a socket of p joins when it connects. */
export function roomsOf(p: Principal, sid?: string): string[] {
  const rooms = [ConsoleRooms.user(p.id)];
  if (sid) rooms.push(ConsoleRooms.session(sid));
  if (isSupervisor(p)) rooms.push(ConsoleRooms.supervisors);
  // Only agents see conversations by team: a team given to a counter or agency officer grants nothing.
  if (p.role === 'agent') rooms.push(...p.teamIds.map(ConsoleRooms.team), ConsoleRooms.generalQueue);
  if (p.role === 'counter') rooms.push(ConsoleRooms.counter);
  if (p.role === 'agency') rooms.push(ConsoleRooms.agencies);
  if (p.role === 'agency' && p.agencyCode) rooms.push(ConsoleRooms.agency(p.agencyCode));
  return rooms;
}

/**
 * The live side of the notes rule (access.repository.ts messageVisibility):
 * a private note not marked for the agency reaches no agency officer, not
 * even one watching the conversation.
 */
export function hiddenFromAgencies(m: { isPrivate: boolean; forAgency: boolean }): boolean {
  return m.isPrivate && !m.forAgency;
}

/** Where an event about message m goes, given its conversation's audience: the rooms, and the room excepted. */
export function messageAudience(audience: readonly string[], m: { isPrivate: boolean; forAgency: boolean }): { rooms: string[]; except?: string } {
  if (!hiddenFromAgencies(m)) return { rooms: [...audience] };
  return { rooms: audience.filter((r) => !r.startsWith('agency:')), except: ConsoleRooms.agencies };
}

/** Whether a `watch` by p joins the conversation's watchers room (see above). */
export const watchesByRoom = (p: Principal): boolean => p.role !== 'agent';

/** The rooms that may hear about conversation c, given the agencies it was referred to. */
export function audienceOf(c: AudienceFacts, referredTo: readonly string[]): string[] {
  const rooms = [ConsoleRooms.watchers(c.id)];
  if (c.status === 'bot') return rooms;
  rooms.push(ConsoleRooms.supervisors);
  if (c.teamId) rooms.push(ConsoleRooms.team(c.teamId));
  else if (!c.assigneeId && (c.status === 'pending' || c.status === 'open')) rooms.push(ConsoleRooms.generalQueue);
  if (c.assigneeId) rooms.push(ConsoleRooms.user(c.assigneeId));
  if (c.channel === 'counter') rooms.push(ConsoleRooms.counter);
  for (const code of new Set(referredTo)) rooms.push(ConsoleRooms.agency(code));
  return rooms;
}
