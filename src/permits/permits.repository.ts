import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager, In, LessThanOrEqual } from 'typeorm';
import { newId } from '../common/ids';
import { isUniqueViolation } from '../database/db-errors';
import { PermitApplicationRow, PermitEventReceipt, PermitSubscription } from '../schema/permit-application.entity';

export interface PermitEventInput {
  eventId: string;
  applicationNumber: string;
  stage: string;
  /** When the stage began; ordered = false when the sender gave no time. */
  at: Date;
  ordered: boolean;
  note: string | null;
}

export interface SubscriptionInput {
  applicationNumber: string;
  contactId: string;
  channel: string;
  identityId: string | null;
  verified: boolean;
}

@Injectable()
export class PermitsRepository {
  /** Inserts new applications and updates known ones; returns the counts. */
  async upsertApplications(m: EntityManager, rows: PermitApplicationRow[]): Promise<{ inserted: number; updated: number }> {
    let inserted = 0;
    let updated = 0;
    for (const row of rows) {
      const exists = await m.exists(PermitApplicationRow, { where: { number: row.number } });
      if (exists) {
        const { number, ...rest } = row;
        await m.update(PermitApplicationRow, { number }, rest);
        updated++;
      } else {
        await m.insert(PermitApplicationRow, row);
        inserted++;
      }
    }
    return { inserted, updated };
  }

  /** Inserts only applications that do not exist yet (demo seed; safe when several processes start). */
  async insertMissing(m: EntityManager, rows: PermitApplicationRow[]): Promise<number> {
    let n = 0;
    for (const row of rows) {
      if (await m.exists(PermitApplicationRow, { where: { number: row.number } })) continue;
      try {
        await m.insert(PermitApplicationRow, row);
        n++;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    return n;
  }

  /**
   * Records "tell me when it is issued" once per application and contact;
   * asking again only refreshes the channel to answer on.
   */
  async subscribe(m: EntityManager, s: SubscriptionInput, now = new Date()): Promise<{ created: boolean }> {
    const existing = await m.findOne(PermitSubscription, { where: { applicationNumber: s.applicationNumber, contactId: s.contactId } });
    if (existing) {
      await m.update(
        PermitSubscription,
        { id: existing.id },
        { channel: s.channel, identityId: s.identityId, verified: existing.verified || s.verified, notifiedAt: null },
      );
      return { created: false };
    }
    await m.insert(PermitSubscription, { id: newId(), ...s, createdAt: now, notifiedAt: null });
    return { created: true };
  }

  /**
   * Moves a registry row to the stage an event reports, unless the row
   * already reflects something later (events can arrive out of order):
   * 'updated', 'stale' (the registry knows a later stage) or 'unknown'
   * (the application is not in the local registry).
   */
  async applyStage(
    m: EntityManager,
    number: string,
    stage: string,
    at: Date,
    nextAction: string | null,
    ordered = true,
  ): Promise<'updated' | 'stale' | 'unknown'> {
    const r = await m.update(
      PermitApplicationRow,
      // Without the sender's own timestamp there is nothing to order by: the event applies as it comes.
      ordered ? { number, stageSince: LessThanOrEqual(at) } : { number },
      // What the applicant had to do belonged to the old stage: the event's note replaces it.
      { stage, stageSince: at, updatedAt: new Date(), nextAction },
    );
    if ((r.affected ?? 0) > 0) return 'updated';
    return (await m.exists(PermitApplicationRow, { where: { number } })) ? 'stale' : 'unknown';
  }

  /**
   * The first delivery of an event id applies its stage and records the id
   * in the caller's transaction, so they commit together; a later delivery
   * gets the first one's receipt and changes nothing. Two deliveries at once:
   * the second fails on the primary key and its transaction rolls back whole.
   */
  async receiveEvent(m: EntityManager, e: PermitEventInput, now = new Date()): Promise<{ receipt: PermitEventReceipt; first: boolean }> {
    const seen = await m.findOneBy(PermitEventReceipt, { eventId: e.eventId });
    if (seen) return { receipt: seen, first: false };
    const registry = await this.applyStage(m, e.applicationNumber, e.stage, e.at, e.note, e.ordered);
    const receipt: PermitEventReceipt = {
      eventId: e.eventId,
      applicationNumber: e.applicationNumber,
      stage: e.stage,
      note: e.note,
      registry,
      // A stale event tells nobody: it is complete as soon as it is recorded.
      subscribers: registry === 'stale' ? 0 : null,
      receivedAt: now,
      completedAt: registry === 'stale' ? now : null,
    };
    await m.insert(PermitEventReceipt, receipt);
    return { receipt, first: true };
  }

  async findEvent(m: EntityManager, eventId: string): Promise<PermitEventReceipt | null> {
    return m.findOneBy(PermitEventReceipt, { eventId });
  }

  /** Who hears of an event: subscribers as of its first delivery (a resumed fan-out tells the same people). */
  async eventSubscribers(m: EntityManager, receipt: PermitEventReceipt): Promise<PermitSubscription[]> {
    return m.findBy(PermitSubscription, { applicationNumber: receipt.applicationNumber, createdAt: LessThanOrEqual(receipt.receivedAt) });
  }

  async completeEvent(m: EntityManager, eventId: string, subscribers: number, now = new Date()): Promise<void> {
    await m.update(PermitEventReceipt, { eventId }, { subscribers, completedAt: now });
  }

  // ─── Console: a contact merge moves "Kabari saya" subscriptions (src/console/contacts.service.ts) ───

  async markNotified(m: EntityManager, subscriptionId: string, at: Date): Promise<void> {
    await m.update(PermitSubscription, { id: subscriptionId }, { notifiedAt: at });
  }

  findApplication(m: EntityManager, number: string): Promise<PermitApplicationRow | null> {
    return m.findOne(PermitApplicationRow, { where: { number: number.toUpperCase() } });
  }

  subscriptionsOfContact(m: EntityManager, contactId: string): Promise<PermitSubscription[]> {
    return m.find(PermitSubscription, { where: { contactId } });
  }

  findContactSubscription(m: EntityManager, contactId: string, applicationNumber: string): Promise<PermitSubscription | null> {
    return m.findOne(PermitSubscription, { where: { contactId, applicationNumber } });
  }

  async moveSubscription(m: EntityManager, id: string, contactId: string): Promise<void> {
    await m.update(PermitSubscription, { id }, { contactId });
  }

  async markSubscriptionVerified(m: EntityManager, id: string): Promise<void> {
    await m.update(PermitSubscription, { id }, { verified: true });
  }

  async deleteSubscription(m: EntityManager, id: string): Promise<void> {
    await m.delete(PermitSubscription, { id });
  }

  /**
   * Application numbers that may be what a mistyped `number` meant: within
   * two characters of its length and sharing its leading letters (the permit
   * type's code, "SIP-…") or its last three characters. Numbers only, at most
   * `limit`; the caller ranks them by edit distance.
   */
  async numbersLike(m: EntityManager, number: string, limit: number): Promise<string[]> {
    const n = number.toUpperCase();
    const esc = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
    const prefix = /^[A-Z]+/.exec(n)?.[0];
    const qb = m
      .createQueryBuilder(PermitApplicationRow, 'pa')
      .select('pa.number', 'number')
      .where('LENGTH(pa.number) BETWEEN :lo AND :hi', { lo: n.length - 2, hi: n.length + 2 })
      .andWhere(
        new Brackets((w) => {
          w.where("pa.number LIKE :tail ESCAPE '\\'", { tail: `%${esc(n.slice(-3))}` });
          if (prefix) w.orWhere("pa.number LIKE :head ESCAPE '\\'", { head: `${esc(prefix)}%` });
        }),
      )
      .orderBy('pa.number', 'ASC')
      .limit(limit);
    return (await qb.getRawMany<{ number: string }>()).map((r) => r.number);
  }

  findApplications(m: EntityManager, numbers: string[]): Promise<PermitApplicationRow[]> {
    return numbers.length ? m.find(PermitApplicationRow, { where: { number: In(numbers) } }) : Promise.resolve([]);
  }

  // ─── end of the console block ───
}
