import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CALENDAR_CONFIG, CalendarConfig } from '../common/calendar/calendar.config';
import { WorkingCalendar } from '../common/calendar/working-calendar';
import { ConversationResponder, ResponderContext, ResponderDecision } from '../hub/responder';
import { PERMIT_STATUS_PROVIDER, PermitStatusProvider } from '../permits/permit.types';
import { BOT_CONFIG, BotConfig } from './bot.config';
import { SURVEY_DESK, type SubscriptionStore, type SurveyDesk, type TeamDirectory, type VerificationLimiter } from './bot.ports';
import { ComplaintsService, TEAM_DIRECTORY } from './complaints.service';
import type { AttachmentMeta } from '../schema/message.entity';
import { Dialogue, type DialogueInput } from './dialogue';
import { surveyInviteState } from './flows/survey.flow';
import { KnowledgeService } from './knowledge.service';
import { botWording } from './wording';
import { opsSignals } from '../signals/ops-signals';

export const VERIFICATION_LIMITER = Symbol('VERIFICATION_LIMITER');
export const SUBSCRIPTION_STORE = Symbol('SUBSCRIPTION_STORE');

const GESTURES = new Set(['sticker', 'reaction']);

/** What the dialogue needs to know of a message's attachments: files, unknown types, or a mere gesture. */
export function attachmentCues(atts: AttachmentMeta[]): Pick<DialogueInput, 'files' | 'unsupported' | 'gesture'> {
  const gestures = atts.filter((a) => a.rawType && GESTURES.has(a.rawType));
  const unsupported = atts.filter((a) => a.kind === 'other' && !gestures.includes(a)).map((a) => a.rawType ?? 'other');
  const files = atts.filter((a) => a.kind !== 'location' && a.kind !== 'other' && !gestures.includes(a)).length;
  const gesture = gestures.length && gestures.length === atts.length ? (gestures[0].rawType as 'sticker' | 'reaction') : undefined;
  return { files, ...(unsupported.length ? { unsupported } : {}), ...(gesture ? { gesture } : {}) };
}

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
    // Provided globally by the survey module; absent where it is not loaded.
    @Optional() @Inject(SURVEY_DESK) private readonly surveys?: SurveyDesk,
  ) {
    this.dialogue = new Dialogue({
      knowledge,
      permits,
      limiter,
      teams,
      complaints,
      subscriptions,
      surveys,
      calendar,
      // Read and checked here, at start: a broken messages file stops the hub, not a conversation.
      wording: botWording(),
      config: {
        OFFICE_HOURS: office.OFFICE_HOURS,
        OFFICE_DAYS: office.OFFICE_DAYS,
        HANDOFF_AFTER_MISUNDERSTOOD: cfg.HANDOFF_AFTER_MISUNDERSTOOD,
        FAQ_PART_CHARS: cfg.FAQ_PART_CHARS,
      },
      now: () => new Date(),
      log: { debug: (m) => this.log.debug(m), warn: (m) => this.log.warn(m) },
    });
  }

  async respond(ctx: ResponderContext): Promise<ResponderDecision> {
    const conversation = await this.withSurveyInvitation(ctx);
    const decision = await this.dialogue.respond({
      messageId: ctx.message.id,
      text: ctx.inbound.text,
      replyPayload: ctx.inbound.replyPayload,
      conversation,
      contact: ctx.contact,
      senderPhone: ctx.inbound.sender.phone,
      ...attachmentCues(ctx.inbound.attachments ?? []),
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

  /** The first message of a new conversation may answer the survey invitation sent after the last one was resolved. */
  private async withSurveyInvitation(ctx: ResponderContext): Promise<ResponderContext['conversation']> {
    if (ctx.conversation.botState || !this.surveys) return ctx.conversation;
    const pending = await this.surveys.pendingFor(ctx.contact.id);
    return pending ? { ...ctx.conversation, botState: surveyInviteState(pending.lang, pending.invitationId) } : ctx.conversation;
  }
}
