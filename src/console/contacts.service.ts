import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { isSupervisor, Principal } from '../common/principal';
import { Contact } from '../schema/contact.entity';
import { ContactsRepository } from '../contacts/contacts.repository';
import { Tx, TransactionRunner } from '../database/transaction-runner';
import { PermitsRepository } from '../permits/permits.repository';
import { AuditService } from '../audit/audit.service';
import { conversationView } from './views';
import { normalisePhone } from '../common/phone';
import type { ContactPatch } from './contacts.dto';

export interface ContactProfile {
  contact: { id: string; name: string | null; phone: string | null; email: string | null; notes: string | null; createdAt: string; updatedAt: string };
  identities: { id: string; kind: string; externalId: string; displayName: string | null; lastSeenAt: string }[];
  conversations: ReturnType<typeof conversationView>[];
}

/** Supervisors and the counter see every citizen; others only through a conversation they can see. */
const seesEveryContact = (p: Principal): boolean => isSupervisor(p) || p.role === 'counter';

/**
 * A citizen across every channel: their identities and all their
 * conversations, so an officer never asks for what the office already has.
 * Every view of a profile is audited.
 */
@Injectable()
export class ConsoleContactsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly contacts: ContactsRepository,
    private readonly permits: PermitsRepository,
    private readonly audit: AuditService,
  ) {}

  /** May p see this contact at all? */
  private async canSee(m: Tx, p: Principal, contactId: string): Promise<boolean> {
    if (seesEveryContact(p)) return true;
    return (await this.contacts.countVisibleConversations(m, p, contactId)) > 0;
  }

  async search(p: Principal, q: string, limit = 20): Promise<{ id: string; name: string | null; phone: string | null; lastSeenAt: string | null }[]> {
    const like = `%${q.toLowerCase().replace(/[%_\\]/g, '')}%`;
    const digits = q.replace(/\D/g, '');
    const rows = await this.tx.read((m) => this.contacts.searchContacts(m, like, digits.length >= 6 ? digits : null, seesEveryContact(p) ? null : p, limit));
    return rows.map((c) => ({ id: c.id, name: c.name, phone: c.phone, lastSeenAt: c.updatedAt.toISOString() }));
  }

  async profile(p: Principal, id: string): Promise<ContactProfile> {
    const profile = await this.tx.read(async (m) => {
      let contact = await this.contacts.findContact(m, id);
      if (!contact || !(await this.canSee(m, p, contact.id))) throw new NotFoundException('Kontak tidak ditemukan.');
      if (contact.mergedIntoId) contact = (await this.contacts.findContact(m, contact.mergedIntoId)) ?? contact;
      const shown = contact;
      const identities = await this.contacts.identitiesOf(m, shown.id);
      const conversations = await this.contacts.readableConversationsOf(m, p, shown.id);
      return {
        contact: contactView(shown),
        identities: identities.map((i) => ({
          id: i.id,
          kind: i.kind,
          externalId: i.externalId,
          displayName: i.displayName,
          lastSeenAt: i.lastSeenAt.toISOString(),
        })),
        conversations: conversations.map((c) => conversationView(c, shown)),
      };
    });
    await this.audit.recordNow({ actor: p, action: 'contact.view', targetType: 'contact', targetId: profile.contact.id });
    return profile;
  }

  /**
   * An officer corrects the person's name, phone, e-mail or notes. The phone
   * is the key that joins channels, so it must be a real number and not
   * another person's (those two are merged instead). Audited with the names
   * of the fields changed, never their values.
   */
  async update(p: Principal, id: string, input: ContactPatch): Promise<ContactProfile['contact']> {
    let phone: string | null | undefined;
    if (input.phone !== undefined) {
      phone = input.phone ? normalisePhone(input.phone) : null;
      if (input.phone && !phone) throw new BadRequestException('Nomor telepon tidak valid (contoh: 0812-3456-7890 atau +62 812 3456 7890).');
    }
    const c = await this.tx.run(async (m) => {
      const contact = await this.contacts.findContact(m, id);
      if (!contact || !(await this.canSee(m, p, id))) throw new NotFoundException('Kontak tidak ditemukan.');
      if (contact.mergedIntoId) throw new ConflictException('Kontak ini sudah digabung; ubah kontak tujuannya.');
      const changes: Partial<Contact> = {};
      if (input.name !== undefined && input.name !== contact.name) changes.name = input.name;
      if (input.email !== undefined && (input.email ?? null) !== contact.email) changes.email = input.email ?? null;
      if (phone !== undefined && phone !== contact.phone) {
        if (phone && (await this.contacts.findOtherByPhone(m, phone, id)))
          throw new ConflictException('Nomor ini sudah tercatat pada warga lain; gabungkan kedua kontak.');
        changes.phone = phone;
      }
      if (input.notes !== undefined && (input.notes || null) !== (contact.notes ?? null)) changes.notes = input.notes || null;
      const fields = Object.keys(changes);
      if (!fields.length) return contact;
      changes.updatedAt = new Date();
      await this.contacts.updateContact(m, id, changes);
      await this.audit.record(m, { actor: p, action: 'contact.update', targetType: 'contact', targetId: id, detail: { fields } });
      return { ...contact, ...changes };
    });
    return contactView(c);
  }

  /**
   * Merges `sourceId` into `targetId`: identities and conversations move to
   * the target, missing profile fields are filled from the source, and the
   * source keeps a pointer so late messages land on the target.
   */
  async merge(p: Principal, sourceId: string, targetId: string): Promise<ContactProfile> {
    if (sourceId === targetId) throw new BadRequestException('sourceId dan targetId harus berbeda.');
    await this.tx.run(async (m) => {
      const [source, target] = await Promise.all([this.contacts.findContact(m, sourceId), this.contacts.findContact(m, targetId)]);
      if (!source || !target || !(await this.canSee(m, p, sourceId)) || !(await this.canSee(m, p, targetId)))
        throw new NotFoundException('Kontak tidak ditemukan.');
      if (source.mergedIntoId || target.mergedIntoId) throw new ConflictException('Salah satu kontak sudah digabung sebelumnya.');
      const [a, b] = await Promise.all([this.contacts.findActiveConversation(m, sourceId), this.contacts.findActiveConversation(m, targetId)]);
      if (a && b) throw new ConflictException(`Kedua kontak punya percakapan aktif (${a.reference}, ${b.reference}); selesaikan salah satu dulu.`);
      const now = new Date();
      await this.contacts.moveIdentities(m, sourceId, targetId);
      await this.contacts.moveConversations(m, sourceId, targetId, now);
      await this.moveSubscriptions(m, sourceId, targetId);
      await this.contacts.updateContact(m, targetId, {
        name: target.name ?? source.name,
        phone: target.phone ?? source.phone,
        email: target.email ?? source.email,
        notes: [target.notes, source.notes].filter(Boolean).join('\n\n') || null,
        updatedAt: now,
      });
      await this.contacts.markMerged(m, sourceId, targetId, now);
      await this.audit.record(m, { actor: p, action: 'contact.merge', targetType: 'contact', targetId, detail: { sourceId } });
    });
    return this.profile(p, targetId);
  }

  /** "Kabari saya" requests follow the person; one per application, verified if either was. */
  private async moveSubscriptions(m: Tx, sourceId: string, targetId: string): Promise<void> {
    for (const sub of await this.permits.subscriptionsOfContact(m, sourceId)) {
      const dup = await this.permits.findContactSubscription(m, targetId, sub.applicationNumber);
      if (!dup) {
        await this.permits.moveSubscription(m, sub.id, targetId);
        continue;
      }
      if (sub.verified && !dup.verified) await this.permits.markSubscriptionVerified(m, dup.id);
      await this.permits.deleteSubscription(m, sub.id);
    }
  }
}

function contactView(c: Contact): ContactProfile['contact'] {
  return {
    id: c.id,
    name: c.name,
    phone: c.phone,
    email: c.email,
    notes: c.notes ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
