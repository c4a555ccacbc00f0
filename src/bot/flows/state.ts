import type { BotState } from '../../schema/conversation.entity';
import type { Lang } from '../nlu/language';

/** The question the bot is waiting on; each value belongs to one flow (Flow.owns). */
export type Awaiting =
  | 'app_number'
  | 'verify'
  | 'complaint'
  | 'notify_confirm'
  | 'choice'
  /** A long answer's next part (Selengkapnya). */
  | 'more'
  | 'survey_invite'
  | 'survey'
  | 'survey_suggestion'
  /** Hand-off: the citizen's name (the conversation already waits for an officer). */
  | 'contact_name';

/**
 * The dialogue state kept in conversation.botState (no personal data:
 * numbers only). Shared fields first, then each flow's slice; the stored
 * shape is flat so older conversations keep their state.
 */
export interface DialogueState {
  v: 1;
  lang: Lang;
  /** Turns in a row the bot did not understand. */
  misses: number;
  awaiting?: Awaiting;
  /** Last topic, for routing a hand-off to the right team. */
  topic?: string;
  /** The application being talked about (status and notify flows). */
  appNo?: string;
  /** Status and notify: what to do once an application number arrives. */
  then?: 'status' | 'notify';
  /** Status: the application whose status was the bot's last answer (a follow-up refers to it). */
  lastStatus?: string;
  /** Status: application numbers whose applicant was verified in this conversation. */
  verified: string[];
  /** Menu / FAQ: labels offered as choices (faq ids or intents), and whether they were numbered. */
  choices?: string[];
  numbered?: boolean;
  /** FAQ: a long answer sent in parts; the entry and the part "Selengkapnya" sends next. */
  more?: { entry: string; part: number };
  /** Complaint: how often the bot asked for more detail. */
  complaintPrompts?: number;
  /** The deep link's payload the conversation started with (/start <payload>): a campaign code, never personal data. */
  source?: string;
  /** IKM survey: the invitation being answered, the element asked now (0–8) and the answers so far (null = skipped). */
  survey?: { id: string; step: number; answers: (number | null)[] };
}

/** Loads a stored state, tolerating an older or foreign shape. */
export function readState(raw: BotState | null): DialogueState {
  const s = (raw ?? {}) as Partial<DialogueState>;
  return {
    v: 1,
    lang: s.lang === 'en' ? 'en' : 'id',
    misses: typeof s.misses === 'number' ? s.misses : 0,
    awaiting: s.awaiting,
    then: s.then,
    appNo: s.appNo,
    lastStatus: typeof s.lastStatus === 'string' ? s.lastStatus : undefined,
    verified: Array.isArray(s.verified) ? s.verified.slice(-10) : [],
    choices: s.choices,
    numbered: s.numbered,
    more: s.more && typeof s.more.entry === 'string' && typeof s.more.part === 'number' ? s.more : undefined,
    topic: s.topic,
    complaintPrompts: s.complaintPrompts,
    ...(typeof s.source === 'string' ? { source: s.source } : {}),
    survey: s.survey,
  };
}

/** Forgets the pending question and everything that only mattered for it. */
export function clearPending(s: DialogueState): void {
  delete s.awaiting;
  delete s.then;
  delete s.choices;
  delete s.numbered;
  delete s.more;
  delete s.complaintPrompts;
  delete s.survey;
}
