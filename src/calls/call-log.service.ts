import { Injectable, Logger } from '@nestjs/common';
import { newId } from '../common/ids';
import { maskPhone, normalisePhone, waIdToE164 } from '../common/phone';
import { ContactsRepository } from '../contacts/contacts.repository';
import { Conversation } from '../schema/conversation.entity';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { Message } from '../schema/message.entity';
import { MessagesRepository } from '../conversations/messages.repository';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner, Tx } from '../database/transaction-runner';
import { HubEvents } from '../hub/hub-events.ports';
import type { ConsoleEvents } from '../hub/hub-events.types';
import { PhoneCallEvent, PhoneCalls } from '../hub/ports';
import { UsersRepository } from '../auth/users.repository';
import { addPrivateNote, MISSED_CALL_LABEL, MISSED_CALL_SUBJECT, newPhoneConversation, wibTime } from './call-notes';
import { PhoneCall } from './phone-call.entity';
import { PhoneCallsRepository } from './phone-calls.repository';

type Pop = { userId: string; payload: ConsoleEvents['call.ringing'] };
type Announce = { c: Conversation; created: boolean; note: Message };

/**
 * The call log behind the PhoneCalls port: each PBX event once, the caller's
 * number as their phone identity (the same contact as on WhatsApp and at the
 * counter), a screen pop for the officer whose extension rings, and a missed
 * call queued for a call-back as "telepon tak terjawab".
 */
@Injectable()
export class CallLogService extends PhoneCalls {
  private readonly log = new Logger('CallLog');

  constructor(
    private readonly tx: TransactionRunner,
    private readonly calls: PhoneCallsRepository,
    private readonly users: UsersRepository,
    private readonly contacts: ContactsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly events: HubEvents,
  ) {
    super();
  }

  async record(e: PhoneCallEvent): Promise<{ duplicate: boolean }> {
    let r: { duplicate: boolean; pop?: Pop; announce?: Announce };
    try {
      r = await this.tx.run((m) => this.apply(m, e));
    } catch (err) {
      // Another process stored this very event (or the call's first row) at the same moment.
      if (isUniqueViolation(err)) return { duplicate: true };
      throw err;
    }
    if (r.pop) this.events.toOfficer(r.pop.userId, 'call.ringing', r.pop.payload);
    if (r.announce) {
      if (r.announce.created) await this.events.conversationCreated(r.announce.c);
      else await this.events.conversationUpdated(r.announce.c);
      await this.events.messageCreated(r.announce.c, r.announce.note);
    }
    return { duplicate: r.duplicate };
  }

  private async apply(m: Tx, e: PhoneCallEvent): Promise<{ duplicate: boolean; pop?: Pop; announce?: Announce }> {
    const now = new Date();
    const extension = e.extension?.trim() || null;
    const fresh = await this.calls.receiveOnce(m, { id: newId(), source: e.source, callId: e.callId, event: e.event, extension, at: e.at, receivedAt: now });
    if (!fresh) return { duplicate: true };

    let call = await this.calls.findCall(m, e.source, e.callId);
    if (!call) {
      const phone = callerNumber(e.from);
      const contact = phone ? (await this.contacts.findOrCreateByIdentity(m, { kind: 'phone', externalId: phone, phone }, now)).contact : null;
      call = {
        id: newId(),
        source: e.source,
        callId: e.callId,
        fromNumber: phone,
        toNumber: e.to?.slice(0, 40) ?? null,
        extension: null,
        userId: null,
        contactId: contact?.id ?? null,
        conversationId: null,
        state: 'ringing',
        startedAt: e.at,
        answeredAt: null,
        endedAt: null,
        durationSeconds: null,
        missed: false,
        createdAt: now,
        updatedAt: now,
      };
      await this.calls.insertCall(m, call);
    }
    const before = { ...call };
    const patch: Partial<PhoneCall> = { updatedAt: now };
    if (extension && extension !== call.extension) {
      patch.extension = extension;
      patch.userId = (await this.users.findByExtension(m, extension))?.id ?? null;
    }
    if (e.at < call.startedAt) patch.startedAt = e.at;
    const finished = call.state === 'ended' || call.state === 'missed';
    switch (e.event) {
      case 'ringing':
        break;
      case 'answered':
        patch.answeredAt = call.answeredAt ?? e.at;
        if (!finished) patch.state = 'answered';
        break;
      case 'ended': {
        const endedAt = call.endedAt ?? e.at;
        patch.endedAt = endedAt;
        // Hung up before anyone answered: that is a missed call too.
        if (call.answeredAt) {
          patch.state = 'ended';
          patch.durationSeconds = Math.max(0, Math.round((endedAt.getTime() - call.answeredAt.getTime()) / 1000));
        } else {
          patch.state = 'missed';
          patch.missed = true;
          patch.durationSeconds = 0;
        }
        break;
      }
      case 'missed':
        if (!call.answeredAt) {
          patch.state = 'missed';
          patch.missed = true;
          patch.endedAt = call.endedAt ?? e.at;
          patch.durationSeconds = 0;
        }
        break;
    }
    Object.assign(call, patch);

    let pop: Pop | undefined;
    // The screen pop: when the call first reaches an officer's extension (ringing, or answered where the PBX told no ringing).
    if (call.userId && call.userId !== before.userId && (e.event === 'ringing' || e.event === 'answered')) {
      const contact = call.contactId ? await this.contacts.findContact(m, call.contactId) : null;
      const active = contact ? await this.conversations.findActiveForContact(m, contact.id) : null;
      pop = {
        userId: call.userId,
        payload: {
          callId: call.id,
          event: e.event,
          phone: call.fromNumber,
          extension: call.extension,
          contact: contact ? { id: contact.id, name: contact.name, phone: contact.phone } : null,
          activeConversationId: active?.id ?? null,
          at: e.at.toISOString(),
        },
      };
    }

    let announce: Announce | undefined;
    if (call.missed && !before.missed && call.contactId) {
      announce = await this.queueCallBack(m, call, now);
      patch.conversationId = announce.c.id;
    }
    await this.calls.updateCall(m, call.id, patch);
    this.log.debug(`call ${call.id} ${e.event} (${call.fromNumber ? maskPhone(call.fromNumber) : 'withheld'})`);
    return { duplicate: false, pop, announce };
  }

  /** The missed call in the team's queue: the caller's active conversation, or a new pending one, labelled for a call-back. */
  private async queueCallBack(m: Tx, call: PhoneCall, now: Date): Promise<Announce> {
    const contactId = call.contactId as string;
    const identity = await this.contacts.findPhoneIdentityOf(m, contactId);
    let c = await this.conversations.findActiveForContact(m, contactId);
    let created = false;
    if (c) {
      const patch: Partial<Conversation> = { labels: [...new Set([...(c.labels ?? []), MISSED_CALL_LABEL])], updatedAt: now };
      // The bot cannot call back: a person must.
      if (c.status === 'bot') Object.assign(patch, { status: 'pending', waitingSince: now });
      await this.conversations.updateConversation(m, c.id, patch);
      Object.assign(c, patch);
    } else {
      c = newPhoneConversation(
        { contactId, identityId: identity?.id ?? null, status: 'pending', assigneeId: null, subject: MISSED_CALL_SUBJECT, labels: [MISSED_CALL_LABEL] },
        now,
      );
      await this.conversations.insertConversation(m, c);
      created = true;
    }
    const ext = call.extension ? ` (ekstensi ${call.extension})` : '';
    const note = await addPrivateNote(m, { messages: this.messages, conversations: this.conversations }, c, {
      senderKind: 'system',
      senderUserId: null,
      text: `Telepon tak terjawab pukul ${wibTime(call.startedAt)} WIB${ext}. Mohon telepon balik warga.`,
    });
    return { c, created, note };
  }
}

/** The caller's E.164 number; PBXs give national ("0812…"), international ("62812…", "+62…") or nothing ("anonymous"). */
export function callerNumber(raw: string): string | null {
  const s = raw.trim().replace(/[\s().-]/g, '');
  if (!/^\+?\d{6,15}$/.test(s)) return null;
  return normalisePhone(s) ?? waIdToE164(s);
}
