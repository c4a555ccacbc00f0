import { BadRequestException, ConflictException, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { AccessRepository } from '../../../src/access/access.repository';
import { AuditService } from '../../../src/audit/audit.service';
import { Principal } from '../../../src/common/principal';
import { User } from '../../../src/schema/user.entity';
import { ConsoleConfig } from '../../../src/console/console.config';
import { ActionRunner } from '../../../src/console/actions/action-runner';
import { AssignAction } from '../../../src/console/actions/assign.action';
import { LabelsAction } from '../../../src/console/actions/labels.action';
import { NoteAction } from '../../../src/console/actions/note.action';
import { ReferAction } from '../../../src/console/actions/refer.action';
import { ReopenAction } from '../../../src/console/actions/reopen.action';
import { ReplyAction } from '../../../src/console/actions/reply.action';
import { ResolveAction } from '../../../src/console/actions/resolve.action';
import { TransferAction } from '../../../src/console/actions/transfer.action';
import { UnassignAction } from '../../../src/console/actions/unassign.action';
import { DirectoryRepository } from '../../../src/console/directory.repository';
import { Conversation } from '../../../src/schema/conversation.entity';
import { ConversationsRepository } from '../../../src/conversations/conversations.repository';
import { Message } from '../../../src/schema/message.entity';
import { MessagesRepository } from '../../../src/conversations/messages.repository';
import { TransactionRunner } from '../../../src/database/transaction-runner';
import { HubEvents } from '../../../src/hub/hub-events';
import { OutboundService } from '../../../src/hub/outbound.service';
import { AgencyReferral } from '../../../src/schema/agency-referral.entity';
import { ReferralsService } from '../../../src/routing/referrals.service';
import { Team } from '../../../src/schema/team.entity';
import { ConsoleSignals } from '../../../src/signals/console-signals';
import { FakeTransactionRunner, fakeOf } from '../../support/fakes/fake-of';

const ID = '11111111-1111-4111-8111-111111111111';
const TEAM = '22222222-2222-4222-8222-222222222222';
const OTHER = '33333333-3333-4333-8333-333333333333';
const NOW = new Date('2025-03-03T03:00:00.000Z');

const agent: Principal = { id: 'u-agent', email: 'a@x', name: 'Agus', role: 'agent', agencyCode: null, teamIds: [TEAM], capacity: 5 };
const supervisor: Principal = { ...agent, id: 'u-sup', name: 'Sri', role: 'supervisor' };
const agency: Principal = { ...agent, id: 'u-pupr', name: 'Putu', role: 'agency', agencyCode: 'PUPR', teamIds: [] };

function conversation(over: Partial<Conversation> = {}): Conversation {
  return {
    id: ID,
    reference: 'LB-250303-ABC234',
    contactId: 'c-1',
    kind: 'general',
    status: 'pending',
    channel: 'webchat',
    identityId: 'i-1',
    teamId: TEAM,
    assigneeId: null,
    subject: null,
    labels: [],
    botState: null,
    createdAt: NOW,
    updatedAt: NOW,
    lastMessageAt: NOW,
    waitingSince: NOW,
    firstResponseAt: null,
    resolvedAt: null,
    ...over,
  };
}

function setup(cfg: Partial<ConsoleConfig> = {}) {
  const access = fakeOf(AccessRepository);
  const conversations = fakeOf(ConversationsRepository);
  const messages = fakeOf(MessagesRepository);
  const directory = fakeOf(DirectoryRepository);
  const outbound = fakeOf(OutboundService);
  const events = fakeOf(HubEvents);
  const audit = fakeOf(AuditService);
  const signals = fakeOf(ConsoleSignals);
  const referrals = fakeOf(ReferralsService);
  const tx = new FakeTransactionRunner() as unknown as TransactionRunner;
  const runner = new ActionRunner(tx, access, outbound, events);
  const config = { INTEGRITY_BLOCK: false, INTEGRITY_ALLOWED_NUMBERS: '0215550100', ...cfg } as ConsoleConfig;
  const t = new Date('2025-03-03T03:05:00.000Z');
  messages.nextMessageTime.mockResolvedValue(t);
  let current = conversation();
  access.findVisible.mockImplementation(async () => current);
  return {
    access,
    conversations,
    messages,
    directory,
    outbound,
    events,
    audit,
    signals,
    referrals,
    t,
    given(c: Conversation | null) {
      current = c as Conversation;
    },
    reply: new ReplyAction(config, runner, conversations, messages, events, audit, signals),
    note: new NoteAction(runner, conversations, messages),
    assign: new AssignAction(runner, conversations, directory, audit, signals),
    unassign: new UnassignAction(runner, conversations, audit, signals),
    transfer: new TransferAction(runner, conversations, messages, directory, audit, signals),
    resolve: new ResolveAction(runner, conversations, audit, signals),
    reopen: new ReopenAction(runner, conversations, audit, signals),
    refer: new ReferAction(runner, referrals),
    labels: new LabelsAction(runner, conversations),
  };
}

const inserted = (s: ReturnType<typeof setup>): Message => s.messages.insert.mock.calls[0][1];

describe('officer actions', () => {
  // The integrity guard's warning is expected here.
  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));

  describe('every action', () => {
    it('answers 404 for a conversation out of reach, asking for write access, and writes nothing', async () => {
      const s = setup();
      s.given(null);
      await expect(s.note.execute(agent, ID, 'x')).rejects.toBeInstanceOf(NotFoundException);
      await expect(s.resolve.execute(agent, ID)).rejects.toBeInstanceOf(NotFoundException);
      expect(s.access.findVisible).toHaveBeenCalledWith({}, agent, ID, 'write');
      expect(s.conversations.updateConversation).not.toHaveBeenCalled();
      expect(s.events.conversationUpdated).not.toHaveBeenCalled();
    });
  });

  describe('reply', () => {
    it('stores the reply, opens and assigns the conversation, queues it for the channel and publishes after commit', async () => {
      const s = setup();
      const view = await s.reply.execute(agent, ID, 'Selamat pagi');
      const msg = inserted(s);
      expect(msg).toEqual(expect.objectContaining({ conversationId: ID, senderKind: 'agent', senderUserId: agent.id, text: 'Selamat pagi', isPrivate: false }));
      expect(msg).toEqual(expect.objectContaining({ deliveryStatus: 'pending', createdAt: s.t }));
      expect(s.conversations.updateConversation).toHaveBeenCalledWith({}, ID, {
        lastMessageAt: s.t,
        updatedAt: s.t,
        status: 'open',
        assigneeId: agent.id,
        firstResponseAt: s.t,
      });
      expect(s.outbound.enqueue).toHaveBeenCalledWith(msg);
      expect(s.events.messageCreated).toHaveBeenCalledWith(expect.objectContaining({ status: 'open', assigneeId: agent.id }), msg);
      expect(s.events.conversationUpdated).toHaveBeenCalledTimes(1);
      expect(s.signals.emit).toHaveBeenCalledWith({ kind: 'responded', conversationId: ID });
      expect(view).toEqual(expect.objectContaining({ id: msg.id, text: 'Selamat pagi' }));
    });

    it('refuses a resolved conversation (409) and a channel that cannot reach the citizen', async () => {
      const s = setup();
      s.given(conversation({ status: 'resolved' }));
      await expect(s.reply.execute(agent, ID, 'x')).rejects.toThrow('Percakapan sudah selesai; buka kembali (reopen) sebelum membalas.');
      s.given(conversation({ identityId: null, channel: 'webchat' }));
      await expect(s.reply.execute(agent, ID, 'x')).rejects.toBeInstanceOf(ConflictException);
      expect(s.messages.insert).not.toHaveBeenCalled();
      expect(s.events.conversationUpdated).not.toHaveBeenCalled();
    });

    it('delivers a counter reply at once (nothing queued); an agency officer is not made the assignee', async () => {
      const s = setup();
      s.given(conversation({ identityId: null, channel: 'counter', status: 'open', firstResponseAt: NOW }));
      await s.reply.execute(agency, ID, 'Jawaban dinas');
      expect(inserted(s).deliveryStatus).toBe('delivered');
      expect(s.outbound.enqueue).not.toHaveBeenCalled();
      expect(s.conversations.updateConversation).toHaveBeenCalledWith({}, ID, { lastMessageAt: s.t, updatedAt: s.t });
      expect(s.signals.emit).not.toHaveBeenCalled();
    });

    it('flags a personal phone number to the supervisors, and blocks it when the office says so', async () => {
      const s = setup();
      await s.reply.execute(agent, ID, 'Hubungi saya di 0812-3456-7890 saja ya');
      const msg = inserted(s);
      expect(s.audit.recordNow).toHaveBeenCalledWith(
        expect.objectContaining({ action: 'integrity.flag', targetId: ID, detail: expect.objectContaining({ blocked: false, messageId: msg.id }) }),
      );
      expect(s.events.emit).toHaveBeenCalledWith(
        'supervisors',
        'integrity.flagged',
        expect.objectContaining({ conversationId: ID, reasons: ['personal_phone'] }),
      );

      const b = setup({ INTEGRITY_BLOCK: true });
      await expect(b.reply.execute(agent, ID, 'Hubungi saya di 0812-3456-7890 saja ya')).rejects.toBeInstanceOf(UnprocessableEntityException);
      expect(b.messages.insert).not.toHaveBeenCalled();
      expect(b.events.emit).toHaveBeenCalledWith('supervisors', 'integrity.flagged', expect.objectContaining({ blocked: true, messageId: null }));
    });

    it('lets the office’s own number through', async () => {
      const s = setup();
      await s.reply.execute(agent, ID, 'Silakan hubungi call center 021-555-0100');
      expect(s.events.emit).not.toHaveBeenCalled();
    });
  });

  describe('note', () => {
    it('stores a private, delivered note and publishes it, without queueing anything for the citizen', async () => {
      const s = setup();
      await s.note.execute(agent, ID, 'catatan');
      expect(inserted(s)).toEqual(expect.objectContaining({ isPrivate: true, deliveryStatus: 'delivered', text: 'catatan', createdAt: s.t }));
      expect(s.conversations.updateConversation).toHaveBeenCalledWith({}, ID, { updatedAt: s.t });
      expect(s.outbound.enqueue).not.toHaveBeenCalled();
      expect(s.events.messageCreated).toHaveBeenCalledWith(expect.anything(), inserted(s));
      expect(s.events.conversationUpdated).toHaveBeenCalledTimes(1);
    });
  });

  describe('assign', () => {
    it('refuses a counter officer assigning someone else, before any transaction', async () => {
      const s = setup();
      await expect(s.assign.execute({ ...agent, role: 'counter' }, ID, OTHER)).rejects.toThrow('Hanya supervisor yang dapat menugaskan petugas lain.');
      expect(s.access.findVisible).not.toHaveBeenCalled();
    });

    it('lets an agent hand over to an agent or supervisor of the conversation’s team only', async () => {
      const s = setup();
      s.directory.findUser.mockResolvedValue({ id: OTHER, active: true, role: 'counter' } as User);
      s.directory.isMember.mockResolvedValue(true);
      await expect(s.assign.execute(agent, ID, OTHER)).rejects.toThrow('Percakapan hanya dapat diserahkan kepada rekan di tim percakapan ini.');
      s.directory.findUser.mockResolvedValue({ id: OTHER, active: true, role: 'agent' } as User);
      s.directory.isMember.mockResolvedValue(false);
      await expect(s.assign.execute(agent, ID, OTHER)).rejects.toThrow('Percakapan hanya dapat diserahkan kepada rekan di tim percakapan ini.');
      expect(s.directory.isMember).toHaveBeenLastCalledWith({}, OTHER, TEAM);
      expect(s.conversations.updateConversation).not.toHaveBeenCalled();
      s.directory.isMember.mockResolvedValue(true);
      const view = await s.assign.execute(agent, ID, OTHER);
      expect(view).toEqual(expect.objectContaining({ assigneeId: OTHER }));
    });

    it('refuses an inactive officer or one who cannot take conversations', async () => {
      const s = setup();
      s.directory.findUser.mockResolvedValueOnce({ id: OTHER, active: false, role: 'agent' } as User);
      await expect(s.assign.execute(supervisor, ID, OTHER)).rejects.toBeInstanceOf(BadRequestException);
      s.directory.findUser.mockResolvedValueOnce({ id: OTHER, active: true, role: 'agency' } as User);
      await expect(s.assign.execute(supervisor, ID, OTHER)).rejects.toThrow('userId: petugas tidak ditemukan atau tidak aktif.');
      expect(s.conversations.updateConversation).not.toHaveBeenCalled();
    });

    it('writes the assignee, opens the conversation, audits, and releases the previous officer', async () => {
      const s = setup();
      s.given(conversation({ assigneeId: 'u-prev', status: 'pending' }));
      s.directory.findUser.mockResolvedValue({ id: OTHER, active: true, role: 'agent' } as User);
      const view = await s.assign.execute(supervisor, ID, OTHER);
      expect(s.conversations.updateConversation).toHaveBeenCalledWith({}, ID, { assigneeId: OTHER, updatedAt: expect.any(Date), status: 'open' });
      expect(s.audit.record).toHaveBeenCalledWith(
        {},
        { actor: supervisor, action: 'conversation.assign', targetType: 'conversation', targetId: ID, detail: { userId: OTHER, previous: 'u-prev' } },
      );
      expect(s.events.conversationUpdated).toHaveBeenCalledWith(expect.objectContaining({ assigneeId: OTHER }));
      expect(s.signals.emit).toHaveBeenCalledWith({ kind: 'released', conversationId: ID, teamId: TEAM, assigneeId: 'u-prev' });
      expect(view).toEqual(expect.objectContaining({ id: ID, assigneeId: OTHER, status: 'open' }));
    });
  });

  describe('unassign', () => {
    it('puts an open conversation back in the queue and releases its officer', async () => {
      const s = setup();
      s.given(conversation({ assigneeId: agent.id, status: 'open', waitingSince: null }));
      await s.unassign.execute(agent, ID);
      expect(s.conversations.updateConversation).toHaveBeenCalledWith({}, ID, {
        assigneeId: null,
        updatedAt: expect.any(Date),
        status: 'pending',
        waitingSince: expect.any(Date),
      });
      expect(s.audit.record).toHaveBeenCalledWith({}, expect.objectContaining({ action: 'conversation.unassign', detail: { previous: agent.id } }));
      expect(s.signals.emit).toHaveBeenCalledWith({ kind: 'released', conversationId: ID, teamId: TEAM, assigneeId: agent.id });
    });

    it('changes nothing when nobody is assigned, and refuses an agent releasing a colleague', async () => {
      const s = setup();
      await s.unassign.execute(agent, ID);
      expect(s.conversations.updateConversation).not.toHaveBeenCalled();
      expect(s.events.conversationUpdated).toHaveBeenCalledTimes(1);
      expect(s.signals.emit).not.toHaveBeenCalled();
      s.given(conversation({ assigneeId: 'u-colleague' }));
      await expect(s.unassign.execute(agent, ID)).rejects.toThrow('Hanya supervisor yang dapat melepas tugas petugas lain.');
    });
  });

  describe('transfer', () => {
    it('moves the conversation to the team’s queue with a private note, and signals the routing', async () => {
      const s = setup();
      s.given(conversation({ assigneeId: agent.id, status: 'open', teamId: null }));
      s.directory.findTeam.mockResolvedValue({ id: OTHER, name: 'Perizinan' } as Team);
      await s.transfer.execute(agent, ID, OTHER, 'mohon dibantu');
      expect(inserted(s)).toEqual(expect.objectContaining({ isPrivate: true, text: 'Dialihkan ke tim Perizinan oleh Agus: mohon dibantu' }));
      expect(s.conversations.updateConversation).toHaveBeenCalledWith({}, ID, {
        teamId: OTHER,
        assigneeId: null,
        status: 'pending',
        waitingSince: NOW,
        updatedAt: s.t,
      });
      expect(s.audit.record).toHaveBeenCalledWith(
        {},
        expect.objectContaining({ action: 'conversation.transfer', detail: { teamId: OTHER, previousAssignee: agent.id } }),
      );
      expect(s.events.messageCreated).toHaveBeenCalledTimes(1);
      expect(s.signals.emit.mock.calls).toEqual([
        [{ kind: 'transferred', conversationId: ID, teamId: OTHER }],
        [{ kind: 'released', conversationId: ID, teamId: OTHER, assigneeId: agent.id }],
      ]);
    });

    it('refuses an unknown team (400) and a resolved conversation (409)', async () => {
      const s = setup();
      s.directory.findTeam.mockResolvedValue(null);
      await expect(s.transfer.execute(agent, ID, OTHER)).rejects.toThrow('teamId: tim tidak ditemukan.');
      s.given(conversation({ status: 'resolved' }));
      await expect(s.transfer.execute(agent, ID, OTHER)).rejects.toBeInstanceOf(ConflictException);
      expect(s.messages.insert).not.toHaveBeenCalled();
    });
  });

  describe('resolve and reopen', () => {
    it('resolves, cancels open referrals, audits and signals', async () => {
      const s = setup();
      s.given(conversation({ status: 'open', assigneeId: agent.id }));
      await s.resolve.execute(agent, ID);
      expect(s.conversations.updateConversation).toHaveBeenCalledWith({}, ID, {
        status: 'resolved',
        resolvedAt: expect.any(Date),
        updatedAt: expect.any(Date),
      });
      expect(s.conversations.cancelOpenReferrals).toHaveBeenCalledWith({}, ID);
      expect(s.audit.record).toHaveBeenCalledWith({}, { actor: agent, action: 'conversation.resolve', targetType: 'conversation', targetId: ID });
      expect(s.signals.emit).toHaveBeenCalledWith({ kind: 'resolved', conversationId: ID, teamId: TEAM, assigneeId: agent.id });
    });

    it('resolving a resolved conversation writes nothing', async () => {
      const s = setup();
      s.given(conversation({ status: 'resolved' }));
      await s.resolve.execute(agent, ID);
      expect(s.conversations.updateConversation).not.toHaveBeenCalled();
      expect(s.conversations.cancelOpenReferrals).not.toHaveBeenCalled();
    });

    it('reopens an unassigned conversation as waiting, and signals the queue', async () => {
      const s = setup();
      s.given(conversation({ status: 'resolved', resolvedAt: NOW }));
      const view = await s.reopen.execute(agent, ID);
      expect(s.conversations.updateConversation).toHaveBeenCalledWith({}, ID, {
        status: 'pending',
        resolvedAt: null,
        updatedAt: expect.any(Date),
        waitingSince: expect.any(Date),
      });
      expect(s.audit.record).toHaveBeenCalledWith({}, expect.objectContaining({ action: 'conversation.reopen' }));
      expect(s.signals.emit).toHaveBeenCalledWith({ kind: 'waiting', conversationId: ID, teamId: TEAM });
      expect(view.status).toBe('pending');
    });

    it('reopening when the citizen already has another active conversation is a 409', async () => {
      const s = setup();
      s.given(conversation({ status: 'resolved', assigneeId: agent.id }));
      s.conversations.updateConversation.mockRejectedValue(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }));
      await expect(s.reopen.execute(agent, ID)).rejects.toThrow('Warga ini sudah punya percakapan lain yang aktif; lanjutkan di sana.');
      expect(s.events.conversationUpdated).not.toHaveBeenCalled();
    });
  });

  describe('refer', () => {
    it('refers inside the transaction, publishes the note and the citizen’s notice, then schedules the due date', async () => {
      const s = setup();
      const referral = { id: 'r-1', conversationId: ID, agencyCode: 'PUPR', status: 'open', dueAt: NOW, createdAt: NOW } as AgencyReferral;
      const note = { id: 'm-note' } as Message;
      const notice = { id: 'm-notice' } as Message;
      s.referrals.refer.mockResolvedValue({ referral, messages: [note, notice], enqueue: [notice] });
      const view = await s.refer.execute(agent, ID, { agencyCode: 'PUPR', question: 'Apakah GSB 5 m?' });
      expect(s.referrals.refer).toHaveBeenCalledWith({}, agent, expect.objectContaining({ id: ID }), { agencyCode: 'PUPR', question: 'Apakah GSB 5 m?' });
      expect(s.outbound.enqueue.mock.calls).toEqual([[notice]]);
      expect(s.events.messageCreated.mock.calls.map((c) => c[1])).toEqual([note, notice]);
      expect(s.referrals.published).toHaveBeenCalledWith(referral, expect.objectContaining({ id: ID }));
      expect(view).toEqual(expect.objectContaining({ id: 'r-1', agencyCode: 'PUPR', dueAt: NOW.toISOString() }));
    });
  });

  describe('labels', () => {
    it('stores the labels deduplicated and sorted, and publishes the update', async () => {
      const s = setup();
      const view = await s.labels.execute(agent, ID, ['pbg', 'loket-mpp', 'pbg']);
      expect(s.conversations.updateConversation).toHaveBeenCalledWith({}, ID, { labels: ['loket-mpp', 'pbg'], updatedAt: expect.any(Date) });
      expect(s.events.conversationUpdated).toHaveBeenCalledWith(expect.objectContaining({ labels: ['loket-mpp', 'pbg'] }));
      expect(view.labels).toEqual(['loket-mpp', 'pbg']);
    });
  });
});
