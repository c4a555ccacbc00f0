import { AuditRepository } from '../../../src/audit/audit.repository';
import type { AuditEntry } from '../../../src/schema/audit-log.entity';
import type { TransactionRunner } from '../../../src/database/transaction-runner';
import { AuditLogService } from '../../../src/console/audit-log.service';
import { ConsoleReferralsRepository } from '../../../src/console/referrals.repository';
import { ConsoleReferralsService } from '../../../src/console/referrals.service';
import { ContactsRepository } from '../../../src/contacts/contacts.repository';
import { encodeCursor } from '../../../src/console/views';
import { ReferralsService } from '../../../src/routing/referrals.service';
import { FakeTransactionRunner, fakeOf } from '../../support/fakes/fake-of';
import { officer } from './principals';

const tx = () => new FakeTransactionRunner() as unknown as TransactionRunner;

describe('ConsoleReferralsService.list', () => {
  const rows = fakeOf(ConsoleReferralsRepository);
  const contacts = fakeOf(ContactsRepository);
  const svc = new ConsoleReferralsService(tx(), rows, fakeOf(ReferralsService), contacts);
  beforeEach(() => {
    rows.list.mockReset().mockResolvedValue([]);
    rows.conversationsOf.mockReset().mockResolvedValue([]);
    contacts.findContacts.mockReset().mockResolvedValue([]);
  });

  it("gives each referral its conversation's reference, status and citizen's name", async () => {
    const due = new Date('2026-12-03T09:00:00Z');
    rows.list.mockResolvedValue([
      {
        id: 'r1',
        conversationId: 'c1',
        agencyCode: 'PUPR',
        status: 'open',
        question: 'GSB?',
        answer: null,
        dueDate: '2026-12-03',
        dueAt: due,
        createdAt: due,
      } as never,
    ]);
    rows.conversationsOf.mockResolvedValue([{ id: 'c1', contactId: 'k1', reference: 'LB-1', status: 'open', subject: 'PBG' } as never]);
    contacts.findContacts.mockResolvedValue([{ id: 'k1', name: 'Budi' } as never]);
    const [r] = await svc.list(officer('agency', { agencyCode: 'PUPR' }), {});
    expect(r).toEqual(
      expect.objectContaining({ id: 'r1', dueDate: '2026-12-03', conversation: { reference: 'LB-1', status: 'open', subject: 'PBG', contactName: 'Budi' } }),
    );
    expect(rows.conversationsOf).toHaveBeenCalledWith({}, ['c1']);
  });

  it("scopes an agency officer to their agency's referrals", async () => {
    await svc.list(officer('agency', { agencyCode: 'DLH' }), {});
    expect(rows.list).toHaveBeenCalledWith({}, { agencyCode: 'DLH', status: undefined, overdueAt: undefined });
  });

  it('shows supervisors every referral, others those of conversations they may list', async () => {
    await svc.list(officer('admin'), { status: 'open' });
    expect(rows.list).toHaveBeenLastCalledWith({}, { status: 'open', overdueAt: undefined });
    const agent = officer('agent');
    await svc.list(agent, { overdue: 'true' });
    expect(rows.list).toHaveBeenLastCalledWith({}, { visibleTo: agent, status: undefined, overdueAt: expect.any(Date) });
  });
});

describe('AuditLogService.list', () => {
  const entries = fakeOf(AuditRepository);
  const svc = new AuditLogService(tx(), entries);
  const entry = (id: string, at: string) => ({ id, at: new Date(at), action: 'contact.view' }) as AuditEntry;

  it('pages newest first with an opaque cursor', async () => {
    entries.list.mockResolvedValue([entry('b', '2025-12-02T00:00:00Z'), entry('a', '2025-12-01T00:00:00Z')]);
    const page = await svc.list({ action: 'contact.view', limit: 1 });
    expect(entries.list).toHaveBeenCalledWith({}, { action: 'contact.view', before: undefined, limit: 2 });
    expect(page).toEqual({
      items: [{ id: 'b', at: '2025-12-02T00:00:00.000Z', action: 'contact.view' }],
      nextCursor: encodeCursor(new Date('2025-12-02T00:00:00Z'), 'b'),
    });

    entries.list.mockResolvedValue([entry('a', '2025-12-01T00:00:00Z')]);
    const next = await svc.list({ limit: 1, cursor: page.nextCursor! });
    expect(entries.list).toHaveBeenLastCalledWith({}, { before: { at: new Date('2025-12-02T00:00:00Z'), id: 'b' }, limit: 2 });
    expect(next.nextCursor).toBeNull();
  });

  it('ignores a cursor it cannot read', async () => {
    entries.list.mockResolvedValue([]);
    await svc.list({ limit: 10, cursor: 'not-a-cursor' });
    expect(entries.list).toHaveBeenLastCalledWith({}, { before: undefined, limit: 11 });
  });
});
