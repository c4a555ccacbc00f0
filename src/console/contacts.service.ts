import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { Brackets, EntityManager, Not } from 'typeorm';
import { isSupervisor, Principal } from '../auth/principal';
import { ChannelIdentity } from '../contacts/channel-identity.entity';
import { Contact } from '../contacts/contact.entity';
import { Conversation } from '../conversations/conversation.entity';
import { TransactionRunner } from '../database/transaction-runner';
import { PermitSubscription } from '../permits/permit-application.entity';
import { AuditService } from '../audit/audit.service';
import { conversationView } from './views';
import { applyVisibility, table } from '../access/access.repository';

export interface ContactProfile {
  contact: { id: string; name: string | null; phone: string | null; email: string | null; createdAt: string; updatedAt: string };
  identities: { id: string; kind: string; externalId: string; displayName: string | null; lastSeenAt: string }[];
  conversations: ReturnType<typeof conversationView>[];
}

/**
 * A citizen across every channel: their identities and all their
 * conversations, so an officer never asks for what the office already has.
 * Every view of a profile is audited.
 */
@Injectable()
export class ConsoleContactsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /** May p see this contact at all? Supervisors and the counter: anyone; others: through a conversation they can see. */
  private async canSee(m: EntityManager, p: Principal, contactId: string): Promise<boolean> {
    if (isSupervisor(p) || p.role === 'counter') return true;
    const qb = m.createQueryBuilder(Conversation, 'c').where('c.contact_id = :cid', { cid: contactId });
    applyVisibility(qb, p, 'list');
    return (await qb.getCount()) > 0;
  }

  async search(p: Principal, q: string, limit = 20): Promise<{ id: string; name: string | null; phone: string | null; lastSeenAt: string | null }[]> {
    const rows = await this.tx.exclusive(async () => {
      const m = this.tx.manager;
      const like = `%${q.toLowerCase().replace(/[%_\\]/g, '')}%`;
      const digits = q.replace(/\D/g, '');
      const qb = m
        .createQueryBuilder(Contact, 'ct')
        .where('ct.merged_into_id IS NULL')
        .andWhere(
          new Brackets((w) => {
            w.where('LOWER(ct.name) LIKE :like', { like }).orWhere(
              `EXISTS (SELECT 1 FROM ${table(m.connection, ChannelIdentity)} si WHERE si.contact_id = ct.id AND LOWER(si.display_name) LIKE :like)`,
            );
            if (digits.length >= 6) w.orWhere('ct.phone LIKE :d', { d: `%${digits}%` });
          }),
        );
      if (!isSupervisor(p) && p.role !== 'counter') {
        const vis = m.createQueryBuilder(Conversation, 'c').select('1').where('c.contact_id = ct.id');
        applyVisibility(vis, p, 'list');
        qb.andWhere(`EXISTS (${vis.getQuery()})`, vis.getParameters());
      }
      return qb.orderBy('ct.updated_at', 'DESC').take(limit).getMany();
    });
    return rows.map((c) => ({ id: c.id, name: c.name, phone: c.phone, lastSeenAt: c.updatedAt.toISOString() }));
  }

  async profile(p: Principal, id: string): Promise<ContactProfile> {
    const profile = await this.tx.exclusive(async () => {
      const m = this.tx.manager;
      let contact = await m.findOne(Contact, { where: { id } });
      if (!contact || !(await this.canSee(m, p, contact.id))) throw new NotFoundException('Kontak tidak ditemukan.');
      if (contact.mergedIntoId) contact = (await m.findOne(Contact, { where: { id: contact.mergedIntoId } })) ?? contact;
      const identities = await m.find(ChannelIdentity, { where: { contactId: contact.id }, order: { lastSeenAt: 'DESC' } });
      const qb = m.createQueryBuilder(Conversation, 'c').where('c.contact_id = :cid', { cid: contact.id });
      applyVisibility(qb, p, 'read');
      const conversations = await qb.orderBy('c.created_at', 'DESC').take(100).getMany();
      return {
        contact: {
          id: contact.id,
          name: contact.name,
          phone: contact.phone,
          email: contact.email,
          createdAt: contact.createdAt.toISOString(),
          updatedAt: contact.updatedAt.toISOString(),
        },
        identities: identities.map((i) => ({
          id: i.id,
          kind: i.kind,
          externalId: i.externalId,
          displayName: i.displayName,
          lastSeenAt: i.lastSeenAt.toISOString(),
        })),
        conversations: conversations.map((c) => conversationView(c, contact)),
      };
    });
    await this.audit.recordNow({ actor: p, action: 'contact.view', targetType: 'contact', targetId: profile.contact.id });
    return profile;
  }

  async update(p: Principal, id: string, input: { name?: string; email?: string | null }): Promise<ContactProfile['contact']> {
    const c = await this.tx.run(async (m) => {
      const contact = await m.findOne(Contact, { where: { id } });
      if (!contact || !(await this.canSee(m, p, id))) throw new NotFoundException('Kontak tidak ditemukan.');
      const changes: Partial<Contact> = { updatedAt: new Date() };
      if (input.name !== undefined) changes.name = input.name;
      if (input.email !== undefined) changes.email = input.email;
      await m.update(Contact, { id }, changes);
      return { ...contact, ...changes };
    });
    return { id: c.id, name: c.name, phone: c.phone, email: c.email, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString() };
  }

  /**
   * Merges `sourceId` into `targetId`: identities and conversations move to
   * the target, missing profile fields are filled from the source, and the
   * source keeps a pointer so late messages land on the target.
   */
  async merge(p: Principal, sourceId: string, targetId: string): Promise<ContactProfile> {
    if (sourceId === targetId) throw new BadRequestException('sourceId dan targetId harus berbeda.');
    await this.tx.run(async (m) => {
      const [source, target] = await Promise.all([m.findOne(Contact, { where: { id: sourceId } }), m.findOne(Contact, { where: { id: targetId } })]);
      if (!source || !target || !(await this.canSee(m, p, sourceId)) || !(await this.canSee(m, p, targetId)))
        throw new NotFoundException('Kontak tidak ditemukan.');
      if (source.mergedIntoId || target.mergedIntoId) throw new ConflictException('Salah satu kontak sudah digabung sebelumnya.');
      const activeWhere = { kind: 'general' as const, status: Not('resolved' as const) };
      const [a, b] = await Promise.all([
        m.findOne(Conversation, { where: { contactId: sourceId, ...activeWhere } }),
        m.findOne(Conversation, { where: { contactId: targetId, ...activeWhere } }),
      ]);
      if (a && b) throw new ConflictException(`Kedua kontak punya percakapan aktif (${a.reference}, ${b.reference}); selesaikan salah satu dulu.`);
      const now = new Date();
      await m.update(ChannelIdentity, { contactId: sourceId }, { contactId: targetId });
      await m.update(Conversation, { contactId: sourceId }, { contactId: targetId, updatedAt: now });
      await this.moveSubscriptions(m, sourceId, targetId);
      await m.update(
        Contact,
        { id: targetId },
        { name: target.name ?? source.name, phone: target.phone ?? source.phone, email: target.email ?? source.email, updatedAt: now },
      );
      await m.update(Contact, { id: sourceId }, { mergedIntoId: targetId, updatedAt: now });
      await m.update(Contact, { mergedIntoId: sourceId, id: Not(targetId) }, { mergedIntoId: targetId });
      await this.audit.record(m, { actor: p, action: 'contact.merge', targetType: 'contact', targetId, detail: { sourceId } });
    });
    return this.profile(p, targetId);
  }

  /** "Kabari saya" requests follow the person; one per application, verified if either was. */
  private async moveSubscriptions(m: EntityManager, sourceId: string, targetId: string): Promise<void> {
    for (const sub of await m.find(PermitSubscription, { where: { contactId: sourceId } })) {
      const dup = await m.findOne(PermitSubscription, { where: { contactId: targetId, applicationNumber: sub.applicationNumber } });
      if (!dup) {
        await m.update(PermitSubscription, { id: sub.id }, { contactId: targetId });
        continue;
      }
      if (sub.verified && !dup.verified) await m.update(PermitSubscription, { id: dup.id }, { verified: true });
      await m.delete(PermitSubscription, { id: sub.id });
    }
  }
}
