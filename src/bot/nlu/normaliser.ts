import { DeletionIndex, type DeletionIndexData } from './symspell';
import { indonesianRootWords, loadSlangLexicon, loadStopwords, type SlangLexicon } from './lexicon-files';
import { stem } from './stemmer';

/** The result of normalising one message. */
export interface NormalisedText {
  /** Lower-cased, slang-expanded, typo-corrected surface tokens (stop words included). */
  tokens: string[];
  /** Content tokens: stop words removed, then stemmed. */
  stems: string[];
  /** Human-readable normal form (the surface tokens joined). */
  text: string;
}

export interface NormaliserOptions {
  slang?: SlangLexicon;
  stopwords?: Set<string>;
  /** English word -> Indonesian gloss (resources/nlu/gloss-en.tsv). */
  gloss?: SlangLexicon;
}

/** What the normaliser learned from training text (engine-cache.ts stores it). */
export interface NormaliserData {
  /** Index vocabulary in the order it was learned, with each word's count. */
  vocab: string[];
  counts: number[];
  english: string[];
  typo: DeletionIndexData;
}

// Pictographs, variation selectors, ZWJ and skin-tone modifiers: emoji carry no topic.
// eslint-disable-next-line no-misleading-character-class -- each code point is stripped on its own, on purpose
const EMOJI = /[\p{Extended_Pictographic}\u{1F3FB}-\u{1F3FF}\u{FE0F}\u{200D}]/gu;
// eslint-disable-next-line no-control-regex -- the test is "any character beyond ASCII"
const NON_ASCII = /[^\x00-\x7f]/;

function allDigits(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Turns informal chat text into tokens the classifier can match. Steps, in order:
 * lower-case; strip emoji/punctuation; undo reduplication ("kira2", "asup-asup");
 * then per token: slang lexicon, known word, collapse letter repeats
 * ("tolonggg"), split glued words ("statusizin"), fuzzy-correct typos against the
 * index vocabulary; finally drop stop words and stem.
 *
 * "Known" means the Sastrawi root dictionary, the lexicon, the stop words and the
 * vocabulary of the training texts (added with `learnVocabulary`), so real words
 * are never "corrected" into something else.
 */
export class Normaliser {
  private readonly slang: SlangLexicon;
  private readonly gloss: SlangLexicon;
  private readonly stopwords: Set<string>;
  private readonly roots: Set<string>;
  /** Surface words seen in training text: the targets of segmentation and fuzzy matching. */
  private readonly indexVocab = new Set<string>();
  /** How often each vocabulary word occurs in training text: breaks ties between corrections. */
  private readonly vocabCount = new Map<string, number>();
  /** Deletion index over indexVocab: typo look-ups without scanning the vocabulary. */
  private typoIndex = new DeletionIndex(2);
  /** English words (from the English answers and questions): never rewritten in an English message. */
  private readonly englishVocab = new Set<string>();
  /** First words of the two-word lexicon entries: only these need the pair look-up (no string per token pair). */
  private readonly pairHeads = new Set<string>();
  private readonly tokenCache = new Map<string, string[]>();
  private readonly englishCache = new Map<string, string[]>();

  constructor(opts: NormaliserOptions = {}) {
    this.slang = opts.slang ?? loadSlangLexicon();
    for (const key of this.slang.keys()) {
      const space = key.indexOf(' ');
      if (space > 0) this.pairHeads.add(key.slice(0, space));
    }
    this.gloss = opts.gloss ?? new Map();
    this.stopwords = opts.stopwords ?? loadStopwords();
    this.roots = indonesianRootWords();
  }

  /** Adds the words of training text to the vocabulary used for repairs. */
  learnVocabulary(text: string): void {
    for (const raw of this.rawTokens(text)) {
      for (const tok of this.slang.get(raw) ?? [raw]) {
        if (tok.length < 2) continue;
        this.vocabCount.set(tok, (this.vocabCount.get(tok) ?? 0) + 1);
        if (this.indexVocab.has(tok)) continue;
        this.indexVocab.add(tok);
        if (tok.length >= 3 && !/\d/.test(tok)) this.typoIndex.add(tok);
      }
    }
    this.tokenCache.clear();
    this.englishCache.clear();
  }

  /** Adds English words (answers in English, English questions): left as they are in English messages. */
  learnEnglish(text: string): void {
    for (const raw of this.rawTokens(text)) if (raw.length >= 2) this.englishVocab.add(raw);
    this.englishCache.clear();
  }

  toData(): NormaliserData {
    const vocab = [...this.indexVocab];
    return { vocab, counts: vocab.map((w) => this.vocabCount.get(w) ?? 0), english: [...this.englishVocab], typo: this.typoIndex.toData() };
  }

  /** Takes over learned state saved by `toData` (in place of the `learnVocabulary` / `learnEnglish` calls). */
  restore(data: NormaliserData): void {
    this.indexVocab.clear();
    this.vocabCount.clear();
    this.englishVocab.clear();
    data.vocab.forEach((w, i) => {
      this.indexVocab.add(w);
      this.vocabCount.set(w, data.counts[i]);
    });
    for (const w of data.english) this.englishVocab.add(w);
    this.typoIndex = DeletionIndex.fromData(data.typo);
    this.tokenCache.clear();
    this.englishCache.clear();
  }

  /** True when the (already lower-cased) word is in the index vocabulary. */
  inVocabulary(word: string): boolean {
    return this.indexVocab.has(word);
  }

  isStopword(word: string): boolean {
    return this.stopwords.has(word);
  }

  /**
   * `english`: the message was detected as English before normalisation, so
   * English words are kept as written (the Indonesian slang and typo steps
   * would turn "do" or "tax" into Indonesian words).
   */
  normalise(text: string, english = false): NormalisedText {
    const tokens: string[] = [];
    const raws = this.rawTokens(text);
    for (let i = 0; i < raws.length; i++) {
      const raw = raws[i];
      // Two-word lexicon entries ("kulo nuwun" = permisi, not "terima kasih").
      const pair = i + 1 < raws.length && this.pairHeads.has(raw) ? this.slang.get(`${raw} ${raws[i + 1]}`) : undefined;
      if (pair) {
        tokens.push(...pair);
        i++;
        continue;
      }
      // English: the word stays and its Indonesian gloss joins it, so "renew my permit" meets "perpanjang izin".
      const gloss = english ? this.gloss.get(raw) : undefined;
      if (gloss) {
        tokens.push(raw, ...gloss);
        continue;
      }
      const repaired = english && this.englishVocab.has(raw) ? [raw] : this.repairToken(raw, english);
      for (const t of repaired) tokens.push(t);
    }
    const stems: string[] = [];
    for (const t of tokens) {
      if (this.stopwords.has(t)) continue;
      stems.push(stem(t));
    }
    return { tokens, stems, text: tokens.join(' ') };
  }

  /** Lower-case, drop emoji and punctuation, undo reduplication; no lexicon yet. */
  private rawTokens(text: string): string[] {
    // Most chat is plain ASCII, which NFKC and the emoji class leave as it is: two passes saved.
    const lower = NON_ASCII.test(text) ? text.normalize('NFKC').toLowerCase().replace(EMOJI, ' ') : text.toLowerCase();
    // Each pass only when its text can match (a check is cheaper than a regex scan).
    let cleaned = lower.includes('://') ? lower.replace(/https?:\/\/\S+/g, ' ') : lower;
    cleaned = cleaned.replace(/['’`]/g, ''); // "that's" -> "thats", "assalamu'alaikum" -> one word
    if (cleaned.includes('-')) cleaned = cleaned.replace(/\b([a-z]{2,})-\1\b/g, '$1'); // kira-kira -> kira
    if (cleaned.includes('2')) cleaned = cleaned.replace(/\b([a-z]{2,})2([a-z]*)\b/g, '$1$2'); // masuk2 -> masuk, step2nya -> stepnya
    // 10jt -> 10 jt; letter-first codes (sp4n, m2, pp28) stay one token.
    cleaned = cleaned.replace(/\b(\d+)([a-z])/g, '$1 $2').replace(/[^a-z0-9]+/g, ' ');
    const out: string[] = [];
    for (const t of cleaned.split(' ')) if (t !== '' && !allDigits(t)) out.push(t);
    return out;
  }

  private isKnown(word: string): boolean {
    return this.indexVocab.has(word) || this.slang.has(word) || this.stopwords.has(word) || this.roots.has(word);
  }

  /** Maps one raw token to zero or more normal tokens (memoised: chat repeats a lot). */
  private repairToken(raw: string, english = false): string[] {
    const cache = english ? this.englishCache : this.tokenCache;
    const hit = cache.get(raw);
    if (hit) return hit;
    const result = this.computeRepair(raw);
    if (cache.size > 100_000) cache.clear();
    cache.set(raw, result);
    return result;
  }

  private computeRepair(raw: string): string[] {
    const lex = this.slang.get(raw);
    if (lex) return lex;
    if (this.isKnown(raw) || raw.length <= 2) return [raw];
    // Derived forms of a known word ("berkasnya", "diproses") are fine as they are.
    if (this.roots.has(stem(raw)) || this.indexVocab.has(stem(raw))) return [raw];
    // An English word in an Indonesian message ("izin saya expired"): its gloss, before any typo guess.
    const gloss = this.gloss.get(raw);
    if (gloss) return gloss;

    const collapsed = this.collapseRepeats(raw);
    if (collapsed !== raw) return this.computeRepair(collapsed);

    const split = this.segment(raw);
    if (split) return split.flatMap((p) => this.slang.get(p) ?? [p]);

    const fixed = this.fuzzy(raw);
    if (fixed) return this.slang.get(fixed) ?? [fixed];
    return [raw];
  }

  /**
   * "tolonggg" -> "tolong", "maaaf" -> "maaf", "yaa" -> "ya": every run of a
   * repeated letter is shortened to one or two letters, preferring a known word;
   * with no known option all runs become single letters.
   */
  private collapseRepeats(word: string): string {
    if (!/(.)\1/.test(word)) return word;
    const runs = word.match(/(.)\1*/g) ?? [word];
    const repeated = runs.filter((r) => r.length > 1).length;
    if (repeated > 6) return runs.map((r) => r[0]).join('');
    // Try every single/double choice per repeated run (2^k, k small).
    for (let mask = 0; mask < 1 << repeated; mask++) {
      let bit = 0;
      let candidate = '';
      for (const r of runs) {
        if (r.length === 1) {
          candidate += r;
          continue;
        }
        candidate += (mask >> bit) & 1 ? r[0] + r[0] : r[0];
        bit++;
      }
      if (candidate !== word && this.isKnown(candidate)) return candidate;
    }
    const single = runs.map((r) => r[0]).join('');
    // Only collapse when something was clearly stretched (3+ letters): "ukm" stays.
    return runs.some((r) => r.length >= 3) ? single : word;
  }

  /**
   * A part usable in a split: a training word or a lexicon entry, at least 2
   * letters; the last part may also be a derived form of a training word
   * ("statusizinnya"). Only the last: stemming every substring of an unknown
   * word was most of the classification time on unseen text.
   */
  private isSegmentPart(part: string, last = false): boolean {
    if (part.length < 2) return false;
    if (this.slang.has(part)) return true;
    if (part.length < 3) return false;
    return this.indexVocab.has(part) || (last && this.indexVocab.has(stem(part)));
  }

  /**
   * Splits glued words into at most three vocabulary words ("statusizin" ->
   * status izin, "gabisadiakses" -> gabisa diakses). Fewest parts wins, then the
   * split with the longest shortest part (less likely to be a coincidence).
   */
  private segment(word: string): string[] | null {
    if (word.length < 5) return null;
    let best: string[] | null = null;
    const consider = (parts: string[]) => {
      if (!best || parts.length < best.length) best = parts;
      else if (parts.length === best.length && Math.min(...parts.map((p) => p.length)) > Math.min(...best.map((p) => p.length))) best = parts;
    };
    for (let i = 2; i <= word.length - 2; i++) {
      const head = word.slice(0, i);
      if (!this.isSegmentPart(head)) continue;
      const tail = word.slice(i);
      if (this.isSegmentPart(tail, true)) {
        consider([head, tail]);
        continue;
      }
      for (let j = 2; j <= tail.length - 2; j++) {
        const mid = tail.slice(0, j);
        if (!this.isSegmentPart(mid)) continue;
        const end = tail.slice(j);
        if (this.isSegmentPart(end, true)) consider([head, mid, end]);
      }
    }
    return best;
  }

  /**
   * Nearest index-vocabulary word: Damerau-Levenshtein 2 for 8+ letters, 1 for
   * 5-7 letters, and 1 for 3-4 letters only when exactly one word fits and it
   * keeps the first letter (short words have many neighbours: "pgb" -> "pbg"
   * is safe, "tak" -> "tap" or "tax" is not). Ties: same first letter, then
   * the word seen more often in training text; a tie that remains on a short
   * word means no correction.
   */
  private fuzzy(word: string): string | null {
    if (word.length < 3 || /\d/.test(word)) return null;
    const max = word.length >= 8 ? 2 : 1;
    const found = this.typoIndex.lookup(word, max);
    if (!found.length) return null;
    let bestScore = Infinity;
    let best: Array<{ word: string; distance: number }> = [];
    for (const f of found) {
      const score = f.distance * 2 + (f.word[0] === word[0] ? 0 : 1);
      if (score < bestScore) {
        bestScore = score;
        best = [f];
      } else if (score === bestScore) best.push(f);
    }
    if (word.length <= 4) {
      if (best.length !== 1 || best[0].word[0] !== word[0] || best[0].word.length < 3) return null;
      return best[0].word;
    }
    best.sort((a, b) => (this.vocabCount.get(b.word) ?? 0) - (this.vocabCount.get(a.word) ?? 0));
    return best[0].word;
  }
}
