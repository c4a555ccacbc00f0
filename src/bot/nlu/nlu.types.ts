import type { Entities } from './entities';
import type { Lang } from './language';

export type NluDecision = 'answer' | 'clarify' | 'fallback';

export interface NluCandidate {
  /** Intent id or knowledge-base (faq) id. */
  label: string;
  /** Calibrated score in 0..1. */
  score: number;
}

export interface NluResult {
  /**
   * `answer`: the intent/faq id to act on. `clarify`: the best candidate (offer
   * `candidates` as quick replies). `fallback`: the literal 'fallback'.
   */
  label: string;
  /** Estimated probability that `candidates[0].label` is right, 0..1. */
  confidence: number;
  decision: NluDecision;
  /** Top 3 labels, best first. */
  candidates: NluCandidate[];
  lang: Lang;
  entities: Entities;
  /** The raw blended top score and its margin over the runner-up: what the confidence is calibrated from. */
  features: { top: number; margin: number };
  /** The normalised text the classifier saw (entities replaced by markers). */
  normalized: string;
}
