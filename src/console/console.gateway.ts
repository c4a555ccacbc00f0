import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { ConsoleRooms, roomsOf, watchesByRoom } from '../access/console-rooms';
import { AuthService } from '../auth/auth.service';
import { Principal } from '../common/principal';
import { TokenService } from '../auth/token.service';
import { CONSOLE_NAMESPACE, HubEvents } from '../hub/hub-events';
import { OfficerTyping } from '../hub/officer-typing.ports';
import { PresenceService } from '../routing/presence.service';
import { AuditService } from '../audit/audit.service';
import { ConversationQueries } from './conversation-queries.service';
import { uuid } from '../common/validation';

interface SocketData {
  principal: Principal;
  /** The login this socket belongs to (ended at logout). */
  sid?: string;
  /** Access-token expiry (ms). */
  exp: number;
  /** Conversations this socket watches (agents watch without a room, see console-rooms.ts). */
  watching: Set<string>;
}

type Ack<T = object> = ({ ok: true } & T) | { ok: false; error: string };

const conversationRef = z.object({ conversationId: uuid }).strict();
const typingBody = z.object({ conversationId: uuid, typing: z.boolean().default(true) }).strict();
const presenceBody = z.object({ status: z.enum(['online', 'away']) }).strict();
const syncBody = z.object({ since: z.iso.datetime({ offset: true, message: 'since harus waktu ISO 8601' }) }).strict();
const reauthBody = z.object({ token: z.string().min(20).max(4096) }).strict();

const fail = (e: z.ZodError): { ok: false; error: string } => ({ ok: false, error: e.issues[0]?.message ?? 'Permintaan tidak valid.' });

/**
 * The console's live channel: socket.io namespace /console, signed in with
 * the access token (`auth: { token }` in the handshake). Each socket joins the
 * rooms its role may hear (src/access/console-rooms.ts: the same visibility
 * rule as REST) and HubEvents broadcasts into those rooms from any process
 * through the Redis streams adapter. A socket of a deactivated, changed or
 * logged-out officer is disconnected at once (SessionRevocation). A socket that comes back
 * within two minutes recovers what it missed (connection state recovery);
 * after a longer drop the client asks `sync { since }`.
 *
 * Client → server (all with an ack): `watch` / `unwatch` { conversationId },
 * `typing` { conversationId, typing }, `presence` { status }, `sync` { since },
 * `reauth` { token }. Server → client: `ready`, `conversation.created`,
 * `conversation.updated`, `conversation.assigned`, `message.created`,
 * `message.updated`, `typing`, `presence`, `sla.breached`, `referral.created`,
 * `referral.overdue`, `referral.answered`, `integrity.flagged`, `session.expired`.
 */
@WebSocketGateway({ namespace: CONSOLE_NAMESPACE })
export class ConsoleGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly log = new Logger('ConsoleGateway');
  private ns?: Namespace;
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly tokens: TokenService,
    private readonly auth: AuthService,
    private readonly presence: PresenceService,
    private readonly conversations: ConversationQueries,
    private readonly events: HubEvents,
    private readonly audit: AuditService,
    private readonly officerTyping: OfficerTyping,
  ) {}

  afterInit(ns: Namespace): void {
    this.ns = ns;
    ns.use((socket, next) => {
      void this.authenticate(socket.handshake.auth?.token)
        .then((d) => {
          if (!d) return next(new Error('unauthorized'));
          socket.data = d;
          next();
        })
        .catch((err: Error) => next(err));
    });
  }

  private async authenticate(token: unknown): Promise<SocketData | null> {
    const claims = await this.tokens.verifyAccess(token);
    if (!claims) return null;
    if (await this.auth.sessionEnded(claims.sid)) return null;
    const principal = await this.auth.principal(claims.sub, true);
    if (!principal) return null;
    const exp = (claims as { exp?: number }).exp;
    return { principal, sid: claims.sid, exp: exp ? exp * 1000 : Date.now() + this.tokens.accessTtlSeconds * 1000, watching: new Set() };
  }

  async handleConnection(socket: Socket): Promise<void> {
    const d = socket.data as SocketData | undefined;
    if (!d?.principal) {
      socket.disconnect(true);
      return;
    }
    const p = d.principal;
    try {
      if (!socket.recovered) await socket.join(roomsOf(p, d.sid));
      this.armExpiry(socket);
      await this.presence.connected(p.id, presenceTeams(p));
      socket.emit('ready', {
        user: { id: p.id, name: p.name, role: p.role, agencyCode: p.agencyCode, teamIds: p.teamIds },
        recovered: socket.recovered,
        serverTime: new Date().toISOString(),
      });
    } catch (err) {
      this.log.error(`console connection setup failed: ${(err as Error).message}`);
      socket.disconnect(true);
    }
  }

  async handleDisconnect(socket: Socket): Promise<void> {
    const t = this.expiryTimers.get(socket.id);
    if (t) clearTimeout(t);
    this.expiryTimers.delete(socket.id);
    const d = socket.data as SocketData | undefined;
    if (d?.principal) await this.presence.disconnected(d.principal.id, presenceTeams(d.principal)).catch(() => undefined);
  }

  /** The socket ends with its access token unless the client sends `reauth` with a fresh one. */
  private armExpiry(socket: Socket): void {
    const old = this.expiryTimers.get(socket.id);
    if (old) clearTimeout(old);
    const d = socket.data as SocketData;
    const ms = Math.min(Math.max(d.exp - Date.now(), 0), 2 ** 31 - 1);
    const t = setTimeout(() => {
      socket.emit('session.expired', { reason: 'access token expired; reconnect with a fresh token' });
      socket.disconnect(true);
    }, ms);
    t.unref();
    this.expiryTimers.set(socket.id, t);
  }

  @SubscribeMessage('reauth')
  async reauth(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<Ack> {
    const b = reauthBody.safeParse(body);
    if (!b.success) return fail(b.error);
    const d = await this.authenticate(b.data.token);
    const was = socket.data as SocketData;
    if (!d || d.principal.id !== was.principal.id) return { ok: false, error: 'token tidak valid' };
    socket.data = { ...d, watching: was.watching };
    this.armExpiry(socket);
    return { ok: true };
  }

  @SubscribeMessage('watch')
  async watch(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<Ack> {
    const b = conversationRef.safeParse(body);
    if (!b.success) return fail(b.error);
    const d = socket.data as SocketData;
    const p = d.principal;
    const id = b.data.conversationId;
    let outOfScope: boolean;
    try {
      ({ outOfScope } = await this.conversations.watchable(p, id));
    } catch {
      return { ok: false, error: 'Percakapan tidak ditemukan.' };
    }
    // Live reading of a conversation outside the officer's own list (a counter look-up) is a read of personal data.
    if (outOfScope && !d.watching.has(id))
      await this.audit.recordNow({ actor: p, action: 'conversation.watch', targetType: 'conversation', targetId: id, detail: { lookup: true } });
    d.watching.add(id);
    if (watchesByRoom(p)) await socket.join(ConsoleRooms.watchers(id));
    return { ok: true };
  }

  @SubscribeMessage('unwatch')
  async unwatch(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<Ack> {
    const b = conversationRef.safeParse(body);
    if (!b.success) return fail(b.error);
    (socket.data as SocketData).watching.delete(b.data.conversationId);
    await socket.leave(ConsoleRooms.watchers(b.data.conversationId));
    return { ok: true };
  }

  @SubscribeMessage('typing')
  async typing(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<Ack> {
    const b = typingBody.safeParse(body);
    if (!b.success) return fail(b.error);
    const d = socket.data as SocketData;
    const id = b.data.conversationId;
    if (!d.watching.has(id)) return { ok: false, error: 'Buka percakapan ini terlebih dahulu.' };
    const p = d.principal;
    // Checked again now: the officer's access may have changed since the watch.
    const c = await this.conversations.readable(p, id).catch(() => null);
    if (!c) {
      d.watching.delete(id);
      return { ok: false, error: 'Percakapan tidak ditemukan.' };
    }
    socket.to(await this.events.audience(c)).emit('typing', { conversationId: id, userId: p.id, name: p.name, typing: b.data.typing });
    // The citizen sees it too where the channel can show it (Messenger, Instagram); never delays the ack.
    if (p.role !== 'agency') void this.officerTyping.relay(c, b.data.typing);
    return { ok: true };
  }

  @SubscribeMessage('presence')
  async setPresence(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<Ack> {
    const b = presenceBody.safeParse(body);
    if (!b.success) return fail(b.error);
    const p = (socket.data as SocketData).principal;
    await this.presence.setStatus(p.id, presenceTeams(p), b.data.status);
    return { ok: true };
  }

  @SubscribeMessage('sync')
  async sync(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<Ack<{ items: unknown[]; complete: boolean; until: string }>> {
    const b = syncBody.safeParse(body);
    if (!b.success) return fail(b.error);
    const r = await this.conversations.changedSince((socket.data as SocketData).principal, new Date(b.data.since));
    return { ok: true, ...r };
  }
}

/** Teams whose agents hear an officer's presence: a team given to a counter or agency officer means nothing. */
function presenceTeams(p: Principal): string[] {
  return p.role === 'counter' || p.role === 'agency' ? [] : p.teamIds;
}
