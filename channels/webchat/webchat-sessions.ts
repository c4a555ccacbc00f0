import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { newId } from '../../src/common/ids';
import { HUB_CONFIG, ResolvedConfig } from '../../src/config/hub-config';
import { ConcurrentCreateError, ContactsRepository } from '../../src/contacts/contacts.repository';
import { Conversation } from '../../src/conversations/conversation.entity';
import { ConversationsRepository } from '../../src/conversations/conversations.repository';
import { Message } from '../../src/conversations/message.entity';
import { isUniqueViolation } from '../../src/database/db-errors';
import { TransactionRunner } from '../../src/database/transaction-runner';
import { publicMessage } from '../../src/hub/hub-events';
import { RedisConnections } from '../../src/redis/redis-connections';

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
    private readonly tx: TransactionRunner,
    private readonly contacts: ContactsRepository,
    private readonly conversations: ConversationsRepository,
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

  /** Looks the visitor up in the database (another tab may have written); false if they never wrote. */
  private async refresh(session: WebchatSession): Promise<boolean> {
    return this.tx.exclusive(async () => {
      const m = this.tx.manager;
      const identity = await this.contacts.findIdentity(m, 'webchat', session.visitorKey);
      if (!identity) return false;
      const contact = await this.contacts.resolveMerged(m, identity.contactId);
      const active = await this.conversations.findActiveForContact(m, contact.id);
      session.contactId = contact.id;
      // After a resolution the next conversation is not opened until the visitor writes again.
      if (active) Object.assign(session, { conversationId: active.id, stored: true });
      return true;
    });
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
    for (let attempt = 0; ; attempt++) {
      try {
        const { contactId, conversationId } = await this.tx.run(async (m) => {
          const { contact, identity } = await this.contacts.findOrCreateByIdentity(m, { kind: 'webchat', externalId: session.visitorKey });
          const { conversation } = await this.conversations.findOrOpen(m, contact.id, 'webchat', identity.id, new Date(), session.conversationId);
          return { contactId: contact.id, conversationId: conversation.id };
        });
        Object.assign(session, { contactId, conversationId, stored: true });
        break;
      } catch (err) {
        // Another tab of the same visitor opened it first: the retry finds theirs. If that one is
        // already resolved, the reserved id is taken: the retry opens the next one under a new id.
        if ((err instanceof ConcurrentCreateError || isUniqueViolation(err)) && attempt < 5) {
          session.conversationId = newId();
          continue;
        }
        throw err;
      }
    }
    // The database knows the visitor now; the empty session has no more use.
    await this.redis
      .client()
      .del(this.emptyKey(session.visitorKey))
      .catch(() => undefined);
  }

  /** Every message the visitor may see, across their conversations, oldest first. */
  async history(session: WebchatSession, afterMessageId?: string): Promise<ReturnType<typeof publicMessage>[] | null> {
    if (!session.contactId) await this.refresh(session);
    const contactId = session.contactId;
    if (!contactId) return afterMessageId ? null : [];
    return this.tx.exclusive(async () => {
      const m: EntityManager = this.tx.manager;
      const convs = await m.find(Conversation, { where: { contactId }, select: { id: true } });
      let after: Message | null = null;
      if (afterMessageId) {
        after = await m.findOneBy(Message, { id: afterMessageId });
        if (!after || !convs.some((c) => c.id === after!.conversationId)) return null;
      }
      const msgs = await this.conversations.history(
        m,
        convs.map((c) => c.id),
        { after, includePrivate: false, limit: 500 },
      );
      return msgs.map((x) => publicMessage(x));
    });
  }
}
