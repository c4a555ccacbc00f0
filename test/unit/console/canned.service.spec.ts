import { ConflictException, NotFoundException } from '@nestjs/common';
import { AuditService } from '../../../src/audit/audit.service';
import type { Contact } from '../../../src/schema/contact.entity';
import { ContactsRepository } from '../../../src/contacts/contacts.repository';
import type { Conversation } from '../../../src/schema/conversation.entity';
import type { TransactionRunner } from '../../../src/database/transaction-runner';
import type { CannedResponse } from '../../../src/schema/canned-response.entity';
import { CannedRepository } from '../../../src/console/canned.repository';
import { CannedService } from '../../../src/console/canned.service';
import { AccessRepository } from '../../../src/access/access.repository';
import { FakeTransactionRunner, fakeOf } from '../../support/fakes/fake-of';
import { officer } from './principals';

const TEAM = '11111111-1111-4111-8111-111111111111';
const OTHER_TEAM = '22222222-2222-4222-8222-222222222222';
const CONVERSATION = 'cccccccc-0000-4000-8000-000000000001';

function canned(id: string, shortcut: string, teamId: string | null, text = 'Teks'): CannedResponse {
  const at = new Date('2025-12-01T00:00:00Z');
  return { id, shortcut, title: `Judul ${shortcut}`, text, teamId, createdById: null, createdAt: at, updatedAt: at };
}

/** Postgres's unique_violation, as db-errors recognises it. */
const uniqueViolation = () => Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });

describe('CannedService', () => {
  let repo: jest.Mocked<CannedRepository>;
  let contacts: jest.Mocked<ContactsRepository>;
  let conversations: jest.Mocked<AccessRepository>;
  let audit: jest.Mocked<AuditService>;
  let svc: CannedService;

  beforeEach(() => {
    repo = fakeOf(CannedRepository);
    contacts = fakeOf(ContactsRepository);
    conversations = fakeOf(AccessRepository);
    audit = fakeOf(AuditService);
    svc = new CannedService(new FakeTransactionRunner() as unknown as TransactionRunner, repo, contacts, conversations, audit);
  });

  describe('list', () => {
    beforeEach(() => repo.listAll.mockResolvedValue([canned('1', 'salam', null), canned('2', 'pbg', TEAM), canned('3', 'amdal', OTHER_TEAM)]));

    it("shows an agent the common responses and their own teams'", async () => {
      const rows = await svc.list(officer('agent', { teamIds: [TEAM] }));
      expect(rows.map((r) => r.shortcut)).toEqual(['salam', 'pbg']);
    });

    it('shows supervisors every team', async () => {
      expect((await svc.list(officer('supervisor'))).map((r) => r.shortcut)).toEqual(['salam', 'pbg', 'amdal']);
    });

    it('filters by shortcut or title, "/" optional', async () => {
      expect((await svc.list(officer('admin'), '/PB')).map((r) => r.shortcut)).toEqual(['pbg']);
    });
  });

  describe('create and update', () => {
    it('answers 409 when the shortcut is taken', async () => {
      repo.insert.mockRejectedValue(uniqueViolation());
      await expect(svc.create(officer('admin'), { shortcut: 'salam', title: 'Salam', text: 'Halo' })).rejects.toThrow(
        new ConflictException('Shortcut /salam sudah dipakai.'),
      );
      repo.findById.mockResolvedValue(canned('1', 'salam', null));
      repo.update.mockRejectedValue(uniqueViolation());
      await expect(svc.update('1', { shortcut: 'pbg' })).rejects.toThrow(new ConflictException('Shortcut sudah dipakai.'));
    });

    it('stores a new response for every team unless one is given', async () => {
      const p = officer('supervisor');
      const view = await svc.create(p, { shortcut: 'salam', title: 'Salam', text: 'Halo' });
      expect(repo.insert).toHaveBeenCalledWith({}, expect.objectContaining({ shortcut: 'salam', teamId: null, createdById: p.id }));
      expect(view).toMatchObject({ shortcut: 'salam', teamId: null });
    });

    it('keeps the team when a change does not mention it', async () => {
      repo.findById.mockResolvedValue(canned('1', 'pbg', TEAM));
      await expect(svc.update('1', { title: 'Baru' })).resolves.toMatchObject({ title: 'Baru', teamId: TEAM });
    });

    it('answers 404 for a missing response', async () => {
      repo.findById.mockResolvedValue(null);
      await expect(svc.update('1', { title: 'Baru' })).rejects.toBeInstanceOf(NotFoundException);
      repo.delete.mockResolvedValue(false);
      await expect(svc.remove('1')).rejects.toBeInstanceOf(NotFoundException);
    });
  });

  describe('render', () => {
    beforeEach(() => {
      conversations.findVisible.mockResolvedValue({
        contactId: 'ct1',
        reference: 'LB-251201-ABC234',
        botState: { appNo: 'PBG-2025-0001' },
      } as unknown as Conversation);
      contacts.findUnmergedContact.mockResolvedValue({ id: 'ct1', name: 'Budi' } as Contact);
    });

    it('finds by shortcut too, scoped to the teams of the officer', async () => {
      repo.findByIdOrShortcut.mockResolvedValue(canned('2', 'pbg', OTHER_TEAM));
      await expect(svc.render(officer('agent', { teamIds: [TEAM] }), '/PBG', CONVERSATION)).rejects.toBeInstanceOf(NotFoundException);
      expect(repo.findByIdOrShortcut).toHaveBeenCalledWith({}, '/PBG', 'pbg');
    });

    it("fills the placeholders and audits the citizen's personal data it used", async () => {
      repo.findByIdOrShortcut.mockResolvedValue(canned('1', 'salam', null, 'Halo {{contact.name}}, tiket {{conversation.reference}} ({{application.number}})'));
      const p = officer('agent', { teamIds: [TEAM] });
      await expect(svc.render(p, 'salam', CONVERSATION)).resolves.toEqual({
        id: '1',
        shortcut: 'salam',
        text: 'Halo Budi, tiket LB-251201-ABC234 (PBG-2025-0001)',
        missing: [],
      });
      expect(conversations.findVisible).toHaveBeenCalledWith({}, p, CONVERSATION, 'read');
      expect(audit.recordNow).toHaveBeenCalledWith({
        actor: p,
        action: 'canned.render',
        targetType: 'conversation',
        targetId: CONVERSATION,
        detail: { cannedId: '1', placeholders: ['contact.name', 'application.number'] },
      });
    });

    it('audits nothing when no personal placeholder is filled', async () => {
      repo.findByIdOrShortcut.mockResolvedValue(canned('1', 'tiket', null, 'Tiket {{conversation.reference}}, {{agent.name}}'));
      await svc.render(officer('admin'), 'tiket', CONVERSATION);
      expect(audit.recordNow).not.toHaveBeenCalled();
    });
  });
});
