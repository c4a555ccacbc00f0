import type { BotState } from '../../schema/conversation.entity';
import type { QuickReply } from '../../schema/message.entity';
import type { SurveyInvitationPrompt } from '../bot.ports';
import type { Lang } from '../nlu/language';
import type { Wording } from '../wording';
import { NO, YES } from './cues';
import type { Flow, FlowDeps, Turn } from './flow';
import { clearPending, type DialogueState } from './state';

/** "1", "1.", "1. Tidak sesuai" (a tapped button sends its title), "survey:1". */
const DIGIT_ANSWER = /^(?:survey:)?([0-9]+)(?:[.)]|\s|$)/;
const SKIP = /^(survey:skip|lewati|lewat|skip|lompati|next|lanjut)$/i;
const MAX_SUGGESTION = 1000;

/** The message that invites a citizen (sent by the survey module through SurveyPrompts). */
export function surveyInvitation(wording: Wording, lang: Lang, invitationId: string, link: string | null): SurveyInvitationPrompt {
  const text = wording.t(lang, 'survey.invite') + (link ? `\n\n${wording.t(lang, 'survey.inviteLink', { link })}` : '');
  return {
    text,
    quickReplies: [
      { payload: 'survey:yes', title: wording.t(lang, 'survey.accept') },
      { payload: 'survey:no', title: wording.t(lang, 'survey.refuse') },
    ],
  };
}

/**
 * The state of a new conversation whose first message replies to an
 * invitation: the invitation went into the resolved conversation, and the
 * reply opens a fresh one (a resolved conversation stays closed, and can
 * still be reopened by its officer).
 */
export function surveyInviteState(lang: Lang, invitationId: string): BotState {
  const state: DialogueState = { v: 1, lang, misses: 0, verified: [], awaiting: 'survey_invite', survey: { id: invitationId, step: 0, answers: [] } };
  return state as unknown as BotState;
}

/**
 * The IKM survey (Permenpan RB 14/2017) in the chat: after the survey module
 * invited the citizen (their conversation was resolved), a yes starts the
 * nine elements one at a time, each with its four answers as numbered
 * choices; anything but 1–4 (or "lewati") is refused and the same question
 * asked again; then an optional suggestion. Answers stay in the dialogue
 * state (numbers only) until the end, when the survey module records them.
 */
export class SurveyFlow implements Flow {
  readonly name = 'survey';

  constructor(private readonly deps: Pick<FlowDeps, 'surveys'>) {}

  owns(state: DialogueState): boolean {
    return (
      !!this.deps.surveys && !!state.survey && (state.awaiting === 'survey_invite' || state.awaiting === 'survey' || state.awaiting === 'survey_suggestion')
    );
  }

  async resume(turn: Turn): Promise<boolean> {
    const s = turn.state;
    const survey = s.survey!;
    const desk = this.deps.surveys!;
    if (s.awaiting === 'survey_invite') {
      if (turn.lower === 'survey:yes' || YES.test(turn.lower)) {
        s.awaiting = 'survey';
        survey.step = 0;
        survey.answers = [];
        this.ask(turn);
        return true;
      }
      if (turn.lower === 'survey:no' || NO.test(turn.lower)) {
        clearPending(s);
        await desk.decline(survey.id);
        turn.say(turn.t('survey.declined'), [turn.menuButton()]);
        return true;
      }
      // Something else (a new question): the invitation lapses and the message is answered as usual.
      return false;
    }
    if (s.awaiting === 'survey') {
      const questions = desk.questions(s.lang);
      const digit = DIGIT_ANSWER.exec(turn.lower);
      const byWord = questions[survey.step].answers.findIndex((a) => a.toLowerCase() === turn.lower);
      let value: number | null;
      if (SKIP.test(turn.lower)) value = null;
      else if (digit && Number(digit[1]) >= 1 && Number(digit[1]) <= 4) value = Number(digit[1]);
      else if (byWord >= 0) value = byWord + 1;
      else {
        turn.say(turn.t('survey.invalid'));
        this.ask(turn);
        return true;
      }
      survey.answers[survey.step] = value;
      survey.step++;
      if (survey.step < questions.length) this.ask(turn);
      else {
        s.awaiting = 'survey_suggestion';
        turn.say(turn.t('survey.askSuggestion'), [{ payload: 'survey:skip', title: turn.t('survey.skip') }]);
      }
      return true;
    }
    // The suggestion: free text, or skipped.
    const suggestion = SKIP.test(turn.lower) || NO.test(turn.lower) ? null : turn.text.slice(0, MAX_SUGGESTION);
    const answers = [...survey.answers];
    clearPending(s);
    const { recorded } = await desk.submit({ invitationId: survey.id, answers, suggestion, lang: s.lang });
    turn.say(turn.t(recorded ? 'survey.thanks' : 'survey.alreadyDone'), [turn.menuButton()]);
    return true;
  }

  canStart(): boolean {
    return false;
  }

  async start(): Promise<void> {}

  answers(): boolean {
    return false;
  }

  async answer(): Promise<void> {}

  /** The current element's question with its four numbered answers, as text and as buttons. */
  private ask(turn: Turn): void {
    const s = turn.state;
    const questions = this.deps.surveys!.questions(s.lang);
    const q = questions[s.survey!.step];
    const choices = q.answers.map((a, i) => `${i + 1}. ${a}`);
    const buttons: QuickReply[] = choices.map((title, i) => ({ payload: `survey:${i + 1}`, title }));
    buttons.push({ payload: 'survey:skip', title: turn.t('survey.skip') });
    turn.say(
      turn.t('survey.question', { number: s.survey!.step + 1, total: questions.length, name: q.name, question: q.question, choices: choices.join('\n') }),
      buttons,
    );
  }
}
