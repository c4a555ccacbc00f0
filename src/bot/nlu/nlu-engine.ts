import type { KbEntry } from '../../knowledge/kb.types';
import { loadCalibration, type Calibration } from './calibration';
import { cueHits } from './cues';
import { compileAppNumberPatterns, extractEntities } from './entities';
import { FeatureSpace, featureNames, type FeatureSpaceData, type SparseVector } from './features';
import { DEFAULT_GLOSS_FILE, DEFAULT_INTENTS_FILE, DEFAULT_PHRASINGS_FILE, loadSlangLexicon, loadStopwords } from './lexicon-files';
import { loadIntentExamples } from './intents-file';
import { detectLanguage } from './language';
import { SoftmaxModel, type SoftmaxOptions, type TrainingExample } from './linear-model';
import { Normaliser, type NormaliserData } from './normaliser';
import type { NluCandidate, NluDecision, NluResult } from './nlu.types';
import { RetrievalIndex, type RetrievalIndexData } from './retrieval-index';
import { preloadStems, stemMemo } from './stemmer';

export interface NluBuildOptions {
  kbEntries: KbEntry[];
  intentsFile?: string;
  /** Extra phrasings of knowledge-base topics (default resources/nlu/phrasings.yaml). */
  phrasingsFile?: string;
  slangFile?: string;
  /** English -> Indonesian glosses (default resources/nlu/gloss-en.tsv). */
  glossFile?: string;
  stopwordsFile?: string;
  /** Application-number regexes (strings are compiled case-insensitive). */
  appNumberPatterns?: Array<string | RegExp>;
  /** Override decision thresholds / blend (for tuning experiments). */
  tuning?: Partial<NluTuning>;
  /** Calibration file (default resources/nlu/calibration.json); `tuning.calibration` wins. */
  calibrationFile?: string;
  /** Labels callers report (topics.json ids): a label outside it maps to its KB `related` parent. */
  reportedLabels?: Iterable<string>;
  /** Override the linear model's training schedule (for tuning experiments). */
  training?: SoftmaxOptions;
}

/**
 * The knobs of the decision. The calibration and `answerAt` come from
 * resources/nlu/calibration.json (fitted by `npm run bot:calibrate` on data
 * the model is not trained on); the rest was set on the tuning half of
 * test/fixtures/bot/heldout-own.jsonl.
 */
export interface NluTuning {
  /** Weight of the linear model vs nearest-phrasing similarity in the blended score. */
  modelWeight: number;
  /** Answer when the calibrated confidence reaches this … */
  answerAt: number;
  /** … and the runner-up is at least this far behind (else clarify). */
  minMargin: number;
  /** Below this the candidates are not worth offering: fallback. */
  clarifyAt: number;
  /** Added to permit_status when the message carries an application number or NIK … */
  entityBoost: number;
  /** … unless a knowledge-base entry already scores at least this (the number is context, not the question). */
  faqLeads: number;
  /** Added to out_of_scope when another agency's service is named without a permit word. */
  otherAgencyBoost: number;
  /** Added to complaint when the message tells a complaint story … */
  complaintBoost: number;
  /** … times this when the story hits two or more complaint families. */
  complaintMultiBoost: number;
  /** Added to human_agent when the message asks for a person, even beside a topic. */
  humanAskBoost: number;
  /** Subtracted from the margin of a message with a single content word. */
  oneWordMarginPenalty: number;
  /** Logistic calibration of the blended top score and margin: conf = σ(a·top + b·margin + c). */
  calibration: { a: number; b: number; c: number };
}

export const DEFAULT_TUNING: Omit<NluTuning, 'calibration' | 'answerAt'> = {
  modelWeight: 0.8,
  // Chosen by 10-fold CV on dev + heldout-own: a top label barely ahead of the
  // runner-up ("izin" alone) is offered with the others, not answered (−0.4
  // points right, −0.7 points confidently wrong on heldout-own).
  minMargin: 0.15,
  clarifyAt: 0.3,
  entityBoost: 0.35,
  faqLeads: 0.4,
  otherAgencyBoost: 0.5,
  complaintBoost: 0.25,
  complaintMultiBoost: 1.4,
  humanAskBoost: 0.6,
  oneWordMarginPenalty: 0.15,
};

/** Markers that entity extraction leaves in the text; never features. */
const ENTITY_MARKERS = ['appno', 'niknum', 'phonenum'];
const PERMIT_STATUS = 'permit_status';
const COMPLAINT = 'complaint';
const OUT_OF_SCOPE = 'out_of_scope';
/** Words that open a conversation when nothing else in the message is known ("permisi, mau tanya"). */
const OPENER = /\b(tanya|bertanya|permisi|numpang)\b/;
/** The blended score an opener gets: as sure as a plain greeting phrasing, no rival label. */
const OPENER_SCORE = 0.5;
/** Stems too generic to settle a topic on their own. */
const GENERIC_ALONE = new Set(['izin', 'perizinan', 'permit', 'licence', 'license']);
const INTENT_LABELS = new Set(['greeting', 'thanks', 'goodbye', 'human_agent', PERMIT_STATUS, COMPLAINT, OUT_OF_SCOPE]);

/** Everything training produced, in flat form: engine-cache.ts writes it to disk and `NluEngine.restore` reads it back. */
export interface NluEngineData {
  labels: string[];
  normaliser: NormaliserData;
  space: FeatureSpaceData;
  model: ReturnType<SoftmaxModel['toData']>;
  retrieval: RetrievalIndexData;
  /** Stems of the training words (the stemmer's memo, filled during training). */
  stems: { words: string[]; stems: string[] };
}

/** The lexicons (not learned: read from the resource files at every build or restore). */
function baseNormaliser(opts: NluBuildOptions): Normaliser {
  const slang = loadSlangLexicon(opts.slangFile);
  for (const m of ENTITY_MARKERS) slang.set(m, [m]);
  const stopwords = loadStopwords(opts.stopwordsFile);
  for (const m of ENTITY_MARKERS) stopwords.add(m);
  return new Normaliser({ slang, stopwords, gloss: loadSlangLexicon(opts.glossFile ?? DEFAULT_GLOSS_FILE) });
}

interface TrainingText {
  text: string;
  label: string;
  weight: number;
  /** Phrasings are also indexed for nearest-neighbour similarity; answers are not. */
  retrievable: boolean;
}

/** Splits an answer into sentences; each is a weak training example. */
function sentences(text: string): string[] {
  return text
    .replace(/\{\{[^}]*\}\}/g, ' ')
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.replace(/^[\s*#>\-\d.)]+/, '').trim())
    .filter((s) => s.split(/\s+/).length >= 3);
}

/** Answer sentences are weak evidence: they describe the topic, users do not talk like that. */
const ANSWER_WEIGHT = 0.2;
// Caps keep build time flat as answers grow; the opening sentences carry the
// topic (measured: 8 + 5 sentences is as accurate as all of them, and faster).
const MAX_ANSWER_SENTENCES = 8;
const MAX_ANSWER_SENTENCES_EN = 5;

function trainingTexts(kbEntries: KbEntry[], intents: Map<string, string[]>): TrainingText[] {
  const out: TrainingText[] = [];
  for (const [label, examples] of intents) {
    for (const text of examples) out.push({ text, label, weight: 1, retrievable: true });
  }
  for (const e of kbEntries) {
    for (const q of e.questions) out.push({ text: q, label: e.id, weight: 1, retrievable: true });
    out.push({ text: e.title, label: e.id, weight: 0.7, retrievable: true });
    if (e.tags.length) out.push({ text: e.tags.join(' '), label: e.id, weight: 0.5, retrievable: false });
    for (const sentence of [...sentences(e.answer).slice(0, MAX_ANSWER_SENTENCES), ...sentences(e.answerEn ?? '').slice(0, MAX_ANSWER_SENTENCES_EN)])
      out.push({ text: sentence, label: e.id, weight: ANSWER_WEIGHT, retrievable: false });
  }
  return out;
}

/**
 * Intent + FAQ classifier. One softmax model over all labels (intents and
 * knowledge-base ids) blended with nearest-phrasing cosine similarity, then a
 * calibrated answer / clarify / fallback decision.
 */
export class NluEngine {
  private constructor(
    private readonly normaliser: Normaliser,
    private readonly space: FeatureSpace,
    private readonly model: SoftmaxModel,
    private readonly retrieval: RetrievalIndex,
    private readonly labels: string[],
    private readonly appPatterns: RegExp[],
    private readonly tuning: NluTuning,
    private readonly parents: Map<string, string>,
  ) {
    this.labelIndex = new Map(labels.map((l, i) => [l, i]));
    this.probs = new Float64Array(labels.length);
    this.scores = new Float64Array(labels.length);
  }

  private readonly labelIndex: Map<string, number>;
  /** The model's output buffer, reused: blend reads it before the next call. */
  private readonly probs: Float64Array;
  /** The blended scores, reused: classify copies what it keeps before the next call. */
  private readonly scores: Float64Array;

  static build(opts: NluBuildOptions): NluEngine {
    const normaliser = baseNormaliser(opts);

    const intents = loadIntentExamples(opts.intentsFile ?? DEFAULT_INTENTS_FILE);
    const kbIds = new Set(opts.kbEntries.map((e) => e.id));
    // Phrasings of topics this knowledge base does not have are skipped (a test KB, an office without that topic).
    const phrasings = [...loadIntentExamples(opts.phrasingsFile ?? DEFAULT_PHRASINGS_FILE, 'phrasings')].filter(([id]) => kbIds.has(id));
    const texts = trainingTexts(opts.kbEntries, new Map([...intents, ...phrasings]));
    for (const t of texts) normaliser.learnVocabulary(t.text);
    for (const e of opts.kbEntries) {
      if (e.answerEn) normaliser.learnEnglish(e.answerEn);
      normaliser.learnEnglish(e.questions.filter((q) => detectLanguage(q) === 'en').join(' '));
    }
    for (const list of [...intents.values(), ...phrasings.map(([, l]) => l)]) normaliser.learnEnglish(list.filter((q) => detectLanguage(q) === 'en').join(' '));

    const labels = [...new Set(texts.map((t) => t.label))];
    const labelIndex = new Map(labels.map((l, i) => [l, i]));
    const names = texts.map((t) => featureNames(normaliser.normalise(t.text, detectLanguage(t.text) === 'en')));
    const space = new FeatureSpace();
    space.fit(names);
    const vectors = names.map((n) => space.vectorise(n).vec);

    // Class balancing: out_of_scope has many phrasings, a FAQ about a dozen.
    // Unbalanced, the model would learn "unsure -> out_of_scope" as a prior.
    const mass = new Map<string, number>();
    for (const t of texts) mass.set(t.label, (mass.get(t.label) ?? 0) + t.weight);
    const meanMass = [...mass.values()].reduce((a, b) => a + b, 0) / mass.size;
    const examples: TrainingExample[] = texts.map((t, i) => ({
      vec: vectors[i],
      label: labelIndex.get(t.label) as number,
      weight: t.weight * Math.sqrt(meanMass / (mass.get(t.label) as number)),
    }));
    const model = new SoftmaxModel(space.size, labels.length);
    model.train(examples, opts.training);

    const retrieval = new RetrievalIndex(labels.length);
    texts.forEach((t, i) => {
      if (t.retrievable) retrieval.add(vectors[i], labelIndex.get(t.label) as number);
    });

    return NluEngine.assemble(opts, normaliser, space, model, retrieval, labels);
  }

  /**
   * An engine from the trained state of an earlier `build` with the same
   * training inputs (engine-cache.ts checks that by a content hash). Only
   * training is skipped: the lexicons, calibration, tuning and patterns are
   * read from `opts` as `build` reads them.
   */
  static restore(data: NluEngineData, opts: NluBuildOptions): NluEngine {
    const normaliser = baseNormaliser(opts);
    normaliser.restore(data.normaliser);
    preloadStems(data.stems.words, data.stems.stems);
    return NluEngine.assemble(
      opts,
      normaliser,
      FeatureSpace.fromData(data.space),
      SoftmaxModel.fromData(data.model),
      RetrievalIndex.fromData(data.retrieval),
      data.labels,
    );
  }

  /** The untrained parts, the same for a build and a restore. */
  private static assemble(
    opts: NluBuildOptions,
    normaliser: Normaliser,
    space: FeatureSpace,
    model: SoftmaxModel,
    retrieval: RetrievalIndex,
    labels: string[],
  ): NluEngine {
    const cal: Calibration = loadCalibration(opts.calibrationFile);
    const tuning: NluTuning = { ...DEFAULT_TUNING, calibration: cal.calibration, answerAt: cal.answerAt, ...opts.tuning };
    return new NluEngine(
      normaliser,
      space,
      model,
      retrieval,
      labels,
      compileAppNumberPatterns(opts.appNumberPatterns),
      tuning,
      parentsOf(opts.kbEntries, opts.reportedLabels),
    );
  }

  toData(): NluEngineData {
    return {
      labels: [...this.labels],
      normaliser: this.normaliser.toData(),
      space: this.space.toData(),
      model: this.model.toData(),
      retrieval: this.retrieval.toData(),
      stems: stemMemo(),
    };
  }

  /** All labels the engine can output (besides 'fallback'). */
  get knownLabels(): string[] {
    return [...this.labels];
  }

  /**
   * The reported topic of a label: itself, or for a knowledge-base entry
   * beyond the reported labels (topics.json) its first related entry that is
   * one ("kbli" -> "oss-nib"), so bot:classify only prints known ids.
   */
  topicOf(label: string): string {
    return this.parents.get(label) ?? label;
  }

  /** What bot:classify and bot:eval report: the reported topic when the bot would answer, else 'fallback'. */
  predictTopic(text: string): string {
    const r = this.classify(text);
    return r.decision === 'answer' ? this.topicOf(r.label) : 'fallback';
  }

  classify(text: string): NluResult {
    // Language first: an English message must not go through the Indonesian slang and typo steps.
    const lang = detectLanguage(text);
    const { entities, textWithMarkers } = extractEntities(text, this.appPatterns);
    const norm = this.normaliser.normalise(textWithMarkers, lang === 'en');
    const { vec, known } = this.space.vectoriseText(norm);
    const base = { lang, entities, normalized: norm.text };

    const hasId = entities.applicationNumbers.length > 0 || entities.niks.length > 0;
    if (known === 0 && !hasId) {
      // Only address words and "mau tanya" ("bang aye mau nanya"): the citizen opens the conversation.
      if (this.labelIndex.has('greeting') && OPENER.test(norm.text)) return this.decided(base, [{ label: 'greeting', score: OPENER_SCORE }], OPENER_SCORE);
      return { ...base, label: 'fallback', confidence: 0, decision: 'fallback', candidates: [], features: { top: 0, margin: 0 } };
    }
    const scores = this.blend(vec, hasId, text);
    const order = topThree(scores).map((i) => ({ label: this.labels[i], score: scores[i] }));
    const top = order[0];
    // One content word ("izin") is thin evidence: its lead counts for less, so a
    // word shared by several topics is offered as choices rather than answered.
    // A word every permit topic uses ("izin" alone, which is also a polite
    // opener) says nothing about which one: always offered as choices.
    const thin = norm.stems.length <= 1 && !hasId ? (GENERIC_ALONE.has(norm.stems[0]) ? 1 : this.tuning.oneWordMarginPenalty) : 0;
    const margin = top.score - (order[1]?.score ?? 0) - thin;
    return this.decided(base, order, margin);
  }

  /** The calibrated confidence and the answer / clarify / fallback decision for ranked candidates. */
  private decided(base: Pick<NluResult, 'lang' | 'entities' | 'normalized'>, order: Array<{ label: string; score: number }>, margin: number): NluResult {
    const top = order[0];
    const { a, b, c } = this.tuning.calibration;
    const confidence = 1 / (1 + Math.exp(-(a * top.score + b * margin + c)));
    const candidates: NluCandidate[] = order.map((o) => ({ label: o.label, score: round(o.score) }));

    let decision: NluDecision;
    if (confidence >= this.tuning.answerAt && margin >= this.tuning.minMargin) decision = 'answer';
    else if (confidence >= this.tuning.clarifyAt && top.label !== OUT_OF_SCOPE) decision = 'clarify';
    else decision = 'fallback';
    return {
      ...base,
      label: decision === 'fallback' ? 'fallback' : top.label,
      confidence: round(confidence),
      decision,
      candidates,
      features: { top: round(top.score), margin: round(margin) },
    };
  }

  /** Blended per-label score in 0..1 (before calibration). */
  private blend(vec: SparseVector, hasId: boolean, text: string): Float64Array {
    const p = this.model.predict(vec, this.probs);
    const sim = this.retrieval.maxSimilarityByLabel(vec);
    const w = this.tuning.modelWeight;
    const scores = this.scores;
    for (let i = 0; i < scores.length; i++) scores[i] = w * p[i] + (1 - w) * sim[i];
    const boost = (label: string, by: number) => {
      const i = this.labelIndex.get(label);
      if (i !== undefined) scores[i] = Math.min(1, scores[i] + by);
    };
    const cues = cueHits(text);
    if (cues.otherAgency) boost(OUT_OF_SCOPE, this.tuning.otherAgencyBoost);
    // A story that hits two complaint families (a broker's offer and "mau lapor") is surer than one word.
    if (cues.complaintStory) boost(COMPLAINT, this.tuning.complaintBoost * (cues.complaintStory > 1 ? this.tuning.complaintMultiBoost : 1));
    if (cues.humanAsk) boost('human_agent', this.tuning.humanAskBoost);
    if (hasId) {
      // An application number / NIK is evidence the user wants their status,
      // unless the message is a complaint about that application or a
      // knowledge-base entry already leads (a power of attorney, a rejected
      // file to fix: the number is context there, not the question) or the
      // citizen asks for a person.
      const cp = this.labelIndex.get(COMPLAINT);
      let faqBest = 0;
      this.labels.forEach((l, i) => {
        if (!INTENT_LABELS.has(l) && scores[i] > faqBest) faqBest = scores[i];
      });
      // A request for a person beside the number is a hand-off, not a status look-up.
      if ((cp === undefined || scores[cp] < 0.5) && faqBest < this.tuning.faqLeads && !cues.humanAsk) boost(PERMIT_STATUS, this.tuning.entityBoost);
      // A message that carries one of our application numbers or a NIK is about
      // this office's services: it is not out of scope, however few words it has.
      const oos = this.labelIndex.get(OUT_OF_SCOPE);
      if (oos !== undefined) scores[oos] = Math.max(0, scores[oos] - this.tuning.entityBoost);
    }
    return scores;
  }
}

/** KB entries beyond the reported labels -> their first related entry that is reported. */
function parentsOf(entries: KbEntry[], reported?: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  if (!reported) return out;
  const known = new Set(reported);
  for (const e of entries) {
    if (known.has(e.id)) continue;
    const parent = e.related.find((r) => known.has(r));
    if (parent) out.set(e.id, parent);
  }
  return out;
}

/** Indices of the three highest scores, best first (a full sort of ~50 labels per message is wasted work). */
function topThree(scores: Float64Array): number[] {
  const best: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    let at = best.length;
    while (at > 0 && scores[best[at - 1]] < scores[i]) at--;
    if (at < 3) {
      best.splice(at, 0, i);
      if (best.length > 3) best.pop();
    }
  }
  return best;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
