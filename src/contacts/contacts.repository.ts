import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { newId } from '../common/ids';
import { isUniqueViolation } from '../database/db-errors';
import { EntityStatements } from '../database/entity-statements';
import { ChannelIdentity, IdentityKind } from './channel-identity.entity';
import { Contact } from './contact.entity';

export interface IdentityRef {
  kind: IdentityKind;
  externalId: string;
  displayName?: string;
  phone?: string;
}

@Injectable()
export class ContactsRepository {
  constructor(private readonly rows: EntityStatements) {}

  findIdentity(m: EntityManager, kind: IdentityKind, externalId: string): Promise<ChannelIdentity | null> {
    return this.rows.findOne(m, ChannelIdentity, { kind, externalId });
  }

  findContact(m: EntityManager, id: string): Promise<Contact | null> {
    return this.rows.findOne(m, Contact, { id });
  }

  /**
   * The contact behind a channel identity, created on first contact. Two
   * workers racing on a new citizen both end with the same row: the loser of
   * the unique index re-reads what the winner wrote.
   */
  async findOrCreateByIdentity(m: EntityManager, ref: IdentityRef, now = new Date()): Promise<{ contact: Contact; identity: ChannelIdentity }> {
    const existing = await this.findIdentity(m, ref.kind, ref.externalId);
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

/** Another process created the same row first; the caller retries its transaction. */
export class ConcurrentCreateError extends Error {
  constructor() {
    super('concurrent create; retry');
  }
}
