import { EntityManager } from 'typeorm';
import { ChannelIdentity, IdentityKind } from '../../../src/schema/channel-identity.entity';
import { Contact } from '../../../src/schema/contact.entity';
import { ContactsRepository } from '../../../src/contacts/contacts.repository';
import { Conversation } from '../../../src/schema/conversation.entity';
import { ConversationsRepository } from '../../../src/conversations/conversations.repository';
import { Message } from '../../../src/schema/message.entity';
import { TransactionRunner } from '../../../src/database/transaction-runner';
import { ChannelAdapter, SendResult } from '../../../src/hub/channel-adapter';
import { HubEvents } from '../../../src/hub/hub-events';
import { OutboundEnvelope } from '../../../src/hub/messages';
import { OutboundService } from '../../../src/hub/outbound.service';
import { OutboundSender, SendOutcome } from '../../../src/hub/outbound.sender';
import { ConversationResponder, ResponderContext, ResponderDecision } from '../../../src/hub/responder';

/**
 * In-memory fakes of what the hub's inbound path depends on (repositories,
 * transactions, events, outbound), sharing one store: no database, no Redis.
 */
export class HubStore {
  contacts = new Map<string, Contact>();
  identities = new Map<string, ChannelIdentity>();
  conversations = new Map<string, Conversation>();
  messages = new Map<string, Message>();
  private seq = 0;

  nextId(prefix: string): string {
    return `${prefix}-${++this.seq}`;
  }

  messagesOf(conversationId: string): Message[] {
    return [...this.messages.values()].filter((m) => m.conversationId === conversationId).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }
}

const copy = <T extends object>(o: T): T => structuredClone(o);

/** Runs work at once; the "manager" is only passed on to the fake repositories. */
export function fakeTransactions(_store: HubStore): TransactionRunner {
  const manager = {} as EntityManager;
  return {
    manager,
    run: async (fn: (m: EntityManager) => Promise<unknown>) => fn(manager),
    runIdempotent: async (fn: (m: EntityManager) => Promise<unknown>) => fn(manager),
    read: async (fn: (m: EntityManager) => Promise<unknown>) => fn(manager),
    exclusive: async (fn: () => Promise<unknown>) => fn(),
  } as unknown as TransactionRunner;
}

export function fakeContacts(store: HubStore): ContactsRepository {
  return {
    async findOrCreateByIdentity(_m: EntityManager, ref: { kind: IdentityKind; externalId: string; displayName?: string }, now = new Date()) {
      const existing = [...store.identities.values()].find((i) => i.kind === ref.kind && i.externalId === ref.externalId);
      if (existing) return { contact: copy(store.contacts.get(existing.contactId)!), identity: copy(existing) };
      const contact = { id: store.nextId('contact'), displayName: ref.displayName ?? null, createdAt: now } as unknown as Contact;
      const identity = { id: store.nextId('identity'), contactId: contact.id, kind: ref.kind, externalId: ref.externalId } as unknown as ChannelIdentity;
      store.contacts.set(contact.id, contact);
      store.identities.set(identity.id, identity);
      return { contact: copy(contact), identity: copy(identity) };
    },
    async resolveMerged(_m: EntityManager, contactId: string) {
      return copy(store.contacts.get(contactId)!);
    },
    async nameIfUnnamed(_m: EntityManager, id: string, name: string, now: Date) {
      const c = store.contacts.get(id);
      if (c && !c.name) Object.assign(c, { name, updatedAt: now });
    },
    async findKnownSender(_m: EntityManager, ref: { kind: IdentityKind; externalId: string }) {
      const existing = [...store.identities.values()].find((i) => i.kind === ref.kind && i.externalId === ref.externalId);
      return existing ? { contact: copy(store.contacts.get(existing.contactId)!), identity: copy(existing) } : null;
    },
  } as unknown as ContactsRepository;
}

export function fakeConversations(store: HubStore): ConversationsRepository {
  return {
    async findById(_m: EntityManager, id: string) {
      const c = store.conversations.get(id);
      return c ? copy(c) : null;
    },
    async findMessage(_m: EntityManager, id: string) {
      const msg = store.messages.get(id);
      return msg ? copy(msg) : null;
    },
    async findActiveForContact(_m: EntityManager, contactId: string) {
      const active = [...store.conversations.values()].find((c) => c.contactId === contactId && c.status !== 'resolved');
      return active ? copy(active) : null;
    },
    async findOrOpen(_m: EntityManager, contactId: string, channel: string, identityId: string | null, now = new Date()) {
      const active = [...store.conversations.values()].find((c) => c.contactId === contactId && c.status !== 'resolved');
      if (active) return { conversation: copy(active), opened: false };
      const conversation = {
        id: store.nextId('conversation'),
        reference: store.nextId('LB'),
        contactId,
        kind: 'general',
        status: 'bot',
        channel,
        identityId,
        teamId: null,
        assigneeId: null,
        subject: null,
        labels: [],
        botState: null,
        createdAt: now,
        updatedAt: now,
        lastMessageAt: null,
        waitingSince: null,
        firstResponseAt: null,
        resolvedAt: null,
      } as Conversation;
      store.conversations.set(conversation.id, conversation);
      return { conversation: copy(conversation), opened: true };
    },
    async insertMessage(_m: EntityManager, msg: Message) {
      if (store.messages.has(msg.id)) throw new Error(`duplicate message ${msg.id}`);
      store.messages.set(msg.id, copy(msg));
    },
    async updateMessage(_m: EntityManager, where: Partial<Message>, set: Partial<Message>) {
      const msg = store.messages.get(where.id!);
      if (!msg || Object.entries(where).some(([k, v]) => msg[k as keyof Message] !== v)) return 0;
      Object.assign(msg, set);
      return 1;
    },
    async updateConversation(_m: EntityManager, id: string, set: Partial<Conversation>) {
      const c = store.conversations.get(id);
      if (!c) return 0;
      Object.assign(c, set);
      return 1;
    },
    async updateConversationIf(_m: EntityManager, where: Partial<Conversation> & { id: string }, set: Partial<Conversation>) {
      const c = store.conversations.get(where.id);
      // Dates by value (structuredClone's copies may come from another realm: no instanceof).
      const value = (x: unknown) => (x && typeof x === 'object' && 'getTime' in x ? (x as Date).getTime() : x);
      const same = (a: unknown, b: unknown) => value(a) === value(b);
      if (!c || Object.entries(where).some(([k, v]) => !same(c[k as keyof Conversation], v))) return 0;
      Object.assign(c, set);
      return 1;
    },
    async findRepliesTo(_m: EntityManager, inboundId: string) {
      return [...store.messages.values()].filter((m) => m.idempotencyKey?.startsWith(`reply:${inboundId}:`)).map(copy);
    },
  } as unknown as ConversationsRepository;
}

/** What the console was told, in order. */
export interface EmittedEvent {
  event: 'message.created' | 'conversation.updated';
  conversationId: string;
  messageId?: string;
  deliveryStatus?: string;
}

export function fakeHubEvents(log: EmittedEvent[]): HubEvents {
  return {
    async messageCreated(c: Conversation, m: Message) {
      log.push({ event: 'message.created', conversationId: c.id, messageId: m.id, deliveryStatus: m.deliveryStatus });
    },
    async conversationUpdated(c: Conversation) {
      log.push({ event: 'conversation.updated', conversationId: c.id });
    },
  } as unknown as HubEvents;
}

export function fakeOutbound(queued: string[]): OutboundService {
  return { enqueue: async (m: Pick<Message, 'id'>) => void queued.push(m.id) } as unknown as OutboundService;
}

/** Sends inline through the given adapter and marks the stored reply sent, like OutboundSender.sendStored. */
export function fakeSender(store: HubStore, adapter: ChannelAdapter): OutboundSender {
  return {
    async sendStored(msg: Message, identity: ChannelIdentity | null): Promise<SendOutcome> {
      await adapter.send({
        messageId: msg.id,
        channel: msg.channel,
        recipient: { kind: identity!.kind, externalId: identity!.externalId },
      } as OutboundEnvelope);
      Object.assign(msg, { deliveryStatus: 'sent' });
      Object.assign(store.messages.get(msg.id)!, { deliveryStatus: 'sent' });
      return 'sent';
    },
  } as unknown as OutboundSender;
}

export class FakeAdapter implements ChannelAdapter {
  readonly sent: OutboundEnvelope[] = [];
  constructor(
    readonly channel: string,
    readonly sendInline = false,
  ) {}
  async send(m: OutboundEnvelope): Promise<SendResult> {
    this.sent.push(m);
    return {};
  }
  health() {
    return { state: 'up' };
  }
}

/** Answers every message with the decision `decide` returns, and remembers what it was asked. */
export class FakeResponder implements ConversationResponder {
  readonly asked: ResponderContext[] = [];
  constructor(private readonly decide: (ctx: ResponderContext) => ResponderDecision) {}
  async respond(ctx: ResponderContext): Promise<ResponderDecision> {
    this.asked.push(ctx);
    return this.decide(ctx);
  }
}
