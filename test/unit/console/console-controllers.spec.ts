import { BadRequestException } from '@nestjs/common';
import { ROLES_KEY } from '../../../src/common/principal';
import { AuditLogService } from '../../../src/console/audit-log.service';
import { AuditController } from '../../../src/console/audit.controller';
import { CannedController } from '../../../src/console/canned.controller';
import { CannedService } from '../../../src/console/canned.service';
import { ContactsController } from '../../../src/console/contacts.controller';
import { ConsoleContactsService } from '../../../src/console/contacts.service';
import { ReferralsController } from '../../../src/console/referrals.controller';
import { ConsoleReferralsService } from '../../../src/console/referrals.service';
import { TeamsController } from '../../../src/console/teams.controller';
import { TeamsService } from '../../../src/console/teams.service';
import { fakeOf } from '../../support/fakes/fake-of';
import { officer } from './principals';

const ID = 'aaaaaaaa-0000-4000-8000-000000000001';
const ID2 = 'aaaaaaaa-0000-4000-8000-000000000002';
const OFFICERS = ['admin', 'supervisor', 'agent', 'counter'];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const rolesOf = (handler: Function): unknown => Reflect.getMetadata(ROLES_KEY, handler);

/** The 400 of parseInput, whose message names the offending field. */
function badRequest(fn: () => unknown, field: string): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(BadRequestException);
  const body = (err as BadRequestException).getResponse() as { message: string; issues: { path: string }[] };
  expect(body.message).toMatch(/^Permintaan tidak valid — /);
  expect(body.message).toContain(`${field}: `);
  expect(body.issues.map((i) => i.path)).toContain(field);
}

describe('console controllers', () => {
  const p = officer('supervisor');

  describe('ContactsController', () => {
    const svc = fakeOf(ConsoleContactsService);
    const c = new ContactsController(svc);

    it('validates and calls one service method', () => {
      badRequest(() => c.search(p, { q: 'a' }), 'q');
      badRequest(() => c.merge(p, { sourceId: ID, targetId: 'x' }), 'targetId');
      badRequest(() => c.update(p, ID, { email: 'bukan-email' }), 'email');
      badRequest(() => c.update(p, ID, { notes: 'x'.repeat(2001) }), 'notes');
      // The phone is checked against the numbering plan by the service (src/common/phone.ts).
      void c.update(p, ID, { phone: ' 0812-3456-7890 ', notes: '  sering datang ke loket ' });
      expect(svc.update).toHaveBeenCalledWith(p, ID, { phone: '0812-3456-7890', notes: 'sering datang ke loket' });
      void c.search(p, { q: '  budi ' });
      expect(svc.search).toHaveBeenCalledWith(p, 'budi');
      void c.merge(p, { sourceId: ID, targetId: ID2 });
      expect(svc.merge).toHaveBeenCalledWith(p, ID, ID2);
    });

    it('keeps agency officers out of search, merge and edits, not of a profile', () => {
      expect(rolesOf(ContactsController.prototype.search)).toEqual(OFFICERS);
      expect(rolesOf(ContactsController.prototype.merge)).toEqual(OFFICERS);
      expect(rolesOf(ContactsController.prototype.update)).toEqual(OFFICERS);
      expect(rolesOf(ContactsController.prototype.profile)).toBeUndefined();
    });
  });

  describe('CannedController', () => {
    const svc = fakeOf(CannedService);
    const c = new CannedController(svc);

    it('validates and calls one service method', () => {
      badRequest(() => c.create(p, { shortcut: '/salam', title: 'Salam', text: 'Halo' }), 'shortcut');
      badRequest(() => c.update(ID, { text: '' }), 'text');
      badRequest(() => c.render(p, 'salam', { conversationId: 'x' }), 'conversationId');
      void c.create(p, { shortcut: ' Salam ', title: 'Salam', text: 'Halo' });
      expect(svc.create).toHaveBeenCalledWith(p, { shortcut: 'salam', title: 'Salam', text: 'Halo' });
      void c.list(p, 'x'.repeat(60));
      expect(svc.list).toHaveBeenCalledWith(p, 'x'.repeat(40));
    });

    it('lets supervisors maintain, everyone read and render', () => {
      for (const h of [CannedController.prototype.create, CannedController.prototype.update, CannedController.prototype.remove])
        expect(rolesOf(h)).toEqual(['admin', 'supervisor']);
      expect(rolesOf(CannedController.prototype.list)).toBeUndefined();
      expect(rolesOf(CannedController.prototype.render)).toBeUndefined();
    });
  });

  describe('ReferralsController', () => {
    const svc = fakeOf(ConsoleReferralsService);
    const c = new ReferralsController(svc);

    it('validates and calls one service method', () => {
      badRequest(() => c.list(p, { status: 'closed' }), 'status');
      badRequest(() => c.answer(p, ID, { text: '   ' }), 'text');
      void c.list(p, { overdue: 'true' });
      expect(svc.list).toHaveBeenCalledWith(p, { overdue: 'true' });
      void c.answer(p, ID, { text: ' Sudah sesuai ' });
      expect(svc.answer).toHaveBeenCalledWith(p, ID, 'Sudah sesuai');
    });

    it('lets agency officers and supervisors answer', () => {
      expect(rolesOf(ReferralsController.prototype.answer)).toEqual(['agency', 'admin', 'supervisor']);
      expect(rolesOf(ReferralsController.prototype.list)).toBeUndefined();
    });
  });

  describe('TeamsController', () => {
    const svc = fakeOf(TeamsService);
    const c = new TeamsController(svc);

    it('validates and calls one service method', () => {
      badRequest(() => c.setSla(p, ID, { firstResponseMinutes: 0, resolutionMinutes: 60 }), 'firstResponseMinutes');
      badRequest(() => c.setSla(p, ID, { firstResponseMinutes: 30 }), 'resolutionMinutes');
      void c.setSla(p, ID, { firstResponseMinutes: 30, resolutionMinutes: 60 });
      expect(svc.setSla).toHaveBeenCalledWith(p, ID, { firstResponseMinutes: 30, resolutionMinutes: 60 });
    });

    it('lets supervisors set SLA targets, keeps agency officers off presence', () => {
      expect(rolesOf(TeamsController.prototype.setSla)).toEqual(['admin', 'supervisor']);
      expect(rolesOf(TeamsController.prototype.online)).toEqual(OFFICERS);
      expect(rolesOf(TeamsController.prototype.teams)).toBeUndefined();
      expect(rolesOf(TeamsController.prototype.agencies)).toBeUndefined();
    });
  });

  describe('AuditController', () => {
    const svc = fakeOf(AuditLogService);
    const c = new AuditController(svc);

    it('validates and calls one service method', () => {
      badRequest(() => c.list({ limit: '501' }), 'limit');
      badRequest(() => c.list({ actorId: 'x' }), 'actorId');
      void c.list({ action: 'contact.view', limit: '20' });
      expect(svc.list).toHaveBeenCalledWith({ action: 'contact.view', limit: 20 });
      void c.list({});
      expect(svc.list).toHaveBeenLastCalledWith({ limit: 100 });
    });

    it('is for supervisors', () => {
      expect(rolesOf(AuditController.prototype.list)).toEqual(['admin', 'supervisor']);
    });
  });
});
