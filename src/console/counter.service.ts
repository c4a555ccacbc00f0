import { BadRequestException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { Principal } from '../common/principal';
import { WorkingCalendar } from '../common/calendar/working-calendar';
import { newId, newReference } from '../common/ids';
import { normalisePhone } from '../common/phone';
import { outgoingMessage } from '../conversations/outgoing-message';
import { ChannelIdentity } from '../schema/channel-identity.entity';
import { Contact } from '../schema/contact.entity';
import { ConcurrentCreateError, ContactsRepository } from '../contacts/contacts.repository';
import { Conversation } from '../schema/conversation.entity';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { Message } from '../schema/message.entity';
import { MessagesRepository } from '../conversations/messages.repository';
import { isUniqueViolation } from '../database/db-errors';
import { Tx, TransactionRunner } from '../database/transaction-runner';
import { HubEvents } from '../hub/hub-events';
import { PERMIT_STAGES, PERMIT_STATUS_PROVIDER, PermitProviderUnavailableError, PermitStatusProvider } from '../permits/permit.types';
import { AuditService } from '../audit/audit.service';
import { conversationView } from './views';

export const COUNTER_CHANNEL = 'counter';
/** Close matches offered for a mistyped application number. */
const MAX_SUGGESTIONS = 3;

/**
 * The MPP help desk: a walk-in visitor becomes (or is found as) a contact —
 * by phone, so a later WhatsApp message from that phone is the same person
 * with the same history — and gets a conversation of channel 'counter'
 * handled by the officer at the desk.
 */
@Injectable()
export class CounterService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly contacts: ContactsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly events: HubEvents,
    private readonly audit: AuditService,
    private readonly calendar: WorkingCalendar,
    @Inject(PERMIT_STATUS_PROVIDER) private readonly permits: PermitStatusProvider,
  ) {}

  async registerVisitor(p: Principal, input: { name: string; phone?: string | null }) {
    const phone = input.phone ? normalisePhone(input.phone) : null;
    if (input.phone && !phone) throw new BadRequestException('phone: nomor telepon tidak valid (contoh 0812xxxxxxx).');
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tx.run(async (m) => {
          const now = new Date();
          let contact: Contact;
          let identity: ChannelIdentity | null = null;
          let existing = false;
          if (phone) {
            existing = !!(await this.contacts.findIdentity(m, 'phone', phone));
            const r = await this.contacts.findOrCreateByIdentity(m, { kind: 'phone', externalId: phone, displayName: input.name, phone }, now);
            contact = r.contact;
            identity = r.identity;
          } else {
            contact = { id: newId(), name: input.name, phone: null, email: null, mergedIntoId: null, createdAt: now, updatedAt: now };
            await this.contacts.insertContact(m, contact);
          }
          const active = await this.conversations.findActiveForContact(m, contact.id);
          await this.audit.record(m, {
            actor: p,
            action: 'contact.view',
            targetType: 'contact',
            targetId: contact.id,
            detail: { counter: true, registered: !existing },
          });
          return {
            contact: { id: contact.id, name: contact.name, phone: contact.phone },
            identityId: identity?.id ?? null,
            existing,
            activeConversation: active ? conversationView(active, contact) : null,
          };
        });
      } catch (err) {
        if ((err instanceof ConcurrentCreateError || isUniqueViolation(err)) && attempt < 3) continue;
        throw err;
      }
    }
  }

  /**
   * Opens the visitor's counter conversation (or continues their active one
   * at the counter) assigned to this officer, with what they came for as a note.
   */
  async open(p: Principal, input: { contactId: string; subject?: string }) {
    const r = await this.tx.run(async (m) => {
      const contact = await this.contacts.findContact(m, input.contactId);
      if (!contact || contact.mergedIntoId) throw new NotFoundException('Kontak tidak ditemukan.');
      const identity = await this.contacts.findPhoneIdentityOf(m, contact.id);
      const now = new Date();
      let c = await this.conversations.findActiveForContact(m, contact.id);
      let created = false;
      if (c) {
        // The visit joins the citizen's active conversation but never moves it off their channel:
        // replies still go where they last wrote from (web chat, WhatsApp ...), not to the counter.
        const patch: Partial<Conversation> = {
          status: 'open',
          labels: [...new Set([...(c.labels ?? []), 'loket-mpp'])],
          assigneeId: c.assigneeId ?? p.id,
          firstResponseAt: c.firstResponseAt ?? now,
          updatedAt: now,
        };
        await this.conversations.updateConversation(m, c.id, patch);
        Object.assign(c, patch);
      } else {
        c = {
          id: newId(),
          reference: newReference('LB', now),
          contactId: contact.id,
          kind: 'general',
          status: 'open',
          channel: COUNTER_CHANNEL,
          identityId: identity?.id ?? null,
          teamId: null,
          assigneeId: p.id,
          subject: input.subject?.slice(0, 200) ?? 'Kunjungan loket MPP',
          labels: ['loket-mpp'],
          botState: null,
          createdAt: now,
          updatedAt: now,
          lastMessageAt: now,
          waitingSince: now,
          firstResponseAt: now,
          resolvedAt: null,
        };
        await this.conversations.insertConversation(m, c);
        created = true;
      }
      const note = await this.note(m, c, p, `Pengunjung dilayani di loket MPP oleh ${p.name}${input.subject ? `: ${input.subject}` : '.'}`);
      await this.audit.record(m, {
        actor: p,
        action: 'conversation.assign',
        targetType: 'conversation',
        targetId: c.id,
        detail: { userId: c.assigneeId, counter: true },
      });
      return { c, contact, created, note };
    });
    if (r.created) await this.events.conversationCreated(r.c);
    else await this.events.conversationUpdated(r.c);
    await this.events.messageCreated(r.c, r.note);
    return { conversation: conversationView(r.c, r.contact, r.note), created: r.created };
  }

  private async note(m: Tx, c: Conversation, p: Principal, text: string): Promise<Message> {
    const at = await this.messages.nextMessageTime(m, c.id);
    const msg = outgoingMessage(c, { senderKind: 'agent', senderUserId: p.id, text, createdAt: at, isPrivate: true, deliveryStatus: 'delivered' });
    await this.messages.insert(m, msg);
    await this.conversations.updateConversation(m, c.id, { lastMessageAt: at });
    c.lastMessageAt = at;
    return msg;
  }

  /**
   * Close matches of a number that was not found (a typo at the desk): number,
   * permit type and stage only — no applicant's name before the officer
   * looks the chosen one up (and that look-up is audited like any other).
   */
  private async suggestions(number: string): Promise<{ number: string; permitType: string; stage: string; stageLabel: string }[]> {
    if (!this.permits.similar) return [];
    try {
      const apps = await this.permits.similar(number, MAX_SUGGESTIONS);
      return apps.map((a) => ({ number: a.number, permitType: a.permitType, stage: a.stage, stageLabel: PERMIT_STAGES[a.stage].id }));
    } catch (err) {
      // No suggestions is still a correct "not found".
      if (err instanceof PermitProviderUnavailableError) return [];
      throw err;
    }
  }

  /** Permit status for the officer (no identity check: the citizen is at the desk with their documents). */
  async permit(p: Principal, number: string) {
    let app;
    try {
      app = await this.permits.find(number.trim().toUpperCase());
    } catch (err) {
      if (err instanceof PermitProviderUnavailableError)
        throw new ServiceUnavailableException('Sistem SIPINTER sedang tidak dapat dihubungi. Coba beberapa saat lagi.');
      throw err;
    }
    if (!app) {
      const suggestions = await this.suggestions(number.trim().toUpperCase());
      await this.audit.recordNow({
        actor: p,
        action: 'permit.lookup',
        targetType: 'permit',
        targetId: number.trim().toUpperCase().slice(0, 36),
        detail: { found: false, suggested: suggestions.map((s) => s.number) },
      });
      // The 404 keeps its message; the close matches ride along for the console to offer.
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', message: 'Nomor permohonan tidak ditemukan.', suggestions });
    }
    await this.audit.recordNow({ actor: p, action: 'permit.lookup', targetType: 'permit', targetId: app.number.slice(0, 36) });
    const dueDate = this.calendar.addWorkingDays(app.submittedAt, app.serviceStandardDays);
    return {
      number: app.number,
      permitType: app.permitType,
      applicantName: app.applicantName,
      stage: app.stage,
      stageLabel: PERMIT_STAGES[app.stage].id,
      stageSince: app.stageSince.toISOString(),
      submittedAt: app.submittedAt.toISOString(),
      serviceStandardDays: app.serviceStandardDays,
      dueDate,
      overdue: !['terbit', 'ditolak'].includes(app.stage) && this.calendar.toLocalDate(new Date()) > dueDate,
      nextAction: app.nextAction,
      agencyPending: app.agencyPending,
      updatedAt: app.updatedAt.toISOString(),
    };
  }
}
