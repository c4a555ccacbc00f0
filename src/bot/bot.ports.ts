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
