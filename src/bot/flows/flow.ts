import type { CalendarConfig } from '../../common/calendar/calendar.config';
import type { WorkingCalendar } from '../../common/calendar/working-calendar';
import type { BotState } from '../../schema/conversation.entity';
import type { AttachmentMeta, QuickReply } from '../../schema/message.entity';
import type { ReplyDraft } from '../../hub/messages';
import type { ConversationPatch } from '../../hub/responder';
import type { PermitStatusProvider } from '../../permits/permit.types';
import type { BotConfig } from '../bot.config';
import type { ComplaintDesk, KnowledgeSnapshot, KnowledgeSource, SubscriptionStore, SurveyDesk, TeamDirectory, VerificationLimiter } from '../bot.ports';
import type { NluResult } from '../nlu/nlu.types';
import type { MessageArgs, MessageKey, Wording } from '../wording';
import type { DialogueState } from './state';

/** How the bot dealt with a message: answered it, asked which was meant, did not understand, said it is not the office's business, or passed it to a person. */
export type TurnOutcome = 'answer' | 'clarify' | 'fallback' | 'out_of_scope' | 'handoff';

export interface DialogueInput {
  messageId: string;
  text: string;
  replyPayload?: string;
  conversation: { id: string; botState: BotState | null; channel: string; identityId: string | null; contactId: string };
  /** name: the contact's display name when the office knows it. */
  contact: { id: string; phone: string | null; name?: string | null };
  /** E.164 of the sender when the channel knows it (WhatsApp, counter). */
  senderPhone?: string;
  /** How many files (photos, documents, voice notes...) came with the message; locations do not count. */
  files?: number;
  /** The vendor's types the hub does not understand (contact cards, polls, 'unsupported'…): an officer looks. */
  unsupported?: string[];
  /** A sticker or a reaction and nothing else: a gesture, not a question. */
  gesture?: 'sticker' | 'reaction';
}

/** Everything the flows may use: ports, never other modules' services. */
export interface FlowDeps {
  knowledge: KnowledgeSource;
  permits: PermitStatusProvider;
  limiter: VerificationLimiter;
  teams: TeamDirectory;
  complaints: ComplaintDesk;
  subscriptions: SubscriptionStore;
  /** The IKM survey (src/survey); without it the bot never runs a survey. */
  surveys?: SurveyDesk;
  calendar: WorkingCalendar;
  config: Pick<CalendarConfig, 'OFFICE_HOURS' | 'OFFICE_DAYS'> & Pick<BotConfig, 'HANDOFF_AFTER_MISUNDERSTOOD'> & Partial<Pick<BotConfig, 'FAQ_PART_CHARS'>>;
  now: () => Date;
  log?: { debug(msg: string): void; warn(msg: string): void };
}

/** Intents that are offered as choices next to FAQ entries (their titles are messages). */
const CHOOSABLE_INTENTS = ['permit_status', 'complaint', 'human_agent'] as const;
type ChoosableIntent = (typeof CHOOSABLE_INTENTS)[number];

export function isChoosableIntent(label: string): label is ChoosableIntent {
  return (CHOOSABLE_INTENTS as readonly string[]).includes(label);
}

/**
 * One citizen message being answered: what was said, the state to update,
 * and the replies and conversation changes decided so far.
 */
export class Turn {
  readonly replies: ReplyDraft[] = [];
  patch: ConversationPatch = {};
  /** The message text, trimmed. */
  readonly text: string;
  /** A tapped quick reply's payload, else the text. */
  readonly payload: string;
  /** The payload lower-cased without a trailing "." or "!", for matching commands. */
  readonly lower: string;
  /** The application whose status the previous turn showed: a follow-up in this turn is about it. */
  followsStatus?: string;
  /** For reports (knowledge gaps, bot decisions): set by the flow that ends the turn. */
  outcome: TurnOutcome = 'answer';
  handoffReason?: string;
  /** The name the citizen gave for themselves (stored as the contact's name when it has none). */
  contactName?: string;

  constructor(
    readonly input: DialogueInput,
    readonly nlu: NluResult,
    readonly state: DialogueState,
    readonly kb: KnowledgeSnapshot,
    private readonly wording: Wording,
    /** Answers a label (intent or FAQ id) as if the classifier had chosen it: for menus and choices. */
    readonly open: (label: string, turn: Turn) => Promise<void>,
  ) {
    this.text = input.text.trim();
    this.payload = (input.replyPayload ?? this.text).trim();
    this.lower = this.payload.toLowerCase().replace(/[.!]+$/, '');
  }

  /** A message in the conversation's language. */
  t<K extends MessageKey>(key: K, ...args: MessageArgs<K>): string {
    return this.wording.t(this.state.lang, key, ...args);
  }

  say(text: string, quickReplies?: QuickReply[], attachments?: AttachmentMeta[]): void {
    this.replies.push({ senderKind: 'bot', text, ...(quickReplies?.length ? { quickReplies } : {}), ...(attachments?.length ? { attachments } : {}) });
  }

  menuButton(): QuickReply {
    return { payload: 'menu', title: this.t('common.mainMenu') };
  }

  intentButton(intent: ChoosableIntent): QuickReply {
    return { payload: `intent:${intent}`, title: this.t(`intent.${intent}`) };
  }

  /** The title of a choice: an intent's message or the FAQ entry's title. */
  titleOf(label: string): string | undefined {
    if (isChoosableIntent(label)) return this.t(`intent.${label}`);
    return this.kb.byId.get(label)?.title;
  }
}

/**
 * One conversation flow (status, notify, complaint, menu/FAQ, hand-off).
 * A flow owns its slice of the state and its messages; the dialogue picks
 * which flow a message goes to: the one whose question is pending, else one
 * that recognises the message by itself, else the one the classifier's label
 * belongs to.
 */
export interface Flow {
  readonly name: string;
  /** Whether the question the bot is waiting on (state.awaiting) is this flow's. */
  owns(state: DialogueState): boolean;
  /** Takes the answer to this flow's question; false when the message is not one (the dialogue then routes it afresh). */
  resume(turn: Turn): Promise<boolean>;
  /** A message this flow recognises by itself (a cue, an entity, a file), before the classifier's decision counts. */
  canStart(turn: Turn): boolean;
  start(turn: Turn): Promise<void>;
  /** Whether this flow answers a classifier label (an intent or FAQ id). */
  answers(label: string): boolean;
  answer(label: string, turn: Turn): Promise<void>;
}
