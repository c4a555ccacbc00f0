import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { outgoingMessage } from '../conversations/outgoing-message';
import { ConcurrentCreateError } from '../contacts/contacts.repository';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { Message } from '../conversations/message.entity';
import { isUniqueViolation } from '../database/db-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { HubEvents } from '../hub/hub-events';
import { OutboundService } from '../hub/outbound.service';
import { PermitSubscription } from './permit-application.entity';
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
 * application moved, once per event and subscriber: the message's
 * idempotency key makes a re-delivered event change nothing. Only a
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
    const registry = await this.tx.run((m) => this.permits.applyStage(m, number, event.stage, at, event.note ?? null, !!event.occurredAt));
    if (registry === 'stale') {
      // An older stage arriving late: telling citizens would move their application backwards.
      this.log.log(`permit event ${event.eventId}: older than the registry's stage, ignored`);
      return { subscribers: 0, notified: 0, registry };
    }
    const subs = await this.tx.exclusive(() => this.tx.manager.findBy(PermitSubscription, { applicationNumber: number }));
    let notified = 0;
    for (const sub of subs) {
      const msg = await this.notifyOne(sub, event, number);
      if (msg?.deliveryStatus === 'pending') {
        await this.outbound.enqueue(msg);
        notified++;
      }
    }
    this.log.log(`permit event ${event.eventId}: ${subs.length} subscribers, ${notified} messages queued`);
    return { subscribers: subs.length, notified, registry };
  }

  private text(sub: PermitSubscription, event: PermitEvent, number: string): string {
    if (!sub.verified) {
      return `Ada pembaruan pada permohonan ${number}. Untuk melihat statusnya, ketik "cek status ${number}" lalu lakukan verifikasi.`;
    }
    const stage = PERMIT_STAGES[event.stage as keyof typeof PERMIT_STAGES].id;
    const done = event.stage === 'terbit' ? ' Dokumen izin dapat diunduh di SIPINTER.' : '';
    return `Pembaruan permohonan ${number}: sekarang pada tahap "${stage}".${done}${event.note ? `\nCatatan petugas: ${event.note}` : ''}`;
  }

  private async notifyOne(sub: PermitSubscription, event: PermitEvent, number: string): Promise<Message | null> {
    const key = `permit-event:${event.eventId}:${sub.id}`.slice(0, 120);
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        return await this.tx.run(async (m: EntityManager) => {
          const existing = await m.findOneBy(Message, { idempotencyKey: key });
          if (existing) return existing;
          const { conversation } = await this.conversations.findOrOpen(m, sub.contactId, sub.channel, sub.identityId);
          const now = new Date();
          const msg = outgoingMessage(
            { id: conversation.id, channel: sub.channel, identityId: sub.identityId },
            { senderKind: 'system', text: this.text(sub, event, number), createdAt: now, idempotencyKey: key },
          );
          await m.insert(Message, msg);
          await m.update(PermitSubscription, { id: sub.id }, { notifiedAt: now });
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
