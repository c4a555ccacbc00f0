import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { SurveyDesk, SurveyQuestion } from '../bot/bot.ports';
import { newId } from '../common/ids';
import { isUniqueViolation } from '../database/db-errors';
import { Tx, TransactionRunner } from '../database/transaction-runner';
import { SURVEY_CONFIG, SurveyConfig } from './survey.config';
import { SurveyInvitation, SurveySource } from '../schema/survey-invitation.entity';
import { SurveyResponse } from '../schema/survey-response.entity';
import { SurveyRepository } from './survey.repository';
import { type SurveyLang, UNSUR_CODES, unsurTexts } from './unsur';

export type Answers = (number | null)[];

/** Why a token cannot be used (the page says so plainly). */
export type TokenProblem = 'unknown' | 'used' | 'expired';

export function newSurveyToken(): string {
  return randomBytes(18).toString('base64url');
}

/** Nine answers, each 1–4 or null (skipped); anything else is not an answer. */
export function validAnswers(a: unknown): a is Answers {
  return Array.isArray(a) && a.length === UNSUR_CODES.length && a.every((v) => v === null || (Number.isInteger(v) && v >= 1 && v <= 4));
}

/**
 * The survey's records: invitations (chat and walk-in), and responses,
 * once per invitation. The bot's survey flow reaches it as its SurveyDesk;
 * the walk-in page through its token.
 */
@Injectable()
export class SurveyService implements SurveyDesk {
  constructor(
    @Inject(SURVEY_CONFIG) private readonly cfg: SurveyConfig,
    private readonly tx: TransactionRunner,
    private readonly repo: SurveyRepository,
  ) {}

  questions(lang: SurveyLang): readonly SurveyQuestion[] {
    return unsurTexts(lang);
  }

  invitation(values: {
    source: SurveySource;
    contactId: string | null;
    conversationId: string | null;
    channel: string;
    teamId: string | null;
    permitType: string | null;
    lang: SurveyLang;
    createdBy: string | null;
    now: Date;
  }): SurveyInvitation {
    const { now, ...rest } = values;
    return {
      id: newId(),
      token: newSurveyToken(),
      status: 'invited',
      ...rest,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.cfg.SURVEY_TOKEN_TTL_HOURS * 3_600_000),
    };
  }

  /** A walk-in's token for the counter's QR: channel counter, the officer's team. */
  async createWalkIn(officer: { id: string; teamIds: string[] }, body: { lang?: SurveyLang; permitType?: string }): Promise<SurveyInvitation> {
    const inv = this.invitation({
      source: 'walkin',
      contactId: null,
      conversationId: null,
      channel: 'counter',
      teamId: officer.teamIds[0] ?? null,
      permitType: body.permitType ?? null,
      lang: body.lang ?? 'id',
      createdBy: officer.id,
      now: new Date(),
    });
    await this.tx.run((m) => this.repo.insertInvitation(m, inv));
    return inv;
  }

  async pendingFor(contactId: string): Promise<{ invitationId: string; lang: SurveyLang } | null> {
    const inv = await this.tx.read((m) => this.repo.pendingChatInvitation(m, contactId, new Date()));
    return inv ? { invitationId: inv.id, lang: inv.lang } : null;
  }

  async decline(invitationId: string): Promise<void> {
    await this.tx.run((m) => this.repo.closeInvitation(m, invitationId, 'declined'));
  }

  async submit(s: { invitationId: string; answers: Answers; suggestion: string | null; lang: SurveyLang }): Promise<{ recorded: boolean }> {
    if (!validAnswers(s.answers)) throw new Error('survey answers must be nine values of 1–4 or null');
    try {
      return await this.tx.run(async (m) => {
        const inv = await this.repo.findInvitation(m, s.invitationId);
        if (!inv) return { recorded: false };
        return this.record(m, inv, s.answers, s.suggestion, s.lang);
      });
    } catch (err) {
      // The same invitation answered twice at once: the other one counted.
      if (isUniqueViolation(err)) return { recorded: false };
      throw err;
    }
  }

  /** The invitation behind a page's token, or why it cannot be answered. */
  async byToken(token: string, now = new Date()): Promise<{ invitation: SurveyInvitation } | { problem: TokenProblem }> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return { problem: 'unknown' };
    const inv = await this.tx.read((m) => this.repo.findInvitationByToken(m, token));
    return checkToken(inv, now);
  }

  /** The walk-in page's form: recorded once; a used, expired or unknown token changes nothing. */
  async submitByToken(token: string, answers: Answers, suggestion: string | null): Promise<{ recorded: true } | { problem: TokenProblem }> {
    try {
      return await this.tx.run(async (m: Tx) => {
        const inv = await this.repo.findInvitationByToken(m, token);
        const checked = checkToken(inv, new Date());
        if ('problem' in checked) return checked;
        const r = await this.record(m, checked.invitation, answers, suggestion, checked.invitation.lang);
        return r.recorded ? { recorded: true as const } : { problem: 'used' as const };
      });
    } catch (err) {
      if (isUniqueViolation(err)) return { problem: 'used' };
      throw err;
    }
  }

  private async record(m: Tx, inv: SurveyInvitation, answers: Answers, suggestion: string | null, lang: SurveyLang): Promise<{ recorded: boolean }> {
    const answered = answers.some((a) => a !== null);
    // Nothing answered at all is a refusal, not a respondent.
    if (!(await this.repo.closeInvitation(m, inv.id, answered ? 'answered' : 'declined'))) return { recorded: false };
    if (!answered) return { recorded: true };
    const row: SurveyResponse = {
      id: newId(),
      invitationId: inv.id,
      source: inv.source,
      channel: inv.channel,
      teamId: inv.teamId,
      permitType: inv.permitType,
      lang,
      u1: answers[0],
      u2: answers[1],
      u3: answers[2],
      u4: answers[3],
      u5: answers[4],
      u6: answers[5],
      u7: answers[6],
      u8: answers[7],
      u9: answers[8],
      suggestion: suggestion?.trim() ? suggestion.trim().slice(0, 1000) : null,
      answeredAt: new Date(),
    };
    await this.repo.insertResponse(m, row);
    return { recorded: true };
  }
}

function checkToken(inv: SurveyInvitation | null, now: Date): { invitation: SurveyInvitation } | { problem: TokenProblem } {
  if (!inv) return { problem: 'unknown' };
  if (inv.status !== 'invited') return { problem: 'used' };
  if (inv.expiresAt.getTime() <= now.getTime()) return { problem: 'expired' };
  return { invitation: inv };
}
