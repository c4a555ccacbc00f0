import { Inject, Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CalendarModule } from '../common/calendar/calendar.module';
import { TransactionRunner } from '../database/transaction-runner';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { PermitsModule } from '../permits/permits.module';
import { PermitsRepository } from '../permits/permits.repository';
import { BotConfigModule } from './bot-config.module';
import { SURVEY_PROMPTS, type SubscriptionStore, type SurveyPrompts } from './bot.ports';
import { BotResponder, SUBSCRIPTION_STORE, VERIFICATION_LIMITER } from './bot.responder';
import { ComplaintsService, TEAM_DIRECTORY } from './complaints.service';
import { KnowledgeAdminController } from './knowledge-admin.controller';
import { KnowledgeService } from './knowledge.service';
import { RedisVerificationLimiter } from './redis-verification-limiter';
import { DbTeamDirectory } from './team-directory.repository';
import { isUniqueViolation } from '../database/db-errors';
import { surveyInvitation } from './flows/survey.flow';
import { BotWelcome } from './bot-welcome';
import { botWording } from './wording';

/** Subscriptions written in their own transaction (the hub's reply transaction is separate). */
class DbSubscriptionStore implements SubscriptionStore {
  constructor(
    @Inject(TransactionRunner) private readonly tx: TransactionRunner,
    @Inject(PermitsRepository) private readonly repo: PermitsRepository,
  ) {}

  async subscribe(s: Parameters<SubscriptionStore['subscribe']>[0]): Promise<{ created: boolean }> {
    try {
      return await this.tx.run((m) => this.repo.subscribe(m, s));
    } catch (err) {
      if (isUniqueViolation(err)) return { created: false };
      throw err;
    }
  }
}

/**
 * The bot. It implements the hub's responder port and uses the hub's ports
 * for opening conversations and alerting supervisors; the bindings live at the
 * composition root (src/port-bindings.module.ts), so the bot depends on the
 * hub's ports and the hub on nothing of the bot.
 */
@Module({
  imports: [BotConfigModule, CalendarModule, PermitsModule, AuthModule, KnowledgeModule],
  providers: [
    KnowledgeService,
    ComplaintsService,
    BotResponder,
    { provide: VERIFICATION_LIMITER, useClass: RedisVerificationLimiter },
    { provide: TEAM_DIRECTORY, useClass: DbTeamDirectory },
    { provide: SUBSCRIPTION_STORE, useClass: DbSubscriptionStore },
    BotWelcome,
    { provide: SURVEY_PROMPTS, useValue: { invitation: (lang, id, link) => surveyInvitation(botWording(), lang, id, link) } satisfies SurveyPrompts },
  ],
  controllers: [KnowledgeAdminController],
  exports: [BotResponder, KnowledgeService, SURVEY_PROMPTS, BotWelcome],
})
export class BotModule {}
