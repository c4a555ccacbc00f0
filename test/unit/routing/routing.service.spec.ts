import { Logger } from '@nestjs/common';
import { AuditService } from '../../../src/audit/audit.service';
import { ConversationsRepository } from '../../../src/conversations/conversations.repository';
import { TransactionRunner } from '../../../src/database/transaction-runner';
import { HubEvents } from '../../../src/hub/hub-events';
import { RedisConnections } from '../../../src/redis/redis-connections';
import { PresenceService } from '../../../src/routing/presence.service';
import { RoutingService } from '../../../src/routing/routing.service';
import { RoutableAgent, TeamsRepository } from '../../../src/routing/teams.repository';
import { ConsoleSignal, ConsoleSignals } from '../../../src/signals/console-signals';
import { fakeOf, FakeTransactionRunner } from '../../support/fakes/fake-of';
import { conversation, hubConfig, routingConfig, settle } from './routing-kit';

const waiting = (id: string, teamId: string | null = 'team-1') => ({ id, teamId, waitingSince: new Date(), createdAt: new Date() });
const agent = (id: string, o: Partial<RoutableAgent> = {}): RoutableAgent => ({ id, capacity: 3, teamIds: ['team-1'], load: 0, ...o });

function setup() {
  const redisClient = {
    hmget: jest.fn((_key: string, ...ids: string[]) => Promise.resolve(ids.map((): string | null => null))),
    hset: jest.fn().mockResolvedValue(1),
    set: jest.fn().mockResolvedValue('OK'),
    eval: jest.fn().mockResolvedValue(1),
  };
  const redis = fakeOf(RedisConnections);
  redis.client.mockReturnValue(redisClient as never);
  Object.defineProperty(redis, 'prefix', { value: 'test' });
  const presence = fakeOf(PresenceService);
  const events = fakeOf(HubEvents);
  const audit = fakeOf(AuditService);
  const signals = fakeOf(ConsoleSignals);
  const teams = fakeOf(TeamsRepository);
  const conversations = fakeOf(ConversationsRepository);
  conversations.assignIfWaiting.mockResolvedValue(1);
  conversations.findById.mockImplementation((_m, id) => Promise.resolve(conversation({ id, status: 'open' })));
  const sut = new RoutingService(
    hubConfig,
    routingConfig(),
    new FakeTransactionRunner() as unknown as TransactionRunner,
    presence,
    redis,
    events,
    audit,
    signals,
    teams,
    conversations,
  );
  return { sut, redisClient, presence, events, audit, signals, teams, conversations };
}

beforeAll(() => Logger.overrideLogger(false));

describe('RoutingService', () => {
  it('gives a waiting conversation to the least-loaded online member of its team who is under capacity', async () => {
    const { sut, presence, teams, conversations, audit, events, redisClient } = setup();
    conversations.findWaitingForAssignment.mockResolvedValue([waiting('conv-1')]);
    presence.availableUserIds.mockResolvedValue(new Set(['a', 'b', 'c', 'd']));
    teams.routableAgents.mockResolvedValue([
      agent('a', { load: 2 }),
      agent('b', { load: 1 }),
      agent('c', { load: 0, teamIds: ['team-2'] }),
      agent('d', { load: 0, capacity: 0 }),
    ]);

    await expect(sut.runOnce()).resolves.toBe(1);

    expect(conversations.findWaitingForAssignment).toHaveBeenCalledWith(expect.anything(), 500);
    expect(teams.routableAgents).toHaveBeenCalledWith(expect.anything(), ['a', 'b', 'c', 'd'], ['agent']);
    expect(conversations.assignIfWaiting).toHaveBeenCalledTimes(1);
    expect(conversations.assignIfWaiting).toHaveBeenCalledWith(expect.anything(), 'conv-1', 'b', expect.any(Date));
    expect(audit.record).toHaveBeenCalledWith(expect.anything(), {
      actor: null,
      action: 'conversation.assign',
      targetType: 'conversation',
      targetId: 'conv-1',
      detail: { userId: 'b', auto: true },
    });
    expect(redisClient.hset).toHaveBeenCalledWith('test:routing:last', 'b', expect.any(String));
    expect(events.emit).toHaveBeenCalledWith('user:b', 'conversation.assigned', { conversationId: 'conv-1', reference: 'LB-20251201-0001', auto: true });
    expect(events.conversationUpdated).toHaveBeenCalledWith(expect.objectContaining({ id: 'conv-1', status: 'open' }));
  });

  it('among equals, the one who has waited longest for a new conversation', async () => {
    const { sut, presence, teams, conversations, redisClient } = setup();
    conversations.findWaitingForAssignment.mockResolvedValue([waiting('conv-1')]);
    presence.availableUserIds.mockResolvedValue(new Set(['a', 'b']));
    teams.routableAgents.mockResolvedValue([agent('a'), agent('b')]);
    redisClient.hmget.mockResolvedValue(['2000', '1000']);

    await sut.runOnce();

    expect(conversations.assignIfWaiting).toHaveBeenCalledWith(expect.anything(), 'conv-1', 'b', expect.any(Date));
  });

  it('nobody online, or everyone full: the conversation waits', async () => {
    const { sut, presence, teams, conversations, events } = setup();
    conversations.findWaitingForAssignment.mockResolvedValue([waiting('conv-1')]);
    presence.availableUserIds.mockResolvedValue(new Set());
    await expect(sut.runOnce()).resolves.toBe(0);
    expect(teams.routableAgents).not.toHaveBeenCalled();

    presence.availableUserIds.mockResolvedValue(new Set(['a']));
    teams.routableAgents.mockResolvedValue([agent('a', { capacity: 2, load: 2 })]);
    await expect(sut.runOnce()).resolves.toBe(0);

    expect(conversations.assignIfWaiting).not.toHaveBeenCalled();
    expect(events.emit).not.toHaveBeenCalled();
  });

  it('nothing waiting: does not even ask who is online', async () => {
    const { sut, presence, conversations } = setup();
    conversations.findWaitingForAssignment.mockResolvedValue([]);
    await expect(sut.runOnce()).resolves.toBe(0);
    expect(presence.availableUserIds).not.toHaveBeenCalled();
  });

  it('a conversation someone else took first is not counted or announced', async () => {
    const { sut, presence, teams, conversations, audit, events } = setup();
    conversations.findWaitingForAssignment.mockResolvedValue([waiting('conv-1')]);
    presence.availableUserIds.mockResolvedValue(new Set(['a']));
    teams.routableAgents.mockResolvedValue([agent('a')]);
    conversations.assignIfWaiting.mockResolvedValue(0);

    await expect(sut.runOnce()).resolves.toBe(0);

    expect(audit.record).not.toHaveBeenCalled();
    expect(events.emit).not.toHaveBeenCalled();
  });

  it('released capacity triggers a new run, which assigns the waiting conversation', async () => {
    const { sut, signals, presence, teams, conversations, redisClient } = setup();
    sut.onModuleInit();
    const signal = signals.on.mock.calls[0][0] as (s: ConsoleSignal) => void;
    conversations.findWaitingForAssignment.mockResolvedValue([waiting('conv-2')]);
    presence.availableUserIds.mockResolvedValue(new Set(['a']));
    teams.routableAgents.mockResolvedValue([agent('a', { capacity: 1, load: 0 })]);

    signal({ kind: 'resolved', conversationId: 'conv-1', teamId: 'team-1', assigneeId: 'a' });
    await settle();

    expect(redisClient.set).toHaveBeenCalledWith('test:lock:routing', expect.any(String), 'PX', 15_000, 'NX');
    expect(conversations.assignIfWaiting).toHaveBeenCalledWith(expect.anything(), 'conv-2', 'a', expect.any(Date));
    sut.onApplicationShutdown();
  });

  it('an officer going offline or an answer does not start a run', async () => {
    const { sut, signals, conversations } = setup();
    sut.onModuleInit();
    const signal = signals.on.mock.calls[0][0] as (s: ConsoleSignal) => void;

    signal({ kind: 'presence', userId: 'a', online: false });
    signal({ kind: 'responded', conversationId: 'conv-1' });
    await settle();

    expect(conversations.findWaitingForAssignment).not.toHaveBeenCalled();
    sut.onApplicationShutdown();
  });
});
