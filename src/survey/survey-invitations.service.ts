import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { SURVEY_PROMPTS, type SurveyPrompts } from '../bot/bot.ports';
import type { Conversation } from '../conversations/conversation.entity';
import { ConversationsRepository } from '../conversations/conversations.repository';
import type { Message } from '../conversations/message.entity';
import { outgoingMessage } from '../conversations/outgoing-message';
import { isUniqueViolation } from '../database/db-errors';
import { Tx, TransactionRunner } from '../database/transaction-runner';
import { HubEvents } from '../hub/hub-events';
import { OutboundService } from '../hub/outbound.service';
import { PERMIT_STATUS_PROVIDER, type PermitStatusProvider } from '../permits/permit.types';
import { ConsoleSignals } from '../signals/console-signals';
import { SURVEY_CONFIG, SurveyConfig } from './survey.config';
import { SurveyRepository } from './survey.repository';
import { SurveyService } from './survey.service';

/** Channels whose citizen is not in a chat to be asked: the counter's walk-ins get the QR instead. */
const NOT_ASKED_IN_CHAT = new Set(['counter']);

/**
 * Asks the citizen for the IKM survey after their conversation is resolved
 * (the console's resolve raises the 'resolved' signal; so may anything else
 * that closes one). The question goes on the channel they used, in their
 * language, as the first message of their next conversation, whose bot state
 * makes their reply its answer. Not asked when they were asked within
 * SURVEY_PERIOD_DAYS, when a complaint of theirs is still open, or while the
 * bot is in the middle of something with them (a status verification).
 */
@Injectable()
export class SurveyInvitationsService implements OnModuleInit {
  private readonly log = new Logger('Survey');

  constructor(
    @Inject(SURVEY_CONFIG) private readonly cfg: SurveyConfig,
    private readonly tx: TransactionRunner,
    private readonly repo: SurveyRepository,
    private readonly conversations: ConversationsRepository,
    private readonly surveys: SurveyService,
    private readonly signals: ConsoleSignals,
    private readonly events: HubEvents,
    private readonly outbound: OutboundService,
    @Inject(SURVEY_PROMPTS) private readonly prompts: SurveyPrompts,
    @Inject(PERMIT_STATUS_PROVIDER) private readonly permits: PermitStatusProvider,
  ) {}

  onModuleInit(): void {
    this.signals.on(async (s) => {
      if (s.kind === 'resolved') await this.inviteAfter(s.conversationId);
    });
  }

  /** Sends the invitation for a resolved conversation; null when the citizen is not to be asked (or already was). */
  async inviteAfter(conversationId: string, now = new Date()): Promise<Message | null> {
    const resolved = await this.tx.read((m) => this.conversations.findById(m, conversationId));
    if (!resolved || resolved.status !== 'resolved' || NOT_ASKED_IN_CHAT.has(resolved.channel)) return null;
    const permitType = await this.permitTypeOf(resolved);
    let sent: { conversation: Conversation; message: Message } | null;
    try {
      sent = await this.tx.run((m) => this.invite(m, resolved, permitType, now));
    } catch (err) {
      // Resolved twice at once (two processes): the other one invited.
      if (isUniqueViolation(err)) return null;
      throw err;
    }
    if (!sent) return null;
    await this.events.messageCreated(sent.conversation, sent.message);
    await this.outbound.enqueue(sent.message);
    this.log.log(`survey invitation sent after conversation ${conversationId}`);
    return sent.message;
  }

  private async invite(m: Tx, resolved: Conversation, permitType: string | null, now: Date): Promise<{ conversation: Conversation; message: Message } | null> {
    if (await this.repo.findInvitationOfConversation(m, resolved.id)) return null;
    const since = new Date(now.getTime() - this.cfg.SURVEY_PERIOD_DAYS * 86_400_000);
    if (await this.repo.latestInvitationSince(m, resolved.contactId, since)) return null;
    if (await this.conversations.findActiveForContact(m, resolved.contactId, 'complaint')) return null;
    // A conversation already going on: only one the bot holds with no question pending may carry the invitation.
    const active = await this.conversations.findActiveForContact(m, resolved.contactId);
    if (active && (active.status !== 'bot' || (active.botState as { awaiting?: string } | null)?.awaiting)) return null;
    const { conversation: target } = active
      ? { conversation: active }
      : await this.conversations.findOrOpen(m, resolved.contactId, resolved.channel, resolved.identityId, now);

    const lang = (resolved.botState as { lang?: string } | null)?.lang === 'en' ? 'en' : 'id';
    const inv = this.surveys.invitation({
      source: 'chat',
      contactId: resolved.contactId,
      conversationId: resolved.id,
      channel: resolved.channel,
      teamId: resolved.teamId,
      permitType,
      lang,
      createdBy: null,
      now,
    });
    await this.repo.insertInvitation(m, inv);
    const link = this.cfg.SURVEY_PUBLIC_URL ? `${this.cfg.SURVEY_PUBLIC_URL}/survei/${inv.token}` : null;
    const prompt = this.prompts.invitation(lang, inv.id, link);
    const message = outgoingMessage(
      { id: target.id, channel: resolved.channel, identityId: resolved.identityId },
      { senderKind: 'bot', text: prompt.text, quickReplies: prompt.quickReplies, createdAt: now, idempotencyKey: `survey-invite:${resolved.id}` },
    );
    await this.conversations.insertMessage(m, message);
    const botState = { ...(target.botState ?? {}), ...prompt.botState };
    await this.conversations.updateConversation(m, target.id, { botState, lastMessageAt: now, updatedAt: now });
    Object.assign(target, { botState, lastMessageAt: now, updatedAt: now });
    return { conversation: target, message };
  }

  /** The permit the conversation was about, for the report's per-permit figures; null when none or the registry cannot tell now. */
  private async permitTypeOf(c: Conversation): Promise<string | null> {
    const appNo = (c.botState as { appNo?: string } | null)?.appNo;
    if (!appNo) return null;
    try {
      return (await this.permits.find(appNo))?.permitType ?? null;
    } catch {
      return null;
    }
  }
}
