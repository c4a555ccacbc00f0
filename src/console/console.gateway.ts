import { Logger, OnModuleInit } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { AuthService } from '../auth/auth.service';
import { isSupervisor, Principal } from '../auth/principal';
import { TokenService } from '../auth/token.service';
import { TransactionRunner } from '../database/transaction-runner';
import { CONSOLE_NAMESPACE } from '../hub/hub-events';
import { AgencyReferral } from '../routing/agency-referral.entity';
import { PresenceService } from '../routing/presence.service';
import { ConsoleSignals } from './console-signals';
import { ConsoleConversationsService } from './conversations.service';
import { uuid } from './validation';

interface SocketData {
  principal: Principal;
  /** Access-token expiry (ms). */
  exp: number;
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
 * rooms its role may hear — `user:<id>`, `team:<id>` of its teams,
 * `supervisors`, `channel:counter`, `agency:<code>` plus the conversations
 * referred to that agency — and HubEvents broadcasts into those rooms from
 * any process through the Redis streams adapter. A socket that comes back
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
export class ConsoleGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleInit {
  private readonly log = new Logger('ConsoleGateway');
  private ns?: Namespace;
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly tokens: TokenService,
    private readonly auth: AuthService,
    private readonly presence: PresenceService,
    private readonly conversations: ConsoleConversationsService,
    private readonly tx: TransactionRunner,
    private readonly signals: ConsoleSignals,
  ) {}

  onModuleInit(): void {
    this.signals.on((s) => {
      // Agency officers online now start hearing a conversation referred to them.
      if (s.kind === 'referred' && this.ns) this.ns.in(`agency:${s.agencyCode}`).socketsJoin(`conversation:${s.conversationId}`);
    });
  }

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
    const principal = await this.auth.principal(claims.sub);
    if (!principal) return null;
    const exp = (claims as { exp?: number }).exp;
    return { principal, exp: exp ? exp * 1000 : Date.now() + this.tokens.accessTtlSeconds * 1000 };
  }

  async handleConnection(socket: Socket): Promise<void> {
    const d = socket.data as SocketData | undefined;
    if (!d?.principal) {
      socket.disconnect(true);
      return;
    }
    const p = d.principal;
    try {
      if (!socket.recovered) await socket.join(await this.roomsFor(p));
      this.armExpiry(socket);
      await this.presence.connected(p.id, p.teamIds);
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
    if (d?.principal) await this.presence.disconnected(d.principal.id, d.principal.teamIds).catch(() => undefined);
  }

  private async roomsFor(p: Principal): Promise<string[]> {
    const rooms = [`user:${p.id}`];
    if (isSupervisor(p)) rooms.push('supervisors');
    rooms.push(...p.teamIds.map((t) => `team:${t}`));
    if (p.role === 'agent') rooms.push('team:none');
    if (p.role === 'counter') rooms.push('channel:counter');
    if (p.role === 'agency' && p.agencyCode) {
      rooms.push(`agency:${p.agencyCode}`);
      const refs = await this.tx.exclusive(() =>
        this.tx.manager
          .createQueryBuilder(AgencyReferral, 'r')
          .select(['r.conversationId'])
          .where('r.agency_code = :a', { a: p.agencyCode })
          .andWhere("r.status IN ('open', 'answered')")
          .orderBy('r.created_at', 'DESC')
          .take(1000)
          .getMany(),
      );
      rooms.push(...new Set(refs.map((r) => `conversation:${r.conversationId}`)));
    }
    return rooms;
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
    if (!d || d.principal.id !== (socket.data as SocketData).principal.id) return { ok: false, error: 'token tidak valid' };
    socket.data = d;
    this.armExpiry(socket);
    return { ok: true };
  }

  @SubscribeMessage('watch')
  async watch(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<Ack> {
    const b = conversationRef.safeParse(body);
    if (!b.success) return fail(b.error);
    const p = (socket.data as SocketData).principal;
    try {
      await this.tx.exclusive(() => this.conversations.find(this.tx.manager, p, b.data.conversationId, 'read'));
    } catch {
      return { ok: false, error: 'Percakapan tidak ditemukan.' };
    }
    await socket.join(`conversation:${b.data.conversationId}`);
    return { ok: true };
  }

  @SubscribeMessage('unwatch')
  async unwatch(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<Ack> {
    const b = conversationRef.safeParse(body);
    if (!b.success) return fail(b.error);
    if ((socket.data as SocketData).principal.role !== 'agency') await socket.leave(`conversation:${b.data.conversationId}`);
    return { ok: true };
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Ack {
    const b = typingBody.safeParse(body);
    if (!b.success) return fail(b.error);
    const room = `conversation:${b.data.conversationId}`;
    if (!socket.rooms.has(room)) return { ok: false, error: 'watch the conversation first' };
    const p = (socket.data as SocketData).principal;
    socket.to(room).emit('typing', { conversationId: b.data.conversationId, userId: p.id, name: p.name, typing: b.data.typing });
    return { ok: true };
  }

  @SubscribeMessage('presence')
  async setPresence(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<Ack> {
    const b = presenceBody.safeParse(body);
    if (!b.success) return fail(b.error);
    const p = (socket.data as SocketData).principal;
    await this.presence.setStatus(p.id, p.teamIds, b.data.status);
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
