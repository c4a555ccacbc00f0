import type { NormalisedText } from './normaliser';

/** A sparse, L2-normalised feature vector: parallel index/value arrays. */
export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

/**
 * Relative weight of each feature family. Words carry the topic, bigrams the
 * phrasing ("berapa lama" vs "berapa biaya"), character n-grams absorb typos
 * and morphology the stemmer missed.
 */
export const FEATURE_WEIGHTS = { word: 1.0, bigram: 0.6, char: 0.45 } as const;

/** Feature names of a normalised text with their counts (family weights are applied in `vectorise`). */
export function featureNames(n: NormalisedText): Map<string, number> {
  const out = new Map<string, number>();
  const add = (name: string) => out.set(name, (out.get(name) ?? 0) + 1);
  const s = n.stems;
  for (let i = 0; i < s.length; i++) {
    add(`w:${s[i]}`);
    if (i + 1 < s.length) add(`b:${s[i]}_${s[i + 1]}`);
  }
  // Character trigrams of each padded stem. Measured on the dev set: trigrams
  // alone beat 3-4 and 3-5 grams and halve the training cost.
  for (const tok of s) {
    const padded = `#${tok}#`;
    for (let i = 0; i + 3 <= padded.length; i++) add(`c:${padded.slice(i, i + 3)}`);
  }
  return out;
}

/** A fitted feature space in flat form (engine-cache.ts stores it): names in id order. */
export interface FeatureSpaceData {
  names: string[];
  idf: Float32Array;
  scale: Float32Array;
}

interface StemFeatures {
  word: number;
  chars: Int32Array;
  /** Bigram feature ids by the stem that follows this one (undefined: no bigram starts with it). */
  next: Map<string, number> | undefined;
  /** The last vectoriseText call that counted this stem (see `generation`). */
  seen: number;
}

/**
 * Feature dictionary with IDF weights, fitted on the training documents.
 * Vectors use sublinear tf × idf per feature, scaled by family weight, L2-normalised.
 */
export class FeatureSpace {
  private readonly index = new Map<string, number>();
  private idf: Float32Array = new Float32Array(0);
  /** idf × family weight per feature id (the query path multiplies by it). */
  private scale: Float32Array = new Float32Array(0);
  /** Per stem: its word feature id (-1 if unseen) and its known trigram ids; chat reuses stems a lot. */
  private readonly stemFeatures = new Map<string, StemFeatures>();
  /** Trigram -> feature id, without the "c:" prefix: a new stem's trigrams are looked up without building names. */
  private trigrams = new Map<string, number>();
  /** Bigram "b:x_y" -> id, as x -> y -> id: the query path looks bigrams up without building their names. */
  private bigrams = new Map<string, Map<string, number>>();
  /** Bumped per vectoriseText call: a stem whose `seen` equals it was already counted (no Set per message). */
  private generation = 0;
  /** Reused count buffer of the query path, indexed by feature id, with the ids touched. */
  private counts = new Float64Array(0);
  private touched = new Int32Array(0);

  get size(): number {
    return this.index.size;
  }

  static fromData(data: FeatureSpaceData): FeatureSpace {
    const out = new FeatureSpace();
    data.names.forEach((name, id) => out.index.set(name, id));
    out.idf = data.idf;
    out.scale = data.scale;
    out.counts = new Float64Array(data.names.length);
    out.touched = new Int32Array(data.names.length);
    out.indexTrigrams();
    return out;
  }

  toData(): FeatureSpaceData {
    return { names: [...this.index.keys()], idf: this.idf, scale: this.scale };
  }

  fit(docs: Array<Map<string, number>>): void {
    const df: number[] = [];
    for (const doc of docs) {
      for (const name of doc.keys()) {
        let id = this.index.get(name);
        if (id === undefined) {
          id = this.index.size;
          this.index.set(name, id);
          df.push(0);
        }
        df[id]++;
      }
    }
    this.idf = new Float32Array(df.length);
    const n = docs.length;
    for (let i = 0; i < df.length; i++) this.idf[i] = Math.log(1 + n / df[i]);
    this.scale = new Float32Array(df.length);
    for (const [name, id] of this.index) this.scale[id] = this.idf[id] * familyScale(name);
    this.counts = new Float64Array(df.length);
    this.touched = new Int32Array(df.length);
    this.stemFeatures.clear();
    this.indexTrigrams();
  }

  private indexTrigrams(): void {
    this.trigrams = new Map();
    this.bigrams = new Map();
    for (const [name, id] of this.index) {
      if (name.startsWith('c:')) this.trigrams.set(name.slice(2), id);
      else if (name.startsWith('b:')) {
        // Every "_" is a possible split: a stem with "_" in it still finds its bigram.
        for (let p = name.indexOf('_', 2); p >= 0; p = name.indexOf('_', p + 1)) {
          const first = name.slice(2, p);
          let after = this.bigrams.get(first);
          if (!after) this.bigrams.set(first, (after = new Map()));
          after.set(name.slice(p + 1), id);
        }
      }
    }
  }

  private featuresOfStem(s: string): StemFeatures {
    let f = this.stemFeatures.get(s);
    if (f) return f;
    const chars: number[] = [];
    const padded = `#${s}#`;
    for (let i = 0; i + 3 <= padded.length; i++) {
      const id = this.trigrams.get(padded.slice(i, i + 3));
      if (id !== undefined) chars.push(id);
    }
    f = { word: this.index.get(`w:${s}`) ?? -1, chars: Int32Array.from(chars), next: this.bigrams.get(s), seen: 0 };
    if (this.stemFeatures.size > 100_000) this.stemFeatures.clear();
    this.stemFeatures.set(s, f);
    return f;
  }

  /**
   * `vectorise(featureNames(n))` without building feature-name strings: the
   * classifier's path. Word and trigram ids are memoised per stem and counts
   * go into a reused buffer; only bigrams are looked up by name.
   */
  vectoriseText(n: NormalisedText): { vec: SparseVector; known: number; total: number } {
    const { counts, touched, scale } = this;
    let nTouched = 0;
    const bump = (id: number) => {
      if (counts[id] === 0) touched[nTouched++] = id;
      counts[id]++;
    };
    const s = n.stems;
    const generation = ++this.generation;
    let known = 0;
    let total = 0;
    for (let i = 0; i < s.length; i++) {
      const f = this.featuresOfStem(s[i]);
      if (f.seen !== generation) {
        f.seen = generation;
        total++;
        if (f.word >= 0) known++;
      }
      if (f.word >= 0) bump(f.word);
      for (let c = 0; c < f.chars.length; c++) bump(f.chars[c]);
      if (i + 1 < s.length && f.next) {
        const b = f.next.get(s[i + 1]);
        if (b !== undefined) bump(b);
      }
    }
    const idx = new Int32Array(nTouched);
    const val = new Float32Array(nTouched);
    let norm = 0;
    for (let t = 0; t < nTouched; t++) {
      const id = touched[t];
      // Sublinear tf; most features occur once, and 1 + log(1) is exactly 1.
      const c = counts[id];
      const v = (c === 1 ? 1 : 1 + Math.log(c)) * scale[id];
      counts[id] = 0;
      idx[t] = id;
      val[t] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let t = 0; t < nTouched; t++) val[t] /= norm;
    return { vec: { idx, val }, known, total };
  }

  /** Vectorises; features never seen in training are ignored (and counted). */
  vectorise(names: Map<string, number>): { vec: SparseVector; known: number; total: number } {
    const idx: number[] = [];
    const val: number[] = [];
    let known = 0;
    let total = 0;
    let norm = 0;
    for (const [name, w] of names) {
      const isWord = name.startsWith('w:');
      if (isWord) total++;
      const id = this.index.get(name);
      if (id === undefined) continue;
      if (isWord) known++;
      const v = (1 + Math.log(w)) * this.idf[id];
      const weighted = v * familyScale(name);
      idx.push(id);
      val.push(weighted);
      norm += weighted * weighted;
    }
    norm = Math.sqrt(norm) || 1;
    return {
      vec: { idx: Int32Array.from(idx), val: Float32Array.from(val, (v) => v / norm) },
      known,
      total,
    };
  }
}

/** Family weight applied after tf-idf (names carry the family prefix). */
function familyScale(name: string): number {
  switch (name[0]) {
    case 'w':
      return FEATURE_WEIGHTS.word;
    case 'b':
      return FEATURE_WEIGHTS.bigram;
    default:
      return FEATURE_WEIGHTS.char;
  }
}
