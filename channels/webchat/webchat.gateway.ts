import { Inject, Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { Socket } from 'socket.io';
import { z } from 'zod';
import { deterministicId } from '../../src/common/ids';
import { HUB_CONFIG, ResolvedConfig } from '../../src/config/hub-config';
import { CitizenTyping, InboundIngress } from '../../src/hub/ports';
import { RedisConnections } from '../../src/redis/redis-connections';
import { clientAddress } from './client-address';
import { WebchatMessageLimits } from './message-limits';
import { visitorRoom, WEBCHAT_CHANNEL, WEBCHAT_NAMESPACE } from './webchat.adapter';
import { historySchema, typingSchema, visitorTokenSchema, webchatMessageSchema, WebchatAck } from './webchat.schemas';
import { WebchatSession, WebchatSessions } from './webchat-sessions';

interface SocketState {
  session: WebchatSession;
  /** Who the limits count this socket against (see clientAddress). */
  address: string;
  /** When this socket last passed on "typing" (ms), 0 after a stop: see onTyping. */
  typingSince: number;
}

/** A citizen typing for a while is one "typing" for the officers every few seconds, not one per key. */
const TYPING_INTERVAL_MS = 3_000;

/** Resolves to null when the socket got no session (refused or failed): it is being closed. */
const states = new WeakMap<Socket, Promise<SocketState | null>>();

class SessionRefused extends Error {
  constructor(readonly retryAfterMs: number) {
    super('too many new sessions');
  }
}

/**
 * Tells the visitor why, then closes. With connection state recovery a plain
 * socket.emit first goes through the Redis adapter (asynchronously) and would
 * arrive after the close, i.e. never; a local emit to the socket's own room is
 * written at once, ahead of the disconnect.
 */
function closeWith(socket: Socket, payload: { error: string; retryAfterMs?: number }): void {
  socket.nsp.local.to(socket.id).emit('error_message', payload);
  socket.disconnect(true);
}

const minutes = (ms: number): number => Math.max(1, Math.ceil(ms / 60_000));

/** What the visitor reads when something behind the web chat (Redis, the database) is away. */
const UNAVAILABLE = 'Layanan sedang terganggu, pesan belum terkirim. Silakan coba lagi sebentar lagi.';

const firstIssue = (e: z.ZodError): string => e.issues[0]?.message ?? 'Permintaan tidak valid.';

/**
 * The web chat contract (see README): `session` on connect, `message` and
 * `history` with acknowledgements. Validation happens here, before anything
 * is queued, so a bad payload changes nothing.
 */
@WebSocketGateway({ namespace: WEBCHAT_NAMESPACE })
export class WebchatGateway implements OnGatewayConnection {
  private readonly log = new Logger(WebchatGateway.name);
  /**
   * Per visitor (keyed by the visitor, not the socket, so reconnecting does not reset it) and per
   * client address (all its visitors together), checked in one Redis round trip.
   */
  private readonly limits: WebchatMessageLimits;
  /** New sessions per client address: what stops one machine from minting visitors. */
  private readonly sessionLimiter: RateLimiterRedis;
  private readonly messageSchema;

  constructor(
    @Inject(HUB_CONFIG) private readonly cfg: ResolvedConfig,
    private readonly sessionsSvc: WebchatSessions,
    private readonly ingress: InboundIngress,
    private readonly citizenTyping: CitizenTyping,
    redis: RedisConnections,
  ) {
    this.messageSchema = webchatMessageSchema(cfg.WEBCHAT_MAX_TEXT);
    this.limits = new WebchatMessageLimits(
      redis.client(),
      redis.prefix,
      { points: cfg.WEBCHAT_RATE_PER_MIN, seconds: 60 },
      { points: cfg.WEBCHAT_MESSAGES_PER_IP_PER_MIN, seconds: 60 },
    );
    this.sessionLimiter = new RateLimiterRedis({
      storeClient: redis.client(),
      keyPrefix: `${redis.prefix}:rl:webchat-session-ip`,
      points: cfg.WEBCHAT_SESSIONS_PER_IP_PER_HOUR,
      duration: 3600,
      rejectIfRedisNotReady: true,
    });
  }

  handleConnection(socket: Socket): void {
    const address = clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for']);
    const pending = this.sessionFor(socket, address).then(
      async (session): Promise<SocketState> => {
        await socket.join(visitorRoom(session.visitorKey));
        socket.emit('session', { visitorToken: session.visitorToken, conversationId: session.conversationId });
        return { session, address, typingSince: 0 };
      },
      (err: Error) => {
        if (err instanceof SessionRefused) {
          closeWith(socket, {
            error: `Terlalu banyak sesi obrolan baru dari jaringan Anda. Silakan coba lagi dalam ${minutes(err.retryAfterMs)} menit.`,
            retryAfterMs: err.retryAfterMs,
          });
        } else {
          this.log.error(`web chat session failed: ${err.message}`);
          closeWith(socket, { error: 'Layanan sedang sibuk, silakan coba lagi.' });
        }
        return null;
      },
    );
    states.set(socket, pending);
  }

  /** A token the server issued resumes its session; anything else is a new visitor, within the address's allowance. */
  private async sessionFor(socket: Socket, address: string): Promise<WebchatSession> {
    const raw: unknown = socket.handshake.auth?.visitorToken;
    if (visitorTokenSchema.safeParse(raw).success) {
      const known = await this.sessionsSvc.resume(raw as string);
      if (known) return known;
    }
    try {
      await this.sessionLimiter.consume(address);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw new SessionRefused(e.msBeforeNext);
      throw e;
    }
    return this.sessionsSvc.create();
  }

  /** Null when the message may go on; otherwise the refusal for the ack. */
  private async overLimit(state: SocketState): Promise<string | null> {
    const verdict = await this.limits.consume(state.session.visitorKey, state.address);
    if (verdict.ok) return null;
    const wait = Math.ceil(verdict.msBeforeNext / 1000);
    return verdict.by === 'visitor'
      ? `Terlalu banyak pesan. Silakan tunggu ${wait} detik.`
      : `Terlalu banyak pesan dari jaringan Anda. Silakan tunggu ${wait} detik.`;
  }

  /**
   * The contract's promise: every `message` emit with an ack gets `{ ok, … }`, whatever fails
   * (Redis away: rate limiter, session store, queue) — never a socket.io `exception`.
   */
  @SubscribeMessage('message')
  async onMessage(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<WebchatAck<{ messageId: string }>> {
    try {
      return await this.acceptMessage(socket, body);
    } catch (err) {
      this.log.error(`web chat message failed: ${(err as Error).message}`);
      return { ok: false, error: UNAVAILABLE };
    }
  }

  private async acceptMessage(socket: Socket, body: unknown): Promise<WebchatAck<{ messageId: string }>> {
    const parsed = this.messageSchema.safeParse(body);
    if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
    const state = await states.get(socket);
    if (!state) return { ok: false, error: 'Sesi belum siap.' };
    const { session } = state;
    const externalId = `${session.visitorKey}/${parsed.data.clientMessageId}`;
    const messageId = deterministicId(`${WEBCHAT_CHANNEL}|${externalId}`);
    const refused = await this.overLimit(state);
    if (refused) return { ok: false, error: refused };
    try {
      // The first message is what brings the visitor into the database.
      await this.sessionsSvc.materialize(session);
      await this.ingress.accept({
        messageId,
        channel: WEBCHAT_CHANNEL,
        externalId,
        sender: { kind: 'webchat', externalId: session.visitorKey },
        text: parsed.data.text,
        ...(parsed.data.replyPayload ? { replyPayload: parsed.data.replyPayload } : {}),
        receivedAt: new Date().toISOString(),
      });
    } catch (err) {
      this.log.error(`web chat message not accepted: ${(err as Error).message}`);
      return { ok: false, error: 'Pesan belum terkirim, silakan coba lagi.' };
    }
    // The message ends the typing: the console clears its indicator on the message itself.
    state.typingSince = 0;
    return { ok: true, messageId };
  }

  /**
   * `typing` { typing } (ack optional): shown to the officers who may read the
   * visitor's conversation. Throttled here, whatever the client sends: a start
   * at most every TYPING_INTERVAL_MS, a stop only after a start. Before the
   * first message nobody is told (there is no conversation yet).
   */
  @SubscribeMessage('typing')
  async onTyping(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<WebchatAck<object>> {
    const parsed = typingSchema.safeParse(body);
    if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
    const state = await states.get(socket);
    if (!state) return { ok: false, error: 'Sesi belum siap.' };
    const now = Date.now();
    const on = parsed.data.typing;
    if (on ? now - state.typingSince < TYPING_INTERVAL_MS : state.typingSince === 0) return { ok: true };
    state.typingSince = on ? now : 0;
    if (state.session.stored || (await this.sessionsSvc.known(state.session)))
      void this.citizenTyping.relay({ kind: 'webchat', externalId: state.session.visitorKey }, on);
    return { ok: true };
  }

  @SubscribeMessage('history')
  async onHistory(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<WebchatAck<{ messages: unknown[] }>> {
    try {
      return await this.readHistory(socket, body);
    } catch (err) {
      this.log.error(`web chat history failed: ${(err as Error).message}`);
      return { ok: false, error: 'Layanan sedang terganggu, riwayat belum dapat dimuat. Silakan coba lagi sebentar lagi.' };
    }
  }

  private async readHistory(socket: Socket, body: unknown): Promise<WebchatAck<{ messages: unknown[] }>> {
    const parsed = historySchema.safeParse(body);
    if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
    const state = await states.get(socket);
    if (!state) return { ok: false, error: 'Sesi belum siap.' };
    const messages = await this.sessionsSvc.history(state.session, parsed.data.afterMessageId);
    if (!messages) return { ok: false, error: 'afterMessageId tidak dikenal.' };
    return { ok: true, messages };
  }
}
