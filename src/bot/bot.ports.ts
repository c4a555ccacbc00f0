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

/** Counts failed identity checks per application, shared by every worker process. */
export interface VerificationLimiter {
  /** Milliseconds the application stays locked, 0 when it is not. */
  lockedForMs(applicationNumber: string): Promise<number>;
  /** Records one failure; locks the application when the limit is reached. */
  recordFailure(applicationNumber: string): Promise<{ locked: boolean; attemptsLeft: number; lockedForMs: number }>;
  reset(applicationNumber: string): Promise<void>;
}

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
