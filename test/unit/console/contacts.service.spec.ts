import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { AuditService } from '../../../src/audit/audit.service';
import type { ChannelIdentity } from '../../../src/schema/channel-identity.entity';
import type { Contact } from '../../../src/schema/contact.entity';
import { ContactsRepository } from '../../../src/contacts/contacts.repository';
import type { Conversation } from '../../../src/schema/conversation.entity';
import type { TransactionRunner } from '../../../src/database/transaction-runner';
import { ConsoleContactsService } from '../../../src/console/contacts.service';
import type { PermitSubscription } from '../../../src/schema/permit-application.entity';
import { PermitsRepository } from '../../../src/permits/permits.repository';
import { FakeTransactionRunner, fakeOf } from '../../support/fakes/fake-of';
import { officer } from './principals';

const SOURCE = 'aaaaaaaa-0000-4000-8000-000000000001';
const TARGET = 'aaaaaaaa-0000-4000-8000-000000000002';

function contact(id: string, over: Partial<Contact> = {}): Contact {
  const at = new Date('2025-12-01T03:00:00Z');
  return { id, name: null, phone: null, email: null, mergedIntoId: null, createdAt: at, updatedAt: at, ...over } as Contact;
}

function subscription(id: string, contactId: string, applicationNumber: string, verified: boolean): PermitSubscription {
  return { id, contactId, applicationNumber, verified } as PermitSubscription;
}

describe('ConsoleContactsService', () => {
  let contacts: jest.Mocked<ContactsRepository>;
  let permits: jest.Mocked<PermitsRepository>;
  let audit: jest.Mocked<AuditService>;
  let svc: ConsoleContactsService;

  beforeEach(() => {
    contacts = fakeOf(ContactsRepository);
    permits = fakeOf(PermitsRepository);
    audit = fakeOf(AuditService);
    svc = new ConsoleContactsService(new FakeTransactionRunner() as unknown as TransactionRunner, contacts, permits, audit);
    contacts.searchContacts.mockResolvedValue([]);
    contacts.identitiesOf.mockResolvedValue([]);
    contacts.readableConversationsOf.mockResolvedValue([]);
    contacts.findActiveConversation.mockResolvedValue(null);
    permits.subscriptionsOfContact.mockResolvedValue([]);
  });

  describe('search', () => {
    it.each(['admin', 'supervisor', 'counter'] as const)('does not restrict %s to visible conversations', async (role) => {
      await svc.search(officer(role), 'budi');
      expect(contacts.searchContacts).toHaveBeenCalledWith({}, '%budi%', null, null, 20);
    });

    it.each(['agent', 'agency'] as const)('restricts %s to contacts of conversations they may list', async (role) => {
      const p = officer(role);
      await svc.search(p, 'Budi');
      expect(contacts.searchContacts).toHaveBeenCalledWith({}, '%budi%', null, p, 20);
    });

    it('searches phones from six digits on and strips LIKE wildcards', async () => {
      await svc.search(officer('admin'), '0812-345%_');
      expect(contacts.searchContacts).toHaveBeenCalledWith({}, '%0812-345%', '0812345', null, 20);
      await svc.search(officer('admin'), '08123');
      expect(contacts.searchContacts).toHaveBeenLastCalledWith({}, '%08123%', null, null, 20);
    });

    it('answers id, name, phone and the last update', async () => {
      contacts.searchContacts.mockResolvedValue([contact(SOURCE, { name: 'Budi', phone: '+6281234567890' })]);
      await expect(svc.search(officer('admin'), 'budi')).resolves.toEqual([
        { id: SOURCE, name: 'Budi', phone: '+6281234567890', lastSeenAt: '2025-12-01T03:00:00.000Z' },
      ]);
    });
  });

  describe('profile', () => {
    it('is audited as a view of the contact', async () => {
      contacts.findContact.mockResolvedValue(contact(TARGET, { name: 'Siti' }));
      contacts.identitiesOf.mockResolvedValue([
        { id: 'i1', kind: 'phone', externalId: '+6281234567890', displayName: 'Siti', lastSeenAt: new Date('2025-12-02T00:00:00Z') } as ChannelIdentity,
      ]);
      const p = officer('supervisor');
      const profile = await svc.profile(p, TARGET);
      expect(profile.contact).toMatchObject({ id: TARGET, name: 'Siti' });
      expect(profile.identities).toEqual([
        { id: 'i1', kind: 'phone', externalId: '+6281234567890', displayName: 'Siti', lastSeenAt: '2025-12-02T00:00:00.000Z' },
      ]);
      expect(audit.recordNow).toHaveBeenCalledWith({ actor: p, action: 'contact.view', targetType: 'contact', targetId: TARGET });
    });

    it('shows the surviving contact of a merged one (and audits that one)', async () => {
      contacts.findContact.mockImplementation(async (_m, id) => (id === SOURCE ? contact(SOURCE, { mergedIntoId: TARGET }) : contact(TARGET)));
      const profile = await svc.profile(officer('admin'), SOURCE);
      expect(profile.contact.id).toBe(TARGET);
      expect(contacts.readableConversationsOf).toHaveBeenCalledWith({}, expect.anything(), TARGET);
      expect(audit.recordNow).toHaveBeenCalledWith(expect.objectContaining({ targetId: TARGET }));
    });

    it('hides a contact an agent has no conversation with: 404, nothing audited', async () => {
      contacts.findContact.mockResolvedValue(contact(TARGET));
      contacts.countVisibleConversations.mockResolvedValue(0);
      await expect(svc.profile(officer('agent'), TARGET)).rejects.toBeInstanceOf(NotFoundException);
      expect(audit.recordNow).not.toHaveBeenCalled();
    });
  });

  describe('merge', () => {
    beforeEach(() => {
      contacts.findContact.mockImplementation(async (_m, id) =>
        id === SOURCE ? contact(SOURCE, { name: 'Budi', email: 'budi@example.test' }) : contact(TARGET, { phone: '+6281234567890' }),
      );
    });

    it('moves identities, conversations and subscriptions, fills missing fields, leaves a pointer and audits', async () => {
      permits.subscriptionsOfContact.mockResolvedValue([subscription('s1', SOURCE, 'PBG-1', false), subscription('s2', SOURCE, 'PBG-2', true)]);
      permits.findContactSubscription.mockImplementation(async (_m, _c, app) => (app === 'PBG-2' ? subscription('t2', TARGET, 'PBG-2', false) : null));
      const p = officer('supervisor');
      await svc.merge(p, SOURCE, TARGET);

      expect(contacts.moveIdentities).toHaveBeenCalledWith({}, SOURCE, TARGET);
      expect(contacts.moveConversations).toHaveBeenCalledWith({}, SOURCE, TARGET, expect.any(Date));
      // A new application moves; a duplicate is dropped, passing on its verification.
      expect(permits.moveSubscription).toHaveBeenCalledWith({}, 's1', TARGET);
      expect(permits.markSubscriptionVerified).toHaveBeenCalledWith({}, 't2');
      expect(permits.deleteSubscription).toHaveBeenCalledWith({}, 's2');
      expect(permits.moveSubscription).toHaveBeenCalledTimes(1);
      expect(contacts.updateContact).toHaveBeenCalledWith(
        {},
        TARGET,
        expect.objectContaining({ name: 'Budi', phone: '+6281234567890', email: 'budi@example.test' }),
      );
      expect(contacts.markMerged).toHaveBeenCalledWith({}, SOURCE, TARGET, expect.any(Date));
      expect(audit.record).toHaveBeenCalledWith(
        {},
        { actor: p, action: 'contact.merge', targetType: 'contact', targetId: TARGET, detail: { sourceId: SOURCE } },
      );
    });

    it('refuses when both contacts have an active conversation', async () => {
      contacts.findActiveConversation.mockImplementation(async (_m, id) => ({ reference: id === SOURCE ? 'LB-A' : 'LB-B' }) as Conversation);
      await expect(svc.merge(officer('admin'), SOURCE, TARGET)).rejects.toThrow(
        new ConflictException('Kedua kontak punya percakapan aktif (LB-A, LB-B); selesaikan salah satu dulu.'),
      );
      expect(contacts.moveIdentities).not.toHaveBeenCalled();
    });

    it('refuses a contact merged before', async () => {
      contacts.findContact.mockResolvedValue(contact(SOURCE, { mergedIntoId: 'elsewhere' }));
      await expect(svc.merge(officer('admin'), SOURCE, TARGET)).rejects.toBeInstanceOf(ConflictException);
    });

    it('refuses merging a contact into itself', async () => {
      await expect(svc.merge(officer('admin'), SOURCE, SOURCE)).rejects.toThrow('sourceId dan targetId harus berbeda.');
    });
  });

  describe('update', () => {
    it('stores the phone as E.164, the name and notes, and audits the fields changed (never their values)', async () => {
      contacts.findContact.mockResolvedValue(contact(TARGET));
      contacts.findOtherByPhone.mockResolvedValue(null);
      const p = officer('supervisor');
      const out = await svc.update(p, TARGET, { name: 'Budi Santoso', phone: '0812-3456-7890', notes: 'Datang ke loket Senin.' });
      expect(contacts.updateContact).toHaveBeenCalledWith({}, TARGET, {
        name: 'Budi Santoso',
        phone: '+6281234567890',
        notes: 'Datang ke loket Senin.',
        updatedAt: expect.any(Date),
      });
      expect(contacts.findOtherByPhone).toHaveBeenCalledWith({}, '+6281234567890', TARGET);
      expect(audit.record).toHaveBeenCalledWith(
        {},
        { actor: p, action: 'contact.update', targetType: 'contact', targetId: TARGET, detail: { fields: ['name', 'phone', 'notes'] } },
      );
      expect(out).toMatchObject({ name: 'Budi Santoso', phone: '+6281234567890', notes: 'Datang ke loket Senin.' });
    });

    it('refuses an impossible phone with a 400 before reading anything', async () => {
      await expect(svc.update(officer('admin'), TARGET, { phone: '0812' })).rejects.toBeInstanceOf(BadRequestException);
      expect(contacts.findContact).not.toHaveBeenCalled();
      expect(contacts.updateContact).not.toHaveBeenCalled();
    });

    it('refuses another person’s phone (merge them instead) and changes nothing', async () => {
      contacts.findContact.mockResolvedValue(contact(TARGET));
      contacts.findOtherByPhone.mockResolvedValue(contact(SOURCE, { phone: '+6281234567890' }));
      await expect(svc.update(officer('admin'), TARGET, { phone: '+62 812 3456 7890' })).rejects.toBeInstanceOf(ConflictException);
      expect(contacts.updateContact).not.toHaveBeenCalled();
      expect(audit.record).not.toHaveBeenCalled();
    });

    it('writes and audits nothing when nothing changed; an empty phone or note clears it', async () => {
      contacts.findContact.mockResolvedValue(contact(TARGET, { name: 'Siti', phone: '+6281234567890', notes: 'x' }));
      await svc.update(officer('admin'), TARGET, { name: 'Siti', phone: '0812 3456 7890' });
      expect(contacts.updateContact).not.toHaveBeenCalled();
      await svc.update(officer('admin'), TARGET, { phone: null, notes: '' });
      expect(contacts.updateContact).toHaveBeenCalledWith({}, TARGET, { phone: null, notes: null, updatedAt: expect.any(Date) });
    });

    it('is not found for an agent who sees none of the contact’s conversations', async () => {
      contacts.findContact.mockResolvedValue(contact(TARGET));
      contacts.countVisibleConversations.mockResolvedValue(0);
      await expect(svc.update(officer('agent'), TARGET, { name: 'X' })).rejects.toBeInstanceOf(NotFoundException);
      expect(contacts.updateContact).not.toHaveBeenCalled();
    });
  });
});
