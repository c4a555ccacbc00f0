import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager, In, IsNull, Not } from 'typeorm';
import { table } from '../access/access.repository';
import type { Principal } from '../common/principal';
import { newId } from '../common/ids';
import { applyVisibility as restrictToVisible } from '../access/access.repository';
import { Conversation } from '../schema/conversation.entity';
import { ConcurrentCreateError, isUniqueViolation } from '../database/db-errors';
import { EntityStatements } from '../database/entity-statements';
import { ChannelIdentity, IdentityKind } from '../schema/channel-identity.entity';
import { Contact } from '../schema/contact.entity';

export interface IdentityRef {
  kind: IdentityKind;
  externalId: string;
  displayName?: string;
  phone?: string;
  /** Other ids of the same person seen in the same message: linked to the contact found or created. */
  aliases?: { kind: IdentityKind; externalId: string }[];
}

@Injectable()
export class ContactsRepository {
  constructor(private readonly rows: EntityStatements) {}

  findIdentity(m: EntityManager, kind: IdentityKind, externalId: string): Promise<ChannelIdentity | null> {
    return this.rows.findOne(m, ChannelIdentity, { kind, externalId });
  }

  findIdentityById(m: EntityManager, id: string): Promise<ChannelIdentity | null> {
    return this.rows.findOne(m, ChannelIdentity, { id });
  }

  findContact(m: EntityManager, id: string): Promise<Contact | null> {
    return this.rows.findOne(m, Contact, { id });
  }

  /**
   * The sender as findOrCreateByIdentity would find them, when that would write nothing (a known
   * identity, seen within the minute, with nothing new to record); null otherwise. Read-only.
   */
  async findKnownSender(m: EntityManager, ref: IdentityRef, now: Date): Promise<{ contact: Contact; identity: ChannelIdentity } | null> {
    if (ref.aliases?.length) return null;
    const identity = await this.findIdentity(m, ref.kind, ref.externalId);
    // The same tests as findOrCreatePrimary's: each of these would write.
    if (!identity || now.getTime() - identity.lastSeenAt.getTime() > 60_000 || (ref.displayName && !identity.displayName)) return null;
    const contact = await this.resolveMerged(m, identity.contactId);
    return ref.displayName && !contact.name ? null : { contact, identity };
  }

  /**
   * The contact behind a channel identity, created on first contact. Two
   * workers racing on a new citizen both end with the same row: the loser of
   * the unique index re-reads what the winner wrote.
   */
  async findOrCreateByIdentity(m: EntityManager, ref: IdentityRef, now = new Date()): Promise<{ contact: Contact; identity: ChannelIdentity }> {
    const found = await this.findOrCreatePrimary(m, ref, now);
    for (const a of ref.aliases ?? []) {
      if (a.kind === ref.kind && a.externalId === ref.externalId) continue;
      // An alias already known on another contact stays there: joining two people is an officer's merge.
      if (!(await this.findIdentity(m, a.kind, a.externalId))) await this.insertIdentity(m, found.contact.id, a, ref.displayName, now);
    }
    return found;
  }

  private async insertIdentity(
    m: EntityManager,
    contactId: string,
    a: { kind: IdentityKind; externalId: string },
    displayName: string | undefined,
    now: Date,
  ): Promise<ChannelIdentity> {
    const identity = m.create(ChannelIdentity, {
      id: newId(),
      contactId,
      kind: a.kind,
      externalId: a.externalId,
      displayName: displayName ?? null,
      createdAt: now,
      lastSeenAt: now,
    });
    try {
      await m.insert(ChannelIdentity, identity);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConcurrentCreateError();
      throw err;
    }
    return identity;
  }

  private async findOrCreatePrimary(m: EntityManager, ref: IdentityRef, now: Date): Promise<{ contact: Contact; identity: ChannelIdentity }> {
    let existing = await this.findIdentity(m, ref.kind, ref.externalId);
    if (!existing) {
      // The person is known by another of their ids (a WhatsApp username before their phone appeared): same contact.
      for (const a of ref.aliases ?? []) {
        const other = await this.findIdentity(m, a.kind, a.externalId);
        if (!other) continue;
        const contact = await this.resolveMerged(m, other.contactId);
        existing = await this.insertIdentity(m, contact.id, ref, ref.displayName, now);
        if (ref.phone && !contact.phone) {
          contact.phone = ref.phone;
          contact.updatedAt = now;
          await m.save(contact);
        }
        break;
      }
    }
    if (existing) {
      const contact = await this.resolveMerged(m, existing.contactId);
      // lastSeenAt is for people, not auditing: a minute's precision spares a write per message.
      if (now.getTime() - existing.lastSeenAt.getTime() > 60_000 || (ref.displayName && !existing.displayName)) {
        existing.lastSeenAt = now;
        if (ref.displayName && !existing.displayName) existing.displayName = ref.displayName;
        await this.rows.update(m, ChannelIdentity, { id: existing.id }, { lastSeenAt: now, displayName: existing.displayName });
      }
      if (ref.displayName && !contact.name) {
        contact.name = ref.displayName;
        contact.updatedAt = now;
        await m.save(contact);
      }
      return { contact, identity: existing };
    }
    const contact = m.create(Contact, {
      id: newId(),
      name: ref.displayName ?? null,
      phone: ref.phone ?? (ref.kind === 'phone' ? ref.externalId : null),
      email: null,
      mergedIntoId: null,
      createdAt: now,
      updatedAt: now,
    });
    const identity = m.create(ChannelIdentity, {
      id: newId(),
      contactId: contact.id,
      kind: ref.kind,
      externalId: ref.externalId,
      displayName: ref.displayName ?? null,
      createdAt: now,
      lastSeenAt: now,
    });
    try {
      await m.insert(Contact, contact);
      await m.insert(ChannelIdentity, identity);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConcurrentCreateError();
      throw err;
    }
    return { contact, identity };
  }

  /** Follows merges so messages always land on the surviving contact. */
  async resolveMerged(m: EntityManager, contactId: string): Promise<Contact> {
    let contact = await this.mustFindContact(m, contactId);
    for (let i = 0; contact.mergedIntoId && i < 10; i++) contact = await this.mustFindContact(m, contact.mergedIntoId);
    return contact;
  }

  // ─── Console: contact search, profile, update and merge (queries of src/console/contacts.service.ts) ───

  /**
   * Unmerged contacts whose name, an identity's display name or (with `digits`) phone matches;
   * with `visibleTo`, only those with a conversation that officer may list.
   */
  searchContacts(m: EntityManager, like: string, digits: string | null, visibleTo: Principal | null, limit: number): Promise<Contact[]> {
    const qb = m
      .createQueryBuilder(Contact, 'ct')
      .where('ct.merged_into_id IS NULL')
      .andWhere(
        new Brackets((w) => {
          w.where('LOWER(ct.name) LIKE :like', { like }).orWhere(
            `EXISTS (SELECT 1 FROM ${table(m.connection, ChannelIdentity)} si WHERE si.contact_id = ct.id AND LOWER(si.display_name) LIKE :like)`,
          );
          if (digits) w.orWhere('ct.phone LIKE :d', { d: `%${digits}%` });
        }),
      );
    if (visibleTo) {
      const vis = m.createQueryBuilder(Conversation, 'c').select('1').where('c.contact_id = ct.id');
      restrictToVisible(vis, visibleTo, 'list');
      qb.andWhere(`EXISTS (${vis.getQuery()})`, vis.getParameters());
    }
    return qb.orderBy('ct.updated_at', 'DESC').take(limit).getMany();
  }

  /** How many of this contact's conversations the officer may list. */
  countVisibleConversations(m: EntityManager, p: Principal, contactId: string): Promise<number> {
    const qb = m.createQueryBuilder(Conversation, 'c').where('c.contact_id = :cid', { cid: contactId });
    restrictToVisible(qb, p, 'list');
    return qb.getCount();
  }

  identitiesOf(m: EntityManager, contactId: string): Promise<ChannelIdentity[]> {
    return m.find(ChannelIdentity, { where: { contactId }, order: { lastSeenAt: 'DESC' } });
  }

  /** The newest 100 conversations of a contact the officer may read. */
  readableConversationsOf(m: EntityManager, p: Principal, contactId: string): Promise<Conversation[]> {
    const qb = m.createQueryBuilder(Conversation, 'c').where('c.contact_id = :cid', { cid: contactId });
    restrictToVisible(qb, p, 'read');
    return qb.orderBy('c.created_at', 'DESC').take(100).getMany();
  }

  /** A contact that has not been merged into another. */
  findUnmergedContact(m: EntityManager, id: string): Promise<Contact | null> {
    return m.findOne(Contact, { where: { id, mergedIntoId: IsNull() } });
  }

  /** Sets the name of a contact that has none (a concurrent officer's edit is never overwritten). */
  async nameIfUnnamed(m: EntityManager, id: string, name: string, now: Date): Promise<void> {
    await m.update(Contact, { id, name: IsNull() }, { name, updatedAt: now });
  }

  /** Another person already known by this phone (E.164), if any. */
  findOtherByPhone(m: EntityManager, phone: string, exceptId: string): Promise<Contact | null> {
    return m
      .createQueryBuilder(Contact, 'pc')
      .where('pc.phone = :phone', { phone })
      .andWhere('pc.id <> :id', { id: exceptId })
      .andWhere('pc.merged_into_id IS NULL')
      .getOne();
  }

  async updateContact(m: EntityManager, id: string, changes: Partial<Contact>): Promise<void> {
    await m.update(Contact, { id }, changes);
  }

  /** The contact's general conversation that is not resolved, if any. */
  findActiveConversation(m: EntityManager, contactId: string): Promise<Conversation | null> {
    return m.findOne(Conversation, { where: { contactId, kind: 'general', status: Not('resolved' as const) } });
  }

  async moveIdentities(m: EntityManager, fromContactId: string, toContactId: string): Promise<void> {
    await m.update(ChannelIdentity, { contactId: fromContactId }, { contactId: toContactId });
  }

  async moveConversations(m: EntityManager, fromContactId: string, toContactId: string, now: Date): Promise<void> {
    await m.update(Conversation, { contactId: fromContactId }, { contactId: toContactId, updatedAt: now });
  }

  /** `sourceId` now points at `targetId`, and so does every contact merged into the source before. */
  async markMerged(m: EntityManager, sourceId: string, targetId: string, now: Date): Promise<void> {
    await m.update(Contact, { id: sourceId }, { mergedIntoId: targetId, updatedAt: now });
    await m.update(Contact, { mergedIntoId: sourceId, id: Not(targetId) }, { mergedIntoId: targetId });
  }

  // ─── end of the console block ───
  // ---- Console and MPP counter (issue 12: moved from src/console/conversations.service.ts and counter.service.ts).

  /** Contacts by id, in no particular order (list decoration). */
  findContacts(m: EntityManager, ids: string[]): Promise<Contact[]> {
    return m.find(Contact, { where: { id: In(ids) } });
  }

  /** A contact without any channel identity (a walk-in visitor who gave no phone). */
  async insertContact(m: EntityManager, contact: Contact): Promise<void> {
    await m.insert(Contact, contact);
  }

  /** The contact's phone identity, if they have one. */
  findPhoneIdentityOf(m: EntityManager, contactId: string): Promise<ChannelIdentity | null> {
    return m.findOne(ChannelIdentity, { where: { contactId, kind: 'phone' } });
  }

  // ---- end of the console block.

  private async mustFindContact(m: EntityManager, id: string): Promise<Contact> {
    const c = await this.findContact(m, id);
    if (!c) throw new Error(`contact ${id} not found`);
    return c;
  }
}

export { ConcurrentCreateError };
