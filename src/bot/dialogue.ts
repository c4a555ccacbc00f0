import type { BotState } from '../schema/conversation.entity';
import type { ReplyDraft } from '../hub/messages';
import type { ResponderDecision } from '../hub/responder';
import { ComplaintFlow } from './flows/complaint.flow';
import { CANCEL_WORDS, DIRECT_PAYLOAD, MENU_WORDS, START_WORDS, startPayload } from './flows/cues';
import { FaqFlow } from './flows/faq.flow';
import { type DialogueInput, type Flow, type FlowDeps, Turn, type TurnOutcome } from './flows/flow';
import { HandoffFlow } from './flows/handoff.flow';
import { NotifyFlow } from './flows/notify.flow';
import { clearPending, readState } from './flows/state';
import { StatusFlow } from './flows/status.flow';
import { SurveyFlow } from './flows/survey.flow';
import { botWording, type Wording } from './wording';

export type { DialogueInput } from './flows/flow';
export { type DialogueState, readState } from './flows/state';
export { verificationAttempt } from './flows/verification';

/** The hub's decision plus how the bot dealt with the message (for reports; never stored with the message). */
export interface BotDecision extends ResponderDecision {
  outcome: TurnOutcome;
  handoffReason?: string;
  normalized: string;
  candidates: string[];
}

export interface DialogueDeps extends FlowDeps {
  /** The bot's messages; the shipped resources/bot files when not given. */
  wording?: Wording;
}

/**
 * The bot's dialogue: a small state machine over the flows (menu/FAQ,
 * permit status with verification, notifications, complaints, hand-off).
 * Pure logic over injected ports, so it is tested against fakes; the state
 * it returns is persisted by the hub with the replies in one transaction.
 */
export class Dialogue {
  private readonly wording: Wording;
  private readonly knowledge: FlowDeps['knowledge'];
  private readonly faq: FaqFlow;
  /** In order of precedence: the first flow that recognises a message (canStart) or a label (answers) takes it. */
  private readonly flows: Flow[];

  constructor(deps: DialogueDeps) {
    this.wording = deps.wording ?? botWording();
    const handoff = new HandoffFlow(deps);
    const notify = new NotifyFlow(deps);
    this.faq = new FaqFlow(deps, handoff);
    // Files go to a person before anything else; FAQ answers whatever no other flow takes, so it is last.
    this.flows = [handoff, notify, new StatusFlow(deps, notify, handoff), new ComplaintFlow(deps), new SurveyFlow(deps), this.faq];
    this.knowledge = deps.knowledge;
  }

  async respond(input: DialogueInput): Promise<BotDecision> {
    const kb = this.knowledge.current();
    const s = readState(input.conversation.botState);
    const nlu = kb.engine.classify(input.text.trim());
    const turn = new Turn(input, nlu, s, kb, this.wording, (label, t) => this.answer(label, t));
    // A status answer gives context to the next turn only.
    turn.followsStatus = s.lastStatus;
    delete s.lastStatus;
    // One word ("ok", "PBG") says nothing about the language: keep the conversation's.
    if ((turn.text.match(/\p{L}{2,}/gu) ?? []).length >= 2) s.lang = nlu.lang;

    await this.route(turn);

    turn.patch.botState = { ...s } as BotState;
    return {
      replies: mergeReplies(turn.replies),
      patch: turn.patch,
      outcome: turn.outcome,
      handoffReason: turn.handoffReason,
      ...(turn.contactName ? { contactName: turn.contactName } : {}),
      normalized: nlu.normalized,
      candidates: nlu.candidates.map((c) => c.label),
    };
  }

  private async route(turn: Turn): Promise<void> {
    const s = turn.state;
    // A sticker is answered like a greeting; a reaction to one of our messages needs no answer.
    if (turn.input.gesture === 'reaction') return;
    if (turn.input.gesture === 'sticker') {
      clearPending(s);
      return this.answer('greeting', turn);
    }
    // Commands first: they work in the middle of any flow.
    if (CANCEL_WORDS.test(turn.lower) && s.awaiting) {
      clearPending(s);
      turn.say(turn.t('common.cancelled'));
      return this.faq.menu(turn);
    }
    if (START_WORDS.test(turn.lower)) {
      clearPending(s);
      const source = startPayload(turn.text);
      if (source) s.source = source;
      return this.answer('greeting', turn);
    }
    if (MENU_WORDS.test(turn.lower)) {
      clearPending(s);
      return this.faq.menu(turn);
    }
    // Quick replies carry explicit payloads.
    const direct = DIRECT_PAYLOAD.exec(turn.payload);
    if (direct) {
      clearPending(s);
      return this.answer(direct[2], turn);
    }

    // The flow whose question is pending gets the first look at the answer.
    const owner = s.awaiting ? this.flows.find((f) => f.owns(s)) : undefined;
    if (owner && (await owner.resume(turn))) return;
    clearPending(s);

    const starter = this.flows.find((f) => f.canStart(turn));
    if (starter) return starter.start(turn);
    if (turn.nlu.decision === 'answer') return this.answer(turn.nlu.label, turn);
    if (turn.nlu.decision === 'clarify' && this.faq.clarify(turn)) return;
    return this.faq.notUnderstood(turn);
  }

  /** A label (intent or FAQ id) to the flow that answers it. */
  private answer(label: string, turn: Turn): Promise<void> {
    turn.state.misses = 0;
    const flow = this.flows.find((f) => f.answers(label)) ?? this.faq;
    return flow.answer(label, turn);
  }
}

/**
 * One bot message per turn: separate messages of one turn could be delivered
 * out of order by a channel. The quick replies of the last part are kept.
 */
function mergeReplies(replies: ReplyDraft[]): ReplyDraft[] {
  if (replies.length <= 1) return replies;
  const last = replies[replies.length - 1];
  const attachments = replies.flatMap((r) => r.attachments ?? []);
  return [
    {
      senderKind: 'bot',
      text: replies.map((r) => r.text).join('\n\n'),
      ...(last.quickReplies ? { quickReplies: last.quickReplies } : {}),
      ...(attachments.length ? { attachments } : {}),
    },
  ];
}
