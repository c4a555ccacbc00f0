import { BadRequestException, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { isSupervisor, Principal } from '../common/principal';
import { normalisePhone } from '../common/phone';
import { ConcurrentCreateError, ContactsRepository } from '../contacts/contacts.repository';
import { Conversation } from '../schema/conversation.entity';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { MessagesRepository } from '../conversations/messages.repository';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { HubEvents, officerConversation } from '../hub/hub-events.ports';
import { addPrivateNote, MISSED_CALL_LABEL, newPhoneConversation, PHONE_LABEL } from './call-notes';
import { CallForm } from './calls.dto';
import { PhoneCall } from './phone-call.entity';
import { PhoneCallsRepository } from './phone-calls.repository';

/**
 * The call form: the caller (by number, so the same contact as on WhatsApp and
 * at the counter, with their history) gets the call as a private note in their
 * active conversation or a new one of channel 'phone' assigned to the officer.
 * Hand-over, referral and SLA then work on it as on any chat.
 */
@Injectable()
export class CallFormService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly contacts: ContactsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly calls: PhoneCallsRepository,
    private readonly events: HubEvents,
    private readonly audit: AuditService,
  ) {}

  async take(p: Principal, input: CallForm) {
    const phone = normalisePhone(input.phone);
    if (!phone) throw new BadRequestException('phone: nomor telepon tidak valid (contoh 0812xxxxxxx).');
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(p, phone, input);
      } catch (err) {
        if ((err instanceof ConcurrentCreateError || isUniqueViolation(err)) && attempt < 3) continue;
        throw err;
      }
    }
  }

  private async once(p: Principal, phone: string, input: CallForm) {
    const r = await this.tx.run(async (m) => {
      const now = new Date();
      const known = !!(await this.contacts.findIdentity(m, 'phone', phone));
      const { contact, identity } = await this.contacts.findOrCreateByIdentity(
        m,
        { kind: 'phone', externalId: phone, displayName: input.name ?? undefined, phone },
        now,
      );
      if (input.name && !contact.name) {
        await this.contacts.updateContact(m, contact.id, { name: input.name, updatedAt: now });
        contact.name = input.name;
      }
      let call: PhoneCall | null = null;
      if (input.callId) {
        call = await this.calls.findById(m, input.callId);
        // Only a call of this caller, and one that reached this officer (or any, for a supervisor).
        if (!call || call.fromNumber !== phone || (!isSupervisor(p) && call.userId && call.userId !== p.id))
          throw new BadRequestException('callId: panggilan tidak ditemukan untuk nomor ini.');
      }
      let c = await this.conversations.findActiveForContact(m, contact.id);
      let created = false;
      if (c) {
        // The call joins the citizen's active conversation without moving it off their channel (replies go where they wrote).
        const labels = [...new Set([...(c.labels ?? []).filter((l) => l !== MISSED_CALL_LABEL), PHONE_LABEL])];
        const patch: Partial<Conversation> = {
          labels,
          status: c.assigneeId || c.status === 'open' ? c.status : 'open',
          assigneeId: c.assigneeId ?? p.id,
          firstResponseAt: c.firstResponseAt ?? now,
          updatedAt: now,
        };
        await this.conversations.updateConversation(m, c.id, patch);
        Object.assign(c, patch);
      } else {
        c = newPhoneConversation(
          { contactId: contact.id, identityId: identity.id, status: 'open', assigneeId: p.id, subject: input.asked.slice(0, 200), labels: [PHONE_LABEL] },
          now,
        );
        await this.conversations.insertConversation(m, c);
        created = true;
      }
      const lines = [`Telepon dilayani oleh ${p.name}.`, `Ditanyakan: ${input.asked}`, `Dilakukan: ${input.done}`];
      if (input.followUp) lines.push(`Tindak lanjut: ${input.followUp}`);
      const note = await addPrivateNote(m, { messages: this.messages, conversations: this.conversations }, c, {
        senderKind: 'agent',
        senderUserId: p.id,
        text: lines.join('\n'),
      });
      if (call) await this.calls.updateCall(m, call.id, { conversationId: c.id, updatedAt: now });
      await this.audit.record(m, {
        actor: p,
        action: 'conversation.call',
        targetType: 'conversation',
        targetId: c.id,
        detail: { created, knownContact: known, callId: call?.id ?? null },
      });
      return { c, contact, created, known, note };
    });
    if (r.created) await this.events.conversationCreated(r.c);
    else await this.events.conversationUpdated(r.c);
    await this.events.messageCreated(r.c, r.note);
    return {
      conversation: { ...officerConversation(r.c), contact: { id: r.contact.id, name: r.contact.name } },
      contact: { id: r.contact.id, name: r.contact.name, phone: r.contact.phone },
      created: r.created,
      knownContact: r.known,
    };
  }

  /** The call log: an officer's own extension's calls, every call for supervisors. */
  async recent(p: Principal, limit: number) {
    const rows = await this.tx.read((m) => this.calls.recent(m, isSupervisor(p) ? null : p.id, limit));
    return rows.map((c) => ({
      id: c.id,
      source: c.source,
      phone: c.fromNumber,
      extension: c.extension,
      userId: c.userId,
      contactId: c.contactId,
      conversationId: c.conversationId,
      state: c.state,
      missed: c.missed,
      startedAt: c.startedAt.toISOString(),
      answeredAt: c.answeredAt?.toISOString() ?? null,
      endedAt: c.endedAt?.toISOString() ?? null,
      durationSeconds: c.durationSeconds,
    }));
  }
}
