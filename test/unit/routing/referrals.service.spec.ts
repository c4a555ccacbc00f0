import { ConflictException, ForbiddenException, Logger, NotFoundException } from '@nestjs/common';
import { AuditService } from '../../../src/audit/audit.service';
import { AuthConfig } from '../../../src/auth/auth.config';
import { WorkingCalendar } from '../../../src/common/calendar/working-calendar';
import { ConversationsRepository } from '../../../src/conversations/conversations.repository';
import { Message } from '../../../src/schema/message.entity';
import { TransactionRunner } from '../../../src/database/transaction-runner';
import { HubEvents } from '../../../src/hub/hub-events';
import { OutboundService } from '../../../src/hub/outbound.service';
import { jobIdFor } from '../../../src/hub/queue-names';
import { AgencyReferral } from '../../../src/schema/agency-referral.entity';
import { REFERRAL_OVERDUE_LABEL, ReferralsService } from '../../../src/routing/referrals.service';
import { ReferralsRepository } from '../../../src/routing/referrals.repository';
import { RoutingConfig } from '../../../src/routing/routing.config';
import { RoutingService } from '../../../src/routing/routing.service';
import { SlaService } from '../../../src/routing/sla.service';
import { ConsoleSignals } from '../../../src/signals/console-signals';
import { fakeOf, FakeTransactionRunner } from '../../support/fakes/fake-of';
import { conversation, principal, routingConfig } from './routing-kit';

const DUE_AT = new Date('2025-12-04T09:00:00Z');

function setup(cfg: Partial<RoutingConfig> = {}) {
  const calendar = fakeOf(WorkingCalendar);
  Object.assign(calendar, { options: { hours: { openMin: 480, closeMin: 960 } } });
  calendar.addWorkingDays.mockReturnValue('2025-12-04');
  calendar.atLocal.mockReturnValue(DUE_AT);
  const events = fakeOf(HubEvents);
  const audit = fakeOf(AuditService);
  const signals = fakeOf(ConsoleSignals);
  const sla = fakeOf(SlaService);
  const routing = fakeOf(RoutingService);
  const referrals = fakeOf(ReferralsRepository);
  const conversations = fakeOf(ConversationsRepository);
  conversations.nextMessageTime.mockImplementation((_m, _id, now) => Promise.resolve(new Date(now ?? Date.now())));
  const sut = new ReferralsService(
    routingConfig(cfg),
    { AGENCIES: ['PUPR', 'DLH', 'Dishub', 'Dinkes'] } as unknown as AuthConfig,
    new FakeTransactionRunner() as unknown as TransactionRunner,
    calendar,
    fakeOf(OutboundService),
    events,
    signals,
    audit,
    sla,
    routing,
    referrals,
    conversations,
  );
  return { sut, calendar, events, audit, signals, sla, routing, referrals, conversations };
}

const referral = (o: Partial<AgencyReferral> = {}): AgencyReferral => ({
  id: 'ref-1',
  conversationId: 'conv-1',
  agencyCode: 'PUPR',
  status: 'open',
  question: 'Apakah lokasi ini sesuai tata ruang?',
  answer: null,
  dueDate: '2025-12-04',
  dueAt: DUE_AT,
  createdById: 'user-agent',
  answeredById: null,
  createdAt: new Date('2025-12-01T03:00:00Z'),
  answeredAt: null,
  escalatedAt: null,
  ...o,
});

beforeAll(() => Logger.overrideLogger(false));

describe('ReferralsService', () => {
  describe('refer', () => {
    it('sets the due date in working days (end of that office day) and stores the referral, a note and the notice', async () => {
      const { sut, calendar, referrals, conversations, audit } = setup();
      const c = conversation({ status: 'open' });

      const out = await sut.refer({} as never, principal(), c, { agencyCode: 'pupr', question: 'Apakah lokasi ini sesuai tata ruang?', workingDays: 5 });

      expect(calendar.addWorkingDays).toHaveBeenCalledWith(expect.any(Date), 5);
      expect(calendar.atLocal).toHaveBeenCalledWith('2025-12-04', 960);
      expect(out.referral).toMatchObject({
        conversationId: 'conv-1',
        agencyCode: 'PUPR',
        status: 'open',
        dueDate: '2025-12-04',
        dueAt: DUE_AT,
        createdById: 'user-agent',
      });
      expect(referrals.insert).toHaveBeenCalledWith(expect.anything(), out.referral);
      const [note, notice] = out.messages;
      expect(note).toMatchObject({ isPrivate: true, senderKind: 'agent', text: expect.stringContaining('Dirujuk ke PUPR oleh Ani, tenggat') });
      expect(notice).toMatchObject({ isPrivate: false, senderKind: 'system', text: expect.stringContaining('(PUPR)') });
      expect(notice.createdAt.getTime()).toBe(note.createdAt.getTime() + 1);
      expect(conversations.insertMessage.mock.calls.map(([, msg]) => msg.id)).toEqual([note.id, notice.id]);
      expect(conversations.updateConversation).toHaveBeenCalledWith(expect.anything(), 'conv-1', {
        lastMessageAt: notice.createdAt,
        updatedAt: notice.createdAt,
      });
      expect(audit.record).toHaveBeenCalledWith(
        expect.anything(),
        expect.objectContaining({ action: 'conversation.refer', detail: { referralId: out.referral.id, agencyCode: 'PUPR', dueDate: '2025-12-04' } }),
      );
    });

    it("sends the citizen's notice through the channel only when the conversation has one", async () => {
      const { sut } = setup();
      const onChannel = await sut.refer({} as never, principal(), conversation({ identityId: 'identity-1' }), { agencyCode: 'DLH', question: 'q' });
      expect(onChannel.messages[1].deliveryStatus).toBe('pending');
      expect(onChannel.enqueue).toEqual([onChannel.messages[1]]);

      const direct = await sut.refer({} as never, principal(), conversation({ identityId: null }), { agencyCode: 'DLH', question: 'q' });
      expect(direct.messages[1].deliveryStatus).toBe('delivered');
      expect(direct.enqueue).toEqual([]);
    });

    it('uses the default number of days, or the test override in seconds', async () => {
      const a = setup({ REFERRAL_DEFAULT_DAYS: 3 });
      await a.sut.refer({} as never, principal(), conversation(), { agencyCode: 'PUPR', question: 'q' });
      expect(a.calendar.addWorkingDays).toHaveBeenCalledWith(expect.any(Date), 3);

      const b = setup({ REFERRAL_DUE_SECONDS: 30 });
      const before = Date.now();
      const out = await b.sut.refer({} as never, principal(), conversation(), { agencyCode: 'PUPR', question: 'q' });
      expect(b.calendar.atLocal).not.toHaveBeenCalled();
      expect(out.referral.dueAt.getTime()).toBeGreaterThanOrEqual(before + 30_000);
    });

    it('refuses a second open referral to the same agency, resolved conversations, agency officers and unknown agencies', async () => {
      const { sut, referrals } = setup();
      referrals.findOpen.mockResolvedValueOnce(referral());
      await expect(sut.refer({} as never, principal(), conversation(), { agencyCode: 'PUPR', question: 'q' })).rejects.toThrow(
        new ConflictException('Percakapan ini sudah dirujuk ke PUPR dan belum dijawab.'),
      );
      await expect(sut.refer({} as never, principal(), conversation({ status: 'resolved' }), { agencyCode: 'PUPR', question: 'q' })).rejects.toThrow(
        ConflictException,
      );
      await expect(
        sut.refer({} as never, principal({ role: 'agency', agencyCode: 'DLH' }), conversation(), { agencyCode: 'PUPR', question: 'q' }),
      ).rejects.toThrow(ForbiddenException);
      await expect(sut.refer({} as never, principal(), conversation(), { agencyCode: 'BPN', question: 'q' })).rejects.toThrow(
        'agencyCode harus salah satu dari PUPR, DLH, Dishub, Dinkes.',
      );
      expect(referrals.insert).not.toHaveBeenCalled();
    });

    it('after commit: schedules the due-date timer and tells the agency', async () => {
      const { sut, sla, signals, events } = setup();
      await sut.published(referral(), conversation());
      expect(sla.schedule).toHaveBeenCalledWith({ kind: 'referral', referralId: 'ref-1' }, DUE_AT, jobIdFor('referral', 'ref-1'));
      expect(signals.emit).toHaveBeenCalledWith({ kind: 'referred', conversationId: 'conv-1', agencyCode: 'PUPR' });
      expect(events.emit).toHaveBeenCalledWith('agency:PUPR', 'referral.created', {
        referralId: 'ref-1',
        conversationId: 'conv-1',
        reference: 'LB-20251201-0001',
        dueDate: '2025-12-04',
        dueAt: DUE_AT.toISOString(),
      });
    });
  });

  describe('answer', () => {
    it('marks the referral answered, adds the private note, lifts the overdue label and publishes', async () => {
      const { sut, referrals, conversations, audit, events, sla } = setup();
      const officer = principal({ id: 'user-pupr', name: 'Budi', role: 'agency', agencyCode: 'PUPR', teamIds: [] });
      referrals.findById.mockResolvedValue(referral());
      conversations.findById.mockResolvedValue(conversation({ labels: [REFERRAL_OVERDUE_LABEL, 'izin-usaha'] }));

      const r = await sut.answer(officer, 'ref-1', 'Sesuai RTRW.');

      expect(referrals.update).toHaveBeenCalledWith(expect.anything(), 'ref-1', {
        status: 'answered',
        answer: 'Sesuai RTRW.',
        answeredById: 'user-pupr',
        answeredAt: expect.any(Date),
      });
      expect(r.note).toMatchObject({ isPrivate: true, text: 'Jawaban PUPR (Budi): Sesuai RTRW.', deliveryStatus: 'delivered' });
      expect(conversations.insertMessage).toHaveBeenCalledWith(expect.anything(), r.note);
      expect(conversations.updateConversation).toHaveBeenCalledWith(expect.anything(), 'conv-1', { updatedAt: r.note.createdAt, labels: ['izin-usaha'] });
      expect(audit.record).toHaveBeenCalledWith(expect.anything(), {
        actor: officer,
        action: 'referral.answer',
        targetType: 'referral',
        targetId: 'ref-1',
        detail: { conversationId: 'conv-1' },
      });
      expect(r.referral).toMatchObject({ status: 'answered', answer: 'Sesuai RTRW.' });
      expect(sla.unschedule).toHaveBeenCalledWith(jobIdFor('referral', 'ref-1'));
      expect(events.messageCreated).toHaveBeenCalledWith(r.conversation, r.note as Message);
      expect(events.conversationUpdated).toHaveBeenCalledWith(expect.objectContaining({ labels: ['izin-usaha'] }));
      expect(events.toConversation).toHaveBeenCalledWith(r.conversation, 'referral.answered', {
        referralId: 'ref-1',
        conversationId: 'conv-1',
        agencyCode: 'PUPR',
      });
    });

    it("hides other agencies' referrals, refuses agents, and answers once", async () => {
      const { sut, referrals, conversations } = setup();
      referrals.findById.mockResolvedValue(referral());
      conversations.findById.mockResolvedValue(conversation());
      await expect(sut.answer(principal({ role: 'agency', agencyCode: 'DLH' }), 'ref-1', 'x')).rejects.toThrow(
        new NotFoundException('Rujukan tidak ditemukan.'),
      );
      await expect(sut.answer(principal({ role: 'agent' }), 'ref-1', 'x')).rejects.toThrow(ForbiddenException);
      referrals.findById.mockResolvedValue(referral({ status: 'answered' }));
      await expect(sut.answer(principal({ role: 'supervisor' }), 'ref-1', 'x')).rejects.toThrow(
        new ConflictException('Rujukan ini sudah dijawab atau dibatalkan.'),
      );
      expect(referrals.update).not.toHaveBeenCalled();
    });
  });

  describe('overdue escalation', () => {
    it('labels, audits and alerts the audience once', async () => {
      const { sut, referrals, conversations, audit, events } = setup();
      const now = new Date(DUE_AT.getTime() + 60_000);
      referrals.findById.mockResolvedValue(referral());
      conversations.findById.mockResolvedValue(conversation({ labels: ['izin-usaha'] }));
      events.audience.mockResolvedValue(['supervisors', 'team:team-1', 'agency:PUPR']);

      await expect(sut.escalate('ref-1', now)).resolves.toBe(true);

      expect(referrals.update).toHaveBeenCalledWith(expect.anything(), 'ref-1', { escalatedAt: now });
      expect(conversations.updateConversation).toHaveBeenCalledWith(expect.anything(), 'conv-1', {
        labels: ['izin-usaha', REFERRAL_OVERDUE_LABEL],
        updatedAt: now,
      });
      expect(audit.record).toHaveBeenCalledWith(expect.anything(), {
        actor: null,
        action: 'referral.overdue',
        targetType: 'referral',
        targetId: 'ref-1',
        detail: { conversationId: 'conv-1', agencyCode: 'PUPR' },
      });
      expect(events.emit).toHaveBeenCalledWith(['supervisors', 'team:team-1', 'agency:PUPR'], 'referral.overdue', {
        referralId: 'ref-1',
        conversationId: 'conv-1',
        reference: 'LB-20251201-0001',
        agencyCode: 'PUPR',
        dueDate: '2025-12-04',
        dueAt: DUE_AT.toISOString(),
      });
      expect(events.conversationUpdated).toHaveBeenCalledTimes(1);

      referrals.findById.mockResolvedValue(referral({ escalatedAt: now }));
      await expect(sut.escalate('ref-1', new Date(now.getTime() + 60_000))).resolves.toBe(false);
      expect(events.emit).toHaveBeenCalledTimes(1);
      expect(audit.record).toHaveBeenCalledTimes(1);
    });

    it('waits for the due time, and skips answered referrals', async () => {
      const { sut, referrals, events } = setup();
      referrals.findById.mockResolvedValue(referral());
      await expect(sut.escalate('ref-1', new Date(DUE_AT.getTime() - 60_000))).resolves.toBe(false);
      referrals.findById.mockResolvedValue(referral({ status: 'answered' }));
      await expect(sut.escalate('ref-1', new Date(DUE_AT.getTime() + 60_000))).resolves.toBe(false);
      expect(referrals.update).not.toHaveBeenCalled();
      expect(events.emit).not.toHaveBeenCalled();
    });

    it('the due-date job and the sweep both escalate; the sweep also runs the SLA sweep', async () => {
      const { sut, sla, routing, referrals, conversations, events } = setup();
      sut.onModuleInit();
      const onDue = sla.onReferralDue.mock.calls[0][0];
      const [referralSweep, slaSweep] = routing.addSweeper.mock.calls.map(([fn]) => fn);
      referrals.findById.mockImplementation((_m, id) => Promise.resolve(referral({ id, dueAt: new Date(Date.now() - 60_000) })));
      conversations.findById.mockResolvedValue(conversation());
      events.audience.mockResolvedValue(['supervisors']);
      referrals.findOverdueUnescalated.mockResolvedValue([referral({ id: 'ref-2' })]);

      await onDue('ref-1');
      await referralSweep();
      await slaSweep();

      expect(referrals.update.mock.calls.map(([, id]) => id)).toEqual(['ref-1', 'ref-2']);
      expect(referrals.findOverdueUnescalated).toHaveBeenCalledWith(expect.anything(), expect.any(Date), 200);
      expect(sla.sweep).toHaveBeenCalledTimes(1);
    });
  });
});
