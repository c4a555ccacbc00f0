import { formatLocalDate } from '../../common/calendar/working-calendar';
import type { QuickReply } from '../../schema/message.entity';
import { FINAL_STAGES, PERMIT_STAGES, type PermitApplication, PermitProviderUnavailableError } from '../../permits/permit.types';
import { askApplicationNumber, takeApplicationNumber } from './application-number';
import { APP_NUMBER_WORDS, FOLLOW_UP, FOLLOW_UP_OPENER, FORGOT, topicOfNumber } from './cues';
import type { Flow, FlowDeps, Turn } from './flow';
import type { HandoffFlow } from './handoff.flow';
import type { NotifyFlow } from './notify.flow';
import { clearPending, type DialogueState } from './state';
import { matchesApplicant, type VerificationAttempt, verificationAttempt } from './verification';

/**
 * Permit status with verification: the applicant's data is shown only to a
 * requester who proves they know the applicant (or writes from the
 * registered phone); failed checks are counted per requester and lock.
 * Until then an unknown number and a known one get the same words (ask to
 * verify, then "does not match"): otherwise the bot would tell anyone which
 * application numbers exist.
 */
export class StatusFlow implements Flow {
  readonly name = 'status';

  constructor(
    private readonly deps: Pick<FlowDeps, 'permits' | 'limiter' | 'calendar' | 'now' | 'log'>,
    private readonly notify: NotifyFlow,
    private readonly handoff: HandoffFlow,
  ) {}

  owns(state: DialogueState): boolean {
    return state.awaiting === 'verify' || (state.awaiting === 'app_number' && state.then !== 'notify');
  }

  async resume(turn: Turn): Promise<boolean> {
    const s = turn.state;
    if (s.awaiting === 'app_number') return takeApplicationNumber(turn, (appNo) => this.check(turn, appNo));
    const appNo = s.appNo;
    if (!appNo) return false;
    // Another (or corrected) application number starts over: its digits are not a guess at the NIK.
    if (turn.nlu.entities.applicationNumbers.length) return false;
    const attempt = verificationAttempt(turn.text);
    if (attempt) {
      await this.verify(turn, appNo, attempt);
      return true;
    }
    if (FORGOT.test(turn.text)) {
      clearPending(s);
      turn.say(turn.t('status.forgot'), [turn.intentButton('human_agent'), turn.menuButton()]);
      return true;
    }
    return false;
  }

  /**
   * An application number in a message that is not a complaint; "forgot my
   * application number"; or a follow-up right after a status answer, which
   * is about that application.
   */
  canStart(turn: Turn): boolean {
    if (turn.nlu.entities.applicationNumbers.length > 0) return turn.nlu.label !== 'complaint';
    if (FORGOT.test(turn.text) && APP_NUMBER_WORDS.test(turn.text)) return true;
    if (!turn.followsStatus || turn.nlu.label === 'complaint' || turn.nlu.label === 'human_agent') return false;
    return FOLLOW_UP.test(turn.text) || (FOLLOW_UP_OPENER.test(turn.text) && turn.nlu.decision !== 'answer');
  }

  start(turn: Turn): Promise<void> {
    const s = turn.state;
    s.misses = 0;
    const appNo = turn.nlu.entities.applicationNumbers[0];
    if (appNo) return this.check(turn, appNo);
    const last = turn.followsStatus;
    if (!last || (FORGOT.test(turn.text) && APP_NUMBER_WORDS.test(turn.text))) return this.forgotNumber(turn);
    // The follow-up is answered with the same application's current card: its due date and what to do next.
    turn.say(turn.t('status.followUp', { number: last }));
    return this.check(turn, last);
  }

  /** Where the number is written, or a look-up by a person after verification. */
  private forgotNumber(turn: Turn): Promise<void> {
    clearPending(turn.state);
    turn.say(turn.t('status.forgotNumber'), [turn.intentButton('human_agent'), turn.menuButton()]);
    return Promise.resolve();
  }

  answers(label: string): boolean {
    return label === 'permit_status';
  }

  async answer(_label: string, turn: Turn): Promise<void> {
    const appNo = turn.nlu.entities.applicationNumbers[0];
    if (appNo) return this.check(turn, appNo);
    return askApplicationNumber(turn, 'status');
  }

  private async check(turn: Turn, appNo: string): Promise<void> {
    const { state: s, input } = turn;
    clearPending(s);
    s.appNo = appNo;
    s.topic = topicOfNumber(appNo) ?? s.topic;
    if (await this.locked(turn, appNo)) return;
    const app = await this.lookup(turn, appNo);
    if (app === undefined) return;
    const knownPhone = input.senderPhone ?? input.contact.phone;
    if (app && (s.verified.includes(app.number) || (knownPhone && app.phone && knownPhone === app.phone))) {
      if (!s.verified.includes(app.number)) s.verified.push(app.number);
      return this.reveal(turn, app);
    }
    s.awaiting = 'verify';
    turn.say(turn.t('status.askVerification', { number: appNo.toUpperCase() }));
  }

  private async verify(turn: Turn, appNo: string, attempt: VerificationAttempt): Promise<void> {
    const { state: s, input } = turn;
    if (await this.locked(turn, appNo)) return;
    const app = await this.lookup(turn, appNo);
    if (app === undefined) return;
    if (app && matchesApplicant(app, attempt)) {
      await this.deps.limiter.reset(appNo, input.contact.id);
      clearPending(s);
      if (!s.verified.includes(app.number)) s.verified.push(app.number);
      return this.reveal(turn, app);
    }
    // A number that does not exist counts and answers like a wrong answer: guessing numbers is guessing too.
    const r = await this.deps.limiter.recordFailure(appNo, input.contact.id);
    if (r.locked) {
      await this.locked(turn, appNo);
      return;
    }
    turn.say(turn.t('status.mismatch', { number: appNo.toUpperCase(), attemptsLeft: r.attemptsLeft }));
  }

  /** Says so and returns true while this requester's lookups of the application are locked. */
  private async locked(turn: Turn, appNo: string): Promise<boolean> {
    const ms = await this.deps.limiter.lockedForMs(appNo, turn.input.contact.id);
    if (ms <= 0) return false;
    const minutes = Math.max(1, Math.ceil(ms / 60_000));
    clearPending(turn.state);
    turn.say(turn.t('status.locked', { number: appNo.toUpperCase(), minutes }), [turn.intentButton('human_agent'), turn.menuButton()]);
    return true;
  }

  /** Looks the application up; when the permit system is down, offers to notify and returns undefined. */
  private async lookup(turn: Turn, appNo: string): Promise<PermitApplication | null | undefined> {
    try {
      return await this.deps.permits.find(appNo);
    } catch (err) {
      if (!(err instanceof PermitProviderUnavailableError)) throw err;
      this.deps.log?.warn(`permit provider ${this.deps.permits.name} unavailable: ${err.message}`);
      this.notify.offer(turn, appNo);
      return undefined;
    }
  }

  private async reveal(turn: Turn, app: PermitApplication): Promise<void> {
    const cal = this.deps.calendar;
    const lang = turn.state.lang;
    const now = this.deps.now();
    const stage = PERMIT_STAGES[app.stage];
    const due = cal.addWorkingDays(app.submittedAt, app.serviceStandardDays);
    const final = FINAL_STAGES.includes(app.stage);
    const overdue = !final && app.stage !== 'perbaikan' && app.stage !== 'pembayaran' && cal.toLocalDate(now) > due;
    const agency = app.agencyPending && app.stage === 'rekomendasi_teknis' ? ` (${app.agencyPending})` : '';
    const lines = [
      turn.t('status.card.title', { number: app.number }),
      turn.t('status.card.permit', { permitType: app.permitType }),
      turn.t('status.card.stage', { stage: `${lang === 'en' ? stage.en : stage.id}${agency}` }),
      turn.t('status.card.since', { date: formatLocalDate(cal.toLocalDate(app.stageSince), lang), days: cal.workingDaysBetween(app.stageSince, now) }),
    ];
    if (!final) {
      lines.push(
        turn.t('status.card.standard', { days: app.serviceStandardDays, submitted: formatLocalDate(cal.toLocalDate(app.submittedAt), lang) }),
        turn.t('status.card.due', { date: formatLocalDate(due, lang) }),
      );
      if (app.stage === 'perbaikan') lines.push(turn.t('status.card.correctionNote'));
    }
    const todo =
      app.nextAction ??
      (app.stage === 'terbit' ? turn.t('status.todo.issued') : app.stage === 'ditolak' ? turn.t('status.todo.rejected') : turn.t('status.todo.wait'));
    lines.push(turn.t('status.card.todo', { todo }));
    turn.state.lastStatus = app.number;
    const quick: QuickReply[] = [];
    if (!final) quick.push({ payload: 'kabari saya', title: turn.t('notify.quick') });
    quick.push(turn.intentButton('human_agent'), turn.menuButton());
    turn.say(lines.join('\n'), quick);

    if (overdue) {
      // Past the service standard: a person has to chase it.
      turn.say(turn.t('status.overdue', { due: formatLocalDate(due, lang) }));
      await this.handoff.handOff(turn, 'overdue', app.number);
    }
  }
}
