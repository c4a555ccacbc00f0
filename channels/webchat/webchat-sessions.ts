import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { newId } from '../../src/common/ids';
import { HUB_CONFIG, ResolvedConfig } from '../../src/config/hub-config';
import { ChannelConversations, PublicMessage } from '../../src/hub/ports';
import { RedisConnections } from '../../src/redis/redis-connections';
import { WEBCHAT_CHANNEL } from './webchat.adapter';
import { WidgetAttachment, widgetAttachments } from './webchat-files';

export interface WebchatSession {
  visitorToken: string;
  /** sha256 of the token: what the database and Redis store, so a leaked table cannot impersonate a visitor. */
  visitorKey: string;
  /** Null until the visitor has written: nobody who only connected is in the database. */
  contactId: string | null;
  /** The conversation the visitor writes to; before the first message an id reserved for it, with no row. */
  conversationId: string;
  /** Whether conversationId names a stored conversation (false: it is opened with that id on the next message). */
  stored: boolean;
}

/** A message as the widget sees it. */
export type WidgetMessage = Omit<PublicMessage, 'attachments'> & { attachments?: WidgetAttachment[] };

export const visitorKeyOf = (token: string): string => createHash('sha256').update(token).digest('base64url').slice(0, 43);

/**
 * Web chat visitors. Tokens come only from here: a token is known while its
 * empty session is in Redis (with a TTL, so sessions nobody wrote in expire
 * on their own) or once its visitor has written (the channel identity in the
 * database). Any other token is nobody's, and its holder gets a new session.
 */
@Injectable()
export class WebchatSessions {
  private readonly opening = new WeakMap<WebchatSession, Promise<void>>();

  constructor(
    @Inject(HUB_CONFIG) private readonly cfg: ResolvedConfig,
    private readonly conversations: ChannelConversations,
    private readonly redis: RedisConnections,
  ) {}

  private emptyKey(visitorKey: string): string {
    return `${this.redis.prefix}:webchat:empty:${visitorKey}`;
  }

  /** A new visitor: a token and a reserved conversation id, kept in Redis only until they write or the TTL ends. */
  async create(): Promise<WebchatSession> {
    const visitorToken = randomBytes(24).toString('base64url');
    const visitorKey = visitorKeyOf(visitorToken);
    const conversationId = newId();
    await this.redis.client().set(this.emptyKey(visitorKey), conversationId, 'EX', this.cfg.WEBCHAT_EMPTY_SESSION_TTL_S);
    return { visitorToken, visitorKey, contactId: null, conversationId, stored: false };
  }

  /** The session a token the server issued belongs to; null for a token it never issued (or whose empty session expired). */
  async resume(visitorToken: string): Promise<WebchatSession | null> {
    const visitorKey = visitorKeyOf(visitorToken);
    const reserved = await this.redis.client().get(this.emptyKey(visitorKey));
    if (reserved) return { visitorToken, visitorKey, contactId: null, conversationId: reserved, stored: false };
    const session: WebchatSession = { visitorToken, visitorKey, contactId: null, conversationId: newId(), stored: false };
    return (await this.refresh(session)) ? session : null;
  }

  /** Looks the visitor up in the hub (another tab may have written); false if they never wrote. */
  private async refresh(session: WebchatSession): Promise<boolean> {
    const known = await this.conversations.findSender({ kind: 'webchat', externalId: session.visitorKey });
    if (!known) return false;
    session.contactId = known.contactId;
    // After a resolution the next conversation is not opened until the visitor writes again.
    if (known.activeConversationId) Object.assign(session, { conversationId: known.activeConversationId, stored: true });
    return true;
  }

  /** Called before the visitor's message is queued: their contact and conversation exist from here on. */
  materialize(session: WebchatSession): Promise<void> {
    if (session.stored) return Promise.resolve();
    // Messages sent at once on one socket share the one opening.
    let pending = this.opening.get(session);
    if (!pending) {
      pending = this.open(session).finally(() => this.opening.delete(session));
      this.opening.set(session, pending);
    }
    return pending;
  }

  private async open(session: WebchatSession): Promise<void> {
    // Another tab of the same visitor may open it first: the hub then answers with theirs.
    const { contactId, conversationId } = await this.conversations.open(
      { kind: 'webchat', externalId: session.visitorKey },
      WEBCHAT_CHANNEL,
      session.conversationId,
    );
    Object.assign(session, { contactId, conversationId, stored: true });
    // The database knows the visitor now; the empty session has no more use.
    await this.redis
      .client()
      .del(this.emptyKey(session.visitorKey))
      .catch(() => undefined);
  }

  /** Whether the visitor is in the database (they wrote, maybe from another tab). */
  async known(session: WebchatSession): Promise<boolean> {
    return !!session.contactId || (await this.refresh(session));
  }

  /** Every message the visitor may see, across their conversations, oldest first. */
  async history(session: WebchatSession, afterMessageId?: string): Promise<WidgetMessage[] | null> {
    if (!session.contactId) await this.refresh(session);
    const contactId = session.contactId;
    if (!contactId) return afterMessageId ? null : [];
    const messages = await this.conversations.history(contactId, afterMessageId);
    // Storage paths stay on the hub: files become the widget's download links.
    return (
      messages?.map(({ attachments, ...m }) => {
        const shown = widgetAttachments(m.id, attachments);
        return shown.length ? { ...m, attachments: shown } : m;
      }) ?? null
    );
  }
}
