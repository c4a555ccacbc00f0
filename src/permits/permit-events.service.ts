import { Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import { outgoingMessage } from '../conversations/outgoing-message';
import { ConcurrentCreateError } from '../database/db-errors';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { Message } from '../schema/message.entity';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { HubEvents } from '../hub/hub-events';
import { OutboundService } from '../hub/outbound.service';
import { PermitEventReceipt, PermitSubscription } from '../schema/permit-application.entity';
import { PermitsRepository } from './permits.repository';
import { isPermitStage, PERMIT_STAGES } from './permit.types';

export const permitEventSchema = z
  .object({
    eventId: z.string().trim().min(1).max(100),
    applicationNumber: z.string().trim().min(3).max(40),
    stage: z.string().refine(isPermitStage, { message: `stage must be one of ${Object.keys(PERMIT_STAGES).join(', ')}` }),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
    note: z.string().max(500).optional(),
  })
  .strict();
export type PermitEvent = z.infer<typeof permitEventSchema>;

/**
 * Tells every citizen who asked to be told ("kabari saya") that their
 * application moved, once per event and subscriber. An event id is recorded
 * with the registry change it made, in one transaction: a re-delivered event
 * (even an old one after newer ones) changes nothing, and each message's
 * idempotency key keeps a resumed fan-out to one message per subscriber. Only a
 * subscriber who proved to be the applicant hears the stage itself.
 */
@Injectable()
export class PermitEventsService {
  private readonly log = new Logger(PermitEventsService.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly conversations: ConversationsRepository,
    private readonly outbound: OutboundService,
    private readonly events: HubEvents,
    private readonly permits: PermitsRepository,
  ) {}

  async handle(event: PermitEvent): Promise<{ subscribers: number; notified: number; registry: 'updated' | 'stale' | 'unknown' }> {
    const number = event.applicationNumber.toUpperCase();
    // The local registry follows too, so the bot's next status answer matches the notice.
    const at = event.occurredAt ? new Date(event.occurredAt) : new Date();
    const input = { eventId: event.eventId, applicationNumber: number, stage: event.stage, at, ordered: !!event.occurredAt, note: event.note ?? null };
    let receipt: PermitEventReceipt;
    let first: boolean;
    try {
      ({ receipt, first } = await this.tx.run((m) => this.permits.receiveEvent(m, input)));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // The same event delivered twice at once: the other delivery recorded it.
      const other = await this.tx.read((m) => this.permits.findEvent(m, event.eventId));
      if (!other) throw err;
      [receipt, first] = [other, false];
    }
    const registry = receipt.registry as 'updated' | 'stale' | 'unknown';
    if (receipt.completedAt) {
      // A stale event, or a re-delivery of one already handled: nothing changes, the answer is the first one's.
      this.log.log(`permit event ${event.eventId}: ${first ? "older than the registry's stage, ignored" : 'already received, nothing changed'}`);
      return { subscribers: receipt.subscribers ?? 0, notified: 0, registry };
    }
    // First delivery, or a re-delivery after one that stopped half-way: the messages' keys keep it to one per subscriber.
    const subs = await this.tx.read((m) => this.permits.eventSubscribers(m, receipt));
    let notified = 0;
    for (const sub of subs) {
      const msg = await this.notifyOne(sub, receipt);
      if (msg?.deliveryStatus === 'pending') {
        await this.outbound.enqueue(msg);
        notified++;
      }
    }
    await this.tx.run((m) => this.permits.completeEvent(m, receipt.eventId, subs.length));
    this.log.log(`permit event ${event.eventId}: ${subs.length} subscribers, ${notified} messages queued${first ? '' : ' (finishing an earlier delivery)'}`);
    return { subscribers: subs.length, notified, registry };
  }

  private text(sub: PermitSubscription, event: PermitEventReceipt): string {
    const number = event.applicationNumber;
    if (!sub.verified) {
      return `Ada pembaruan pada permohonan ${number}. Untuk melihat statusnya, ketik "cek status ${number}" lalu lakukan verifikasi.`;
    }
    const stage = PERMIT_STAGES[event.stage as keyof typeof PERMIT_STAGES].id;
    const done = event.stage === 'terbit' ? ' Dokumen izin dapat diunduh di SIPINTER.' : '';
    return `Pembaruan permohonan ${number}: sekarang pada tahap "${stage}".${done}${event.note ? `\nCatatan petugas: ${event.note}` : ''}`;
  }

  /** Worded from the receipt: a re-delivered id with another body changes nothing. */
  private async notifyOne(sub: PermitSubscription, event: PermitEventReceipt): Promise<Message | null> {
    const key = `permit-event:${event.eventId}:${sub.id}`.slice(0, 120);
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        return await this.tx.run(async (m) => {
          const existing = await this.conversations.findMessageByIdempotencyKey(m, key);
          if (existing) return existing;
          const { conversation } = await this.conversations.findOrOpen(m, sub.contactId, sub.channel, sub.identityId);
          const now = new Date();
          const msg = outgoingMessage(
            { id: conversation.id, channel: sub.channel, identityId: sub.identityId },
            { senderKind: 'system', text: this.text(sub, event), createdAt: now, idempotencyKey: key },
          );
          await this.conversations.insertMessage(m, msg);
          await this.permits.markNotified(m, sub.id, now);
          await this.events.messageCreated(conversation, msg);
          return msg;
        });
      } catch (err) {
        if (!(err instanceof ConcurrentCreateError || isUniqueViolation(err))) throw err;
      }
    }
    return null;
  }
}
