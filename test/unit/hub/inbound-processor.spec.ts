import { ResolvedConfig } from '../../../src/config/hub-config';
import { ChannelRegistry } from '../../../src/hub/channel-registry';
import { InboundProcessor } from '../../../src/hub/inbound.processor';
import { InboundMessage } from '../../../src/hub/messages';
import { ResponderDecision } from '../../../src/hub/responder';
import {
  EmittedEvent,
  FakeAdapter,
  FakeResponder,
  fakeContacts,
  fakeConversations,
  fakeHubEvents,
  fakeOutbound,
  fakeSender,
  fakeTransactions,
  HubStore,
} from '../../support/fakes/hub-fakes';

function inbound(n: number, channel = 'telegram', text = 'halo'): InboundMessage {
  return {
    messageId: `in-${channel}-${n}`,
    channel,
    externalId: `ext-${n}`,
    sender: { kind: 'telegram', externalId: '4242', displayName: 'Siti' },
    text,
    receivedAt: new Date().toISOString(),
  };
}

const menu: ResponderDecision = {
  replies: [
    { senderKind: 'bot', text: 'Selamat datang', quickReplies: [{ payload: 'status', title: 'Cek status' }] },
    { senderKind: 'bot', text: 'Ada yang bisa dibantu?' },
  ],
  patch: { botState: { step: 'menu' } as never },
};

function setup(decide: () => ResponderDecision = () => menu, opts: { inline?: boolean } = {}) {
  const store = new HubStore();
  const events: EmittedEvent[] = [];
  const queued: string[] = [];
  const adapter = new FakeAdapter('telegram', opts.inline ?? false);
  const registry = new ChannelRegistry();
  registry.register(adapter);
  const responder = new FakeResponder(decide);
  const processor = new InboundProcessor(
    { dataDir: '/nonexistent' } as ResolvedConfig,
    fakeTransactions(store),
    fakeContacts(store),
    fakeConversations(store),
    fakeOutbound(queued),
    fakeSender(store, adapter),
    registry,
    fakeHubEvents(events),
    responder,
  );
  return { store, events, queued, adapter, responder, processor };
}

describe('InboundProcessor (against fakes)', () => {
  it('stores the message with a new contact and conversation owned by the bot', async () => {
    const { store, processor } = setup();
    await processor.handle(inbound(1));
    expect(store.contacts.size).toBe(1);
    const [conv] = [...store.conversations.values()];
    expect(conv).toMatchObject({ status: 'bot', channel: 'telegram', identityId: [...store.identities.keys()][0] });
    const msg = store.messages.get('in-telegram-1')!;
    expect(msg).toMatchObject({
      direction: 'in',
      senderKind: 'citizen',
      externalId: 'ext-1',
      text: 'halo',
      deliveryStatus: 'received',
      conversationId: conv.id,
    });
    expect(msg.handledAt).toBeInstanceOf(Date);
  });

  it('asks the responder once and stores its replies in order, under idempotency keys, after the message', async () => {
    const { store, processor, responder } = setup();
    await processor.handle(inbound(1));
    expect(responder.asked).toHaveLength(1);
    expect(responder.asked[0].message.id).toBe('in-telegram-1');
    const [conv] = [...store.conversations.values()];
    const [inMsg, ...replies] = store.messagesOf(conv.id);
    expect(inMsg.id).toBe('in-telegram-1');
    expect(replies.map((r) => [r.idempotencyKey, r.text, r.deliveryStatus])).toEqual([
      ['reply:in-telegram-1:0', 'Selamat datang', 'pending'],
      ['reply:in-telegram-1:1', 'Ada yang bisa dibantu?', 'pending'],
    ]);
    expect(replies[0].quickReplies).toEqual([{ payload: 'status', title: 'Cek status' }]);
    expect(replies[0].createdAt.getTime()).toBeGreaterThan(inMsg.createdAt.getTime());
    expect(replies[1].createdAt.getTime()).toBeGreaterThan(replies[0].createdAt.getTime());
    expect(conv.botState).toEqual({ step: 'menu' });
    expect(conv.lastMessageAt).toEqual(replies[1].createdAt);
  });

  it('announces the message and each reply before queueing it; a bot-state-only patch is not announced', async () => {
    const { store, processor, events, queued } = setup();
    await processor.handle(inbound(1));
    const [conv] = [...store.conversations.values()];
    const replyIds = store
      .messagesOf(conv.id)
      .slice(1)
      .map((m) => m.id);
    expect(events).toEqual([
      { event: 'message.created', conversationId: conv.id, messageId: 'in-telegram-1', deliveryStatus: 'received' },
      { event: 'message.created', conversationId: conv.id, messageId: replyIds[0], deliveryStatus: 'pending' },
      { event: 'message.created', conversationId: conv.id, messageId: replyIds[1], deliveryStatus: 'pending' },
    ]);
    expect(queued).toEqual(replyIds);
  });

  it('sends inline on a cheap channel and announces the reply as sent, queueing nothing', async () => {
    const { processor, events, queued, adapter } = setup(() => ({ replies: [{ senderKind: 'bot', text: 'Halo' }] }), { inline: true });
    await processor.handle(inbound(1));
    expect(adapter.sent.map((m) => m.recipient)).toEqual([{ kind: 'telegram', externalId: '4242' }]);
    expect(events.map((e) => e.deliveryStatus)).toEqual(['received', 'sent']);
    expect(queued).toEqual([]);
  });

  it('announces a hand-off (a patch officers see) and runs afterCommit once the replies are stored', async () => {
    let seenByAfterCommit = -1;
    const { store, processor, events } = setup(() => ({
      replies: [{ senderKind: 'system', text: 'Menghubungkan ke petugas' }],
      patch: { status: 'pending', waitingSince: new Date() },
      afterCommit: async () => void (seenByAfterCommit = store.messages.size),
    }));
    await processor.handle(inbound(1));
    const [conv] = [...store.conversations.values()];
    expect(conv.status).toBe('pending');
    expect(events.at(-1)).toEqual({ event: 'conversation.updated', conversationId: conv.id });
    expect(seenByAfterCommit).toBe(2);
  });

  it('dedupes a redelivered message: stored once, answered once, pending replies only re-queued', async () => {
    const { store, processor, responder, events, queued } = setup();
    await processor.handle(inbound(1));
    const before = { messages: store.messages.size, events: events.length, queued: [...queued] };
    await processor.handle(inbound(1));
    expect(store.messages.size).toBe(before.messages);
    expect(responder.asked).toHaveLength(1);
    expect(events).toHaveLength(before.events);
    expect(queued).toEqual([...before.queued, ...before.queued]);
  });

  it('after a crash between storing and answering, a re-run answers without storing the message again', async () => {
    const { store, processor, responder, events } = setup();
    await processor.handle(inbound(1));
    // As if the worker died before the replies were stored: message kept, not handled, no replies.
    for (const m of [...store.messages.values()]) if (m.direction === 'out') store.messages.delete(m.id);
    store.messages.get('in-telegram-1')!.handledAt = null;
    events.length = 0;
    await processor.handle(inbound(1));
    expect(responder.asked).toHaveLength(2);
    expect(store.messages.size).toBe(3);
    // Not announced again: consoles already have it.
    expect(events.filter((e) => e.messageId === 'in-telegram-1')).toEqual([]);
  });

  it('does not ask the responder once officers own the conversation, and still stores the message', async () => {
    const { store, processor, responder, queued } = setup();
    await processor.handle(inbound(1));
    const [conv] = [...store.conversations.values()];
    conv.status = 'open';
    await processor.handle(inbound(2, 'telegram', 'masih menunggu'));
    expect(responder.asked).toHaveLength(1);
    expect(store.messages.get('in-telegram-2')).toMatchObject({ conversationId: conv.id, text: 'masih menunggu' });
    expect(store.messages.get('in-telegram-2')!.handledAt).toBeInstanceOf(Date);
    expect(queued).toHaveLength(2);
  });

  it('gives the bot the answer to its hand-off name question, even once routing assigned the conversation, and names the contact', async () => {
    let answer: ResponderDecision = menu;
    const { store, processor, responder } = setup(() => answer);
    await processor.handle(inbound(1));
    const [conv] = [...store.conversations.values()];
    Object.assign(conv, { status: 'open', assigneeId: 'u-1', firstResponseAt: null, botState: { v: 1, lang: 'id', awaiting: 'contact_name' } });
    answer = { replies: [{ senderKind: 'bot', text: 'Terima kasih, Budi.' }], patch: { botState: { v: 1, lang: 'id' } }, contactName: 'Budi' };
    await processor.handle(inbound(2, 'telegram', 'Budi'));
    expect(responder.asked).toHaveLength(2);
    expect(store.contacts.get(conv.contactId)!.name).toBe('Budi');
    expect(store.conversations.get(conv.id)).toMatchObject({ status: 'open', assigneeId: 'u-1' });
    // Once an officer has written to the citizen, the bot stays out even if it still waits for the name.
    Object.assign(store.conversations.get(conv.id)!, { firstResponseAt: new Date(), botState: { v: 1, lang: 'id', awaiting: 'contact_name' } });
    await processor.handle(inbound(3, 'telegram', 'Siti'));
    expect(responder.asked).toHaveLength(2);
  });

  it('answers a known sender in one transaction: message, replies and handled mark stored together, announced in order', async () => {
    const { store, processor, responder, events, queued } = setup();
    await processor.handle(inbound(1));
    const runs = jest.spyOn(processor['tx'], 'run');
    events.length = 0;
    queued.length = 0;
    await processor.handle(inbound(2, 'telegram', 'cek status'));
    expect(runs).toHaveBeenCalledTimes(1);
    expect(responder.asked).toHaveLength(2);
    expect(responder.asked[1].message).toMatchObject({ id: 'in-telegram-2', text: 'cek status', deliveryStatus: 'received' });
    const [conv] = [...store.conversations.values()];
    const msgs = store.messagesOf(conv.id);
    expect(msgs.map((m) => m.idempotencyKey ?? m.id)).toEqual([
      'in-telegram-1',
      'reply:in-telegram-1:0',
      'reply:in-telegram-1:1',
      'in-telegram-2',
      'reply:in-telegram-2:0',
      'reply:in-telegram-2:1',
    ]);
    // Stored with the row (a structured clone, hence no instanceof).
    expect(store.messages.get('in-telegram-2')!.handledAt!.getTime()).toBeGreaterThanOrEqual(msgs[3].createdAt.getTime());
    expect(conv.lastMessageAt).toEqual(msgs[5].createdAt);
    const replyIds = [msgs[4].id, msgs[5].id];
    expect(events).toEqual([
      { event: 'message.created', conversationId: conv.id, messageId: 'in-telegram-2', deliveryStatus: 'received' },
      { event: 'message.created', conversationId: conv.id, messageId: replyIds[0], deliveryStatus: 'pending' },
      { event: 'message.created', conversationId: conv.id, messageId: replyIds[1], deliveryStatus: 'pending' },
    ]);
    expect(queued).toEqual(replyIds);
  });

  it('when the conversation changes while the bot decides, stores nothing of that answer and takes the steps: answered once', async () => {
    let turn = 0;
    const { store, processor, responder } = setup(() => {
      // An officer takes the conversation while the bot decides its first answer to message 2.
      if (++turn === 2) Object.assign([...store.conversations.values()][0], { status: 'open', updatedAt: new Date(Date.now() + 5) });
      return menu;
    });
    await processor.handle(inbound(1));
    await processor.handle(inbound(2, 'telegram', 'halo lagi'));
    // Asked once on the short way; its answer was dropped, and the officers' conversation gets no bot answer.
    expect(responder.asked).toHaveLength(2);
    const [conv] = [...store.conversations.values()];
    expect(conv.status).toBe('open');
    expect(store.messages.get('in-telegram-2')!.handledAt).toBeInstanceOf(Date);
    expect(store.messagesOf(conv.id).filter((m) => m.idempotencyKey?.startsWith('reply:in-telegram-2:'))).toEqual([]);
  });
});
