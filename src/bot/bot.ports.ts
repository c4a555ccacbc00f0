import type { KbEntry, OfficeValues } from '../knowledge/kb.types';
import type { NluResult } from './nlu/nlu.types';

/** What the dialogue needs from the NLU engine. */
export interface Classifier {
  classify(text: string): NluResult;
}

/** One consistent view of the knowledge base (swapped as a whole on reload). */
export interface KnowledgeSnapshot {
  engine: Classifier;
  byId: Map<string, KbEntry>;
  values: OfficeValues;
  loadedAt: Date;
}

export interface KnowledgeSource {
  current(): KnowledgeSnapshot;
}

/**
 * Counts failed identity checks per application and requester (the contact
 * asking), shared by every worker process. Locking per requester keeps one
 * stranger who guesses from locking the applicant out; guessing spread over
 * many requesters is for supervisors to see (VerificationAlert).
 */
export interface VerificationLimiter {
  /** Milliseconds this requester's lookups of the application stay locked, 0 when they are not. */
  lockedForMs(applicationNumber: string, requester: string): Promise<number>;
  /** Records one failure of this requester; locks them out of the application when their limit is reached. */
  recordFailure(applicationNumber: string, requester: string): Promise<{ locked: boolean; attemptsLeft: number; lockedForMs: number }>;
  reset(applicationNumber: string, requester: string): Promise<void>;
}

// The alert port is the hub's (it delivers to the console); the bot only raises.
export { VERIFICATION_ALERTS, type VerificationAlert, type VerificationAlertSink } from '../hub/verification-alerts.ports';

export type TeamCode = 'umum' | 'bangunan' | 'kesehatan' | 'pengaduan';

export interface TeamDirectory {
  /** The team's id, or null when the team does not exist (the conversation then waits in the general queue). */
  idFor(code: TeamCode): Promise<string | null>;
}

export interface ComplaintInput {
  /** The citizen's message that completed the complaint: makes opening it idempotent. */
  sourceMessageId: string;
  contactId: string;
  channel: string;
  identityId: string | null;
  description: string;
  applicationNumber?: string;
  /** The general conversation it came from (for officers). */
  fromConversationId: string;
}

export interface ComplaintDesk {
  /** Opens (once per source message) a complaint conversation for the complaints team. */
  open(input: ComplaintInput): Promise<{ reference: string; conversationId: string }>;
}

export interface SubscriptionStore {
  subscribe(s: { applicationNumber: string; contactId: string; channel: string; identityId: string | null; verified: boolean }): Promise<{ created: boolean }>;
}

/** One IKM survey element as the citizen reads it (the survey module's resources/survey files). */
export interface SurveyQuestion {
  code: string;
  name: string;
  question: string;
  /** The four answers; index 0 is value 1 (tidak sesuai …), index 3 value 4 (sangat sesuai …). */
  answers: readonly string[];
}

/** The IKM survey as the bot's survey flow uses it; provided by the survey module (src/survey) by token. */
export interface SurveyDesk {
  questions(lang: 'id' | 'en'): readonly SurveyQuestion[];
  /** The citizen said no: nothing is recorded but the refusal (they are not asked again this period). */
  decline(invitationId: string): Promise<void>;
  /** Records the answers (1–4, null when skipped) once per invitation; false when it was already answered or declined. */
  submit(s: { invitationId: string; answers: (number | null)[]; suggestion: string | null; lang: 'id' | 'en' }): Promise<{ recorded: boolean }>;
  /** The chat invitation the citizen was sent and has not answered yet (their reply opens a new conversation that answers it). */
  pendingFor(contactId: string): Promise<{ invitationId: string; lang: 'id' | 'en' } | null>;
}

export const SURVEY_DESK = Symbol('SURVEY_DESK');

/** What the survey module sends to invite a citizen (the bot's wording). */
export interface SurveyInvitationPrompt {
  text: string;
  quickReplies: { payload: string; title: string }[];
}

/** Provided by the bot (its wording, its state): the survey module asks it for the invitation message. */
export interface SurveyPrompts {
  invitation(lang: 'id' | 'en', invitationId: string, link: string | null): SurveyInvitationPrompt;
}

export const SURVEY_PROMPTS = Symbol('SURVEY_PROMPTS');
