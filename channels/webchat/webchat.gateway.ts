import { Inject, Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { Socket } from 'socket.io';
import { z } from 'zod';
import { deterministicId } from '../../src/common/ids';
import { HUB_CONFIG, ResolvedConfig } from '../../src/config/hub-config';
import { InboundIngress } from '../../src/hub/inbound-ingress.service';
import { RedisConnections } from '../../src/redis/redis-connections';
import { visitorRoom, WEBCHAT_CHANNEL, WEBCHAT_NAMESPACE } from './webchat.adapter';
import { historySchema, visitorTokenSchema, webchatMessageSchema, WebchatAck } from './webchat.schemas';
import { WebchatSession, WebchatSessions } from './webchat-sessions';

const sessions = new WeakMap<Socket, Promise<WebchatSession>>();

const firstIssue = (e: z.ZodError): string => e.issues[0]?.message ?? 'Permintaan tidak valid.';

/**
 * The web chat contract (see README): `session` on connect, `message` and
 * `history` with acknowledgements. Validation happens here, before anything
 * is queued, so a bad payload changes nothing.
 */
@WebSocketGateway({ namespace: WEBCHAT_NAMESPACE })
export class WebchatGateway implements OnGatewayConnection {
  private readonly log = new Logger(WebchatGateway.name);
  private readonly limiter: RateLimiterRedis;
  private readonly messageSchema;

  constructor(
    @Inject(HUB_CONFIG) private readonly cfg: ResolvedConfig,
    private readonly sessionsSvc: WebchatSessions,
    private readonly ingress: InboundIngress,
    redis: RedisConnections,
  ) {
    this.messageSchema = webchatMessageSchema(cfg.WEBCHAT_MAX_TEXT);
    this.limiter = new RateLimiterRedis({
      storeClient: redis.client(),
      keyPrefix: `${redis.prefix}:rl:webchat`,
      points: cfg.WEBCHAT_RATE_PER_MIN,
      duration: 60,
    });
  }

  handleConnection(socket: Socket): void {
    const raw: unknown = socket.handshake.auth?.visitorToken;
    const token = visitorTokenSchema.safeParse(raw).success ? (raw as string) : undefined;
    const pending = this.sessionsSvc.open(token).then(async (s) => {
      await socket.join(visitorRoom(s.visitorKey));
      socket.emit('session', { visitorToken: s.visitorToken, conversationId: s.conversationId });
      return s;
    });
    pending.catch((err: Error) => {
      this.log.error(`web chat session failed: ${err.message}`);
      socket.emit('error_message', { error: 'Layanan sedang sibuk, silakan coba lagi.' });
      socket.disconnect(true);
    });
    sessions.set(socket, pending);
  }

  @SubscribeMessage('message')
  async onMessage(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<WebchatAck<{ messageId: string }>> {
    const parsed = this.messageSchema.safeParse(body);
    if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
    const session = await sessions.get(socket);
    if (!session) return { ok: false, error: 'Sesi belum siap.' };
    const externalId = `${session.visitorKey}/${parsed.data.clientMessageId}`;
    const messageId = deterministicId(`${WEBCHAT_CHANNEL}|${externalId}`);
    try {
      await this.limiter.consume(session.visitorKey);
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        return { ok: false, error: `Terlalu banyak pesan. Silakan tunggu ${Math.ceil(e.msBeforeNext / 1000)} detik.` };
      }
      throw e;
    }
    try {
      await this.ingress.accept({
        messageId,
        channel: WEBCHAT_CHANNEL,
        externalId,
        sender: { kind: 'webchat', externalId: session.visitorKey },
        text: parsed.data.text,
        receivedAt: new Date().toISOString(),
      });
    } catch (err) {
      this.log.error(`web chat enqueue failed: ${(err as Error).message}`);
      return { ok: false, error: 'Pesan belum terkirim, silakan coba lagi.' };
    }
    return { ok: true, messageId };
  }

  @SubscribeMessage('history')
  async onHistory(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<WebchatAck<{ messages: unknown[] }>> {
    const parsed = historySchema.safeParse(body);
    if (!parsed.success) return { ok: false, error: firstIssue(parsed.error) };
    const session = await sessions.get(socket);
    if (!session) return { ok: false, error: 'Sesi belum siap.' };
    const messages = await this.sessionsSvc.history(session, parsed.data.afterMessageId);
    if (!messages) return { ok: false, error: 'afterMessageId tidak dikenal.' };
    return { ok: true, messages };
  }
}
