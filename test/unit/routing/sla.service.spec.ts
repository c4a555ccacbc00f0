import { Logger } from '@nestjs/common';
import { AuditService } from '../../../src/audit/audit.service';
import { WorkingCalendar } from '../../../src/common/calendar/working-calendar';
import { ConversationsRepository } from '../../../src/conversations/conversations.repository';
import { TransactionRunner } from '../../../src/database/transaction-runner';
import { HubEvents } from '../../../src/hub/hub-events';
import { jobIdFor } from '../../../src/hub/queue-names';
import { QueueService } from '../../../src/hub/queue.service';
import { RedisConnections } from '../../../src/redis/redis-connections';
import { ConversationSla } from '../../../src/schema/sla.entity';
import { SLA_BREACH_LABEL, SlaService } from '../../../src/routing/sla.service';
import { SlaRepository } from '../../../src/routing/sla.repository';
import { ConsoleSignal, ConsoleSignals } from '../../../src/signals/console-signals';
import { fakeOf, FakeTransactionRunner } from '../../support/fakes/fake-of';
import { conversation, hubConfig, routingConfig } from './routing-kit';

const MIN = 60_000;
const START = new Date('2025-12-01T02:00:00Z');

function setup() {
  const queue = { add: jest.fn().mockResolvedValue(undefined), remove: jest.fn().mockResolvedValue(1) };
  const queues = fakeOf(QueueService);
  queues.get.mockReturnValue(queue as never);
  const events = fakeOf(HubEvents);
  const audit = fakeOf(AuditService);
  const signals = fakeOf(ConsoleSignals);
  const slas = fakeOf(SlaRepository);
  const conversations = fakeOf(ConversationsRepository);
  const sut = new SlaService(
    hubConfig,
    routingConfig({ SLA_FIRST_RESPONSE_MINUTES: 60, SLA_RESOLUTION_MINUTES: 480, SLA_WORKING_HOURS: false }),
    new FakeTransactionRunner() as unknown as TransactionRunner,
    queues,
    fakeOf(RedisConnections),
    fakeOf(WorkingCalendar),
    events,
    audit,
    signals,
    slas,
    conversations,
  );
  sut.onModuleInit();
  const signal = signals.on.mock.calls[0][0] as (s: ConsoleSignal) => Promise<void>;
  return { sut, queue, events, audit, slas, conversations, signal };
}

const clock = (o: Partial<ConversationSla> = {}): ConversationSla => ({
  conversationId: 'conv-1',
  startedAt: START,
  firstResponseDueAt: new Date(START.getTime() + 30 * MIN),
  resolutionDueAt: new Date(START.getTime() + 120 * MIN),
  firstResponseBreachedAt: null,
  resolutionBreachedAt: null,
  ...o,
});

beforeAll(() => Logger.overrideLogger(false));

describe('SlaService', () => {
  describe('starting the clock', () => {
    it("plans both deadlines from the team's policy and schedules a job for each", async () => {
      const { sut, queue, slas, conversations } = setup();
      conversations.findById.mockResolvedValue(conversation({ waitingSince: START }));
      slas.findClock.mockResolvedValue(null);
      slas.findPolicy.mockResolvedValue({ teamId: 'team-1', firstResponseMinutes: 30, resolutionMinutes: 120, updatedAt: START });

      await sut.ensure('conv-1');

      expect(slas.findPolicy).toHaveBeenCalledWith(expect.anything(), 'team-1');
      expect(slas.insertClock).toHaveBeenCalledWith(expect.anything(), clock());
      const first = new Date(START.getTime() + 30 * MIN);
      const resolution = new Date(START.getTime() + 120 * MIN);
      expect(queue.add).toHaveBeenCalledWith(
        'first',
        { kind: 'first', conversationId: 'conv-1' },
        expect.objectContaining({ jobId: jobIdFor('sla', 'first', 'conv-1', String(first.getTime())) }),
      );
      expect(queue.add).toHaveBeenCalledWith(
        'resolution',
        { kind: 'resolution', conversationId: 'conv-1' },
        expect.objectContaining({ jobId: jobIdFor('sla', 'resolution', 'conv-1', String(resolution.getTime())) }),
      );
    });

    it('uses the configured defaults for a conversation of no team', async () => {
      const { sut, slas, conversations } = setup();
      conversations.findById.mockResolvedValue(conversation({ teamId: null }));
      slas.findClock.mockResolvedValue(null);

      await sut.ensure('conv-1');

      expect(slas.findPolicy).not.toHaveBeenCalled();
      expect(slas.insertClock).toHaveBeenCalledWith(
        expect.anything(),
        clock({ firstResponseDueAt: new Date(START.getTime() + 60 * MIN), resolutionDueAt: new Date(START.getTime() + 480 * MIN) }),
      );
    });

    it('is idempotent per hand-off, and never starts for the bot or a resolved conversation', async () => {
      const { sut, queue, slas, conversations } = setup();
      conversations.findById.mockResolvedValue(conversation());
      slas.findClock.mockResolvedValue(clock());
      await sut.ensure('conv-1');
      conversations.findById.mockResolvedValue(conversation({ status: 'bot' }));
      await sut.ensure('conv-1');
      conversations.findById.mockResolvedValue(conversation({ status: 'resolved' }));
      await sut.ensure('conv-1');

      expect(slas.insertClock).not.toHaveBeenCalled();
      expect(slas.updateClock).not.toHaveBeenCalled();
      expect(queue.add).not.toHaveBeenCalled();
    });

    it('restarts the clock of a new hand-off, removing the old jobs', async () => {
      const { sut, queue, slas, conversations } = setup();
      const later = new Date(START.getTime() + 600 * MIN);
      conversations.findById.mockResolvedValue(conversation({ waitingSince: later }));
      slas.findClock.mockResolvedValue(clock());
      slas.findPolicy.mockResolvedValue(null);

      await sut.ensure('conv-1');

      expect(slas.updateClock).toHaveBeenCalledWith(expect.anything(), 'conv-1', expect.objectContaining({ startedAt: later }));
      expect(queue.remove).toHaveBeenCalledWith(jobIdFor('sla', 'first', 'conv-1', String(clock().firstResponseDueAt.getTime())));
      expect(queue.remove).toHaveBeenCalledWith(jobIdFor('sla', 'resolution', 'conv-1', String(clock().resolutionDueAt.getTime())));
      expect(queue.add).toHaveBeenCalledTimes(2);
    });
  });

  describe('stopping the clock', () => {
    it('an answer removes the first-response job only', async () => {
      const { queue, slas, signal } = setup();
      slas.findClock.mockResolvedValue(clock());

      await signal({ kind: 'responded', conversationId: 'conv-1' });

      expect(queue.remove.mock.calls).toEqual([[jobIdFor('sla', 'first', 'conv-1', String(clock().firstResponseDueAt.getTime()))]]);
    });

    it('resolving removes both jobs', async () => {
      const { queue, slas, signal } = setup();
      slas.findClock.mockResolvedValue(clock());

      await signal({ kind: 'resolved', conversationId: 'conv-1', teamId: 'team-1', assigneeId: 'user-agent' });

      expect(queue.remove.mock.calls).toEqual([
        [jobIdFor('sla', 'first', 'conv-1', String(clock().firstResponseDueAt.getTime()))],
        [jobIdFor('sla', 'resolution', 'conv-1', String(clock().resolutionDueAt.getTime()))],
      ]);
    });

    it('does nothing for a conversation without a clock', async () => {
      const { queue, slas, signal } = setup();
      slas.findClock.mockResolvedValue(null);
      await signal({ kind: 'resolved', conversationId: 'conv-1', teamId: null, assigneeId: null });
      expect(queue.remove).not.toHaveBeenCalled();
    });
  });

  describe('a missed target', () => {
    it('marks the clock, labels the conversation, audits and tells the console once', async () => {
      const { sut, slas, conversations, audit, events } = setup();
      const now = new Date(START.getTime() + 31 * MIN);
      conversations.findById.mockResolvedValue(conversation({ labels: ['izin-usaha'], assigneeId: 'user-agent' }));
      slas.findClock.mockResolvedValue(clock());

      await expect(sut.check('conv-1', 'first', now)).resolves.toBe(true);

      expect(slas.updateClock).toHaveBeenCalledWith(expect.anything(), 'conv-1', { firstResponseBreachedAt: now });
      expect(conversations.updateConversation).toHaveBeenCalledWith(expect.anything(), 'conv-1', { labels: ['izin-usaha', SLA_BREACH_LABEL], updatedAt: now });
      expect(audit.record).toHaveBeenCalledWith(expect.anything(), {
        actor: null,
        action: 'sla.breach',
        targetType: 'conversation',
        targetId: 'conv-1',
        detail: { kind: 'first', dueAt: clock().firstResponseDueAt.toISOString() },
      });
      expect(events.toConversation).toHaveBeenCalledWith(expect.objectContaining({ id: 'conv-1', labels: ['izin-usaha', SLA_BREACH_LABEL] }), 'sla.breached', {
        conversationId: 'conv-1',
        reference: 'LB-20251201-0001',
        teamId: 'team-1',
        assigneeId: 'user-agent',
        kind: 'first_response',
        dueAt: clock().firstResponseDueAt.toISOString(),
        at: now.toISOString(),
      });
      expect(events.conversationUpdated).toHaveBeenCalledWith(expect.objectContaining({ id: 'conv-1', updatedAt: now }));

      // Marked already: the second job (or the sweep) changes nothing.
      slas.findClock.mockResolvedValue(clock({ firstResponseBreachedAt: now }));
      await expect(sut.check('conv-1', 'first', now)).resolves.toBe(false);
      expect(audit.record).toHaveBeenCalledTimes(1);
      expect(events.toConversation).toHaveBeenCalledTimes(1);
    });

    it('is no breach before the deadline, after an answer, or once resolved', async () => {
      const { sut, slas, conversations, events } = setup();
      slas.findClock.mockResolvedValue(clock());
      conversations.findById.mockResolvedValue(conversation());
      await expect(sut.check('conv-1', 'first', new Date(START.getTime() + 10 * MIN))).resolves.toBe(false);
      conversations.findById.mockResolvedValue(conversation({ firstResponseAt: new Date(START.getTime() + 5 * MIN) }));
      await expect(sut.check('conv-1', 'first', new Date(START.getTime() + 31 * MIN))).resolves.toBe(false);
      conversations.findById.mockResolvedValue(conversation({ status: 'resolved' }));
      await expect(sut.check('conv-1', 'resolution', new Date(START.getTime() + 200 * MIN))).resolves.toBe(false);
      expect(slas.updateClock).not.toHaveBeenCalled();
      expect(events.toConversation).not.toHaveBeenCalled();
    });

    it('a resolution breach is reported as such', async () => {
      const { sut, slas, conversations, events } = setup();
      const now = new Date(START.getTime() + 121 * MIN);
      slas.findClock.mockResolvedValue(clock({ firstResponseBreachedAt: START }));
      conversations.findById.mockResolvedValue(conversation({ labels: [SLA_BREACH_LABEL] }));

      await expect(sut.check('conv-1', 'resolution', now)).resolves.toBe(true);

      expect(slas.updateClock).toHaveBeenCalledWith(expect.anything(), 'conv-1', { resolutionBreachedAt: now });
      expect(conversations.updateConversation).toHaveBeenCalledWith(expect.anything(), 'conv-1', { labels: [SLA_BREACH_LABEL], updatedAt: now });
      expect(events.toConversation).toHaveBeenCalledWith(expect.anything(), 'sla.breached', expect.objectContaining({ kind: 'resolution' }));
    });
  });

  describe('the sweep', () => {
    it('starts clocks that never started and re-checks deadlines whose job was lost', async () => {
      const { sut, slas, conversations, queue, events } = setup();
      slas.findUnplannedConversationIds.mockResolvedValue(['conv-2']);
      slas.findLateClocks.mockResolvedValue([clock()]);
      conversations.findById.mockImplementation((_m, id) => Promise.resolve(conversation({ id })));
      slas.findClock.mockImplementation((_m, id) => Promise.resolve(id === 'conv-1' ? clock() : null));
      slas.findPolicy.mockResolvedValue(null);

      await sut.sweep();

      expect(slas.findUnplannedConversationIds).toHaveBeenCalledWith(expect.anything(), 200);
      expect(slas.insertClock).toHaveBeenCalledWith(expect.anything(), expect.objectContaining({ conversationId: 'conv-2' }));
      expect(queue.add).toHaveBeenCalledWith('first', { kind: 'first', conversationId: 'conv-2' }, expect.anything());
      const [, before, limit] = slas.findLateClocks.mock.calls[0];
      expect(limit).toBe(200);
      expect(before.getTime()).toBeLessThan(Date.now() - 4000);
      // conv-1's deadlines passed long ago: both are marked.
      expect(events.toConversation).toHaveBeenCalledWith(
        expect.anything(),
        'sla.breached',
        expect.objectContaining({ conversationId: 'conv-1', kind: 'first_response' }),
      );
      expect(events.toConversation).toHaveBeenCalledWith(
        expect.anything(),
        'sla.breached',
        expect.objectContaining({ conversationId: 'conv-1', kind: 'resolution' }),
      );
    });
  });

  it('policies: set goes through one upsert, read for the listed teams', async () => {
    const { sut, slas } = setup();
    slas.findPolicies.mockResolvedValue([]);
    await sut.setPolicy('team-1', 15, 90);
    await sut.policies(['team-1', 'team-2']);
    expect(slas.upsertPolicy).toHaveBeenCalledWith(expect.anything(), 'team-1', 15, 90, expect.any(Date));
    expect(slas.findPolicies).toHaveBeenCalledWith(expect.anything(), ['team-1', 'team-2']);
  });
});
