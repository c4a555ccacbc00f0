import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { SURVEY_PROMPTS, type SurveyPrompts } from '../bot/bot.ports';
import type { Conversation } from '../schema/conversation.entity';
import { ConversationsRepository } from '../conversations/conversations.repository';
import type { Message } from '../schema/message.entity';
import { MessagesRepository } from '../conversations/messages.repository';
import { outgoingMessage } from '../conversations';
import { isUniqueViolation } from '../database/db-errors';
import { Tx, TransactionRunner } from '../database/transaction-runner';
import { HubEvents, OutboundService } from '../hub/messaging.ports';
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
 * language, in the resolved conversation; their reply opens a new one, which
 * the bot takes as the answer (SurveyDesk.pendingFor). Not asked when they were asked within
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
    private readonly messages: MessagesRepository,
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
    // Another conversation going on (a status check being verified, a question on another channel): not now.
    if (await this.conversations.findActiveForContact(m, resolved.contactId)) return null;

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
    // In the resolved conversation (it stays resolved: its officer may still reopen it); the reply opens a new
    // conversation, which the bot recognises as the answer (SurveyDesk.pendingFor).
    const message = outgoingMessage(resolved, {
      senderKind: 'bot',
      text: prompt.text,
      quickReplies: prompt.quickReplies,
      createdAt: await this.messages.nextMessageTime(m, resolved.id, now.getTime()),
      idempotencyKey: `survey-invite:${resolved.id}`,
    });
    await this.conversations.insertMessage(m, message);
    return { conversation: resolved, message };
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
