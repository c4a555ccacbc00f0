import { Inject, Injectable, Logger } from '@nestjs/common';
import { CALENDAR_CONFIG, CalendarConfig } from '../common/calendar/calendar.config';
import { WorkingCalendar } from '../common/calendar/working-calendar';
import { ConversationResponder, ResponderContext, ResponderDecision } from '../hub/responder';
import { PERMIT_STATUS_PROVIDER, PermitStatusProvider } from '../permits/permit.types';
import { BOT_CONFIG, BotConfig } from './bot.config';
import type { SubscriptionStore, TeamDirectory, VerificationLimiter } from './bot.ports';
import { ComplaintsService, TEAM_DIRECTORY } from './complaints.service';
import { Dialogue } from './dialogue';
import { KnowledgeService } from './knowledge.service';
import { botWording } from './wording';
import { opsSignals } from '../signals/ops-signals';

export const VERIFICATION_LIMITER = Symbol('VERIFICATION_LIMITER');
export const SUBSCRIPTION_STORE = Symbol('SUBSCRIPTION_STORE');

/** The hub's ConversationResponder: adapts a hub message to the dialogue. */
@Injectable()
export class BotResponder implements ConversationResponder {
  private readonly log = new Logger('Bot');
  private readonly dialogue: Dialogue;

  constructor(
    @Inject(BOT_CONFIG) cfg: BotConfig,
    @Inject(CALENDAR_CONFIG) office: CalendarConfig,
    knowledge: KnowledgeService,
    calendar: WorkingCalendar,
    complaints: ComplaintsService,
    @Inject(PERMIT_STATUS_PROVIDER) permits: PermitStatusProvider,
    @Inject(VERIFICATION_LIMITER) limiter: VerificationLimiter,
    @Inject(TEAM_DIRECTORY) teams: TeamDirectory,
    @Inject(SUBSCRIPTION_STORE) subscriptions: SubscriptionStore,
  ) {
    this.dialogue = new Dialogue({
      knowledge,
      permits,
      limiter,
      teams,
      complaints,
      subscriptions,
      calendar,
      // Read and checked here, at start: a broken messages file stops the hub, not a conversation.
      wording: botWording(),
      config: { OFFICE_HOURS: office.OFFICE_HOURS, OFFICE_DAYS: office.OFFICE_DAYS, HANDOFF_AFTER_MISUNDERSTOOD: cfg.HANDOFF_AFTER_MISUNDERSTOOD },
      now: () => new Date(),
      log: { debug: (m) => this.log.debug(m), warn: (m) => this.log.warn(m) },
    });
  }

  async respond(ctx: ResponderContext): Promise<ResponderDecision> {
    const decision = await this.dialogue.respond({
      messageId: ctx.message.id,
      text: ctx.inbound.text,
      replyPayload: ctx.inbound.replyPayload,
      conversation: ctx.conversation,
      contact: ctx.contact,
      senderPhone: ctx.inbound.sender.phone,
      files: (ctx.inbound.attachments ?? []).filter((a) => a.kind !== 'location').length,
    });
    // After the replies are committed: counted for /metrics, and an unanswered message becomes a knowledge gap.
    const prior = decision.afterCommit;
    decision.afterCommit = async () => {
      if (prior) await prior();
      opsSignals.emit({
        kind: 'bot.turn',
        outcome: decision.outcome,
        handoffReason: decision.handoffReason,
        messageId: ctx.message.id,
        conversationId: ctx.conversation.id,
        channel: ctx.inbound.channel,
        text: ctx.inbound.text,
        normalized: decision.normalized,
        candidates: decision.candidates,
        at: ctx.message.createdAt,
      });
    };
    // Labels and flow only: never the message text at info level.
    this.log.debug(
      `conversation ${ctx.conversation.id}: ${decision.replies.length} replies${decision.patch?.status ? `, status → ${decision.patch.status}` : ''}`,
    );
    return decision;
  }
}
