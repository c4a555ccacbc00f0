import { damerauLevenshtein } from '../../common/edit-distance';

/** All strings reachable from `word` by deleting up to `max` characters (including `word`). */
function deletes(word: string, max: number, out: Set<string>): void {
  out.add(word);
  if (max === 0 || word.length <= 1) return;
  for (let i = 0; i < word.length; i++) {
    const d = word.slice(0, i) + word.slice(i + 1);
    if (!out.has(d)) deletes(d, max - 1, out);
  }
}

/** The index in flat form (engine-cache.ts writes it to disk): deletion keys, and per key its word ids in CSR form. */
export interface DeletionIndexData {
  maxDistance: number;
  words: string[];
  keys: string[];
  /** Key k's word ids are ids[start[k]..start[k+1]). */
  start: Int32Array;
  ids: Int32Array;
}

/**
 * SymSpell-style symmetric-deletion index: every vocabulary word is stored
 * under all its deletions up to `maxDistance`, so a query only looks up its own
 * deletions instead of scanning the vocabulary (constant time in vocabulary
 * size). Candidates are verified with Damerau-Levenshtein (transpositions
 * count as one edit). Written here rather than taken from mnemonist's SymSpell
 * because the correction rules need every candidate at the minimal distance,
 * not one frequency-ranked suggestion.
 *
 * Postings hold word ids in the order the words were added: look-ups return
 * candidates in that order, and the corrector's ties depend on it, so a
 * restored index (`fromData`) must keep it.
 */
export class DeletionIndex {
  private readonly index = new Map<string, ArrayLike<number> & { length: number }>();
  private readonly words: string[] = [];
  private readonly wordSet = new Set<string>();

  constructor(private readonly maxDistance = 2) {}

  static fromData(data: DeletionIndexData): DeletionIndex {
    const out = new DeletionIndex(data.maxDistance);
    for (const w of data.words) {
      out.words.push(w);
      out.wordSet.add(w);
    }
    // Views into one buffer: no per-key array is allocated at load.
    for (let k = 0; k < data.keys.length; k++) out.index.set(data.keys[k], data.ids.subarray(data.start[k], data.start[k + 1]));
    return out;
  }

  toData(): DeletionIndexData {
    const keys = [...this.index.keys()];
    const start = new Int32Array(keys.length + 1);
    let total = 0;
    keys.forEach((k, i) => {
      total += (this.index.get(k) as ArrayLike<number>).length;
      start[i + 1] = total;
    });
    const ids = new Int32Array(total);
    keys.forEach((k, i) => ids.set(this.index.get(k) as ArrayLike<number>, start[i]));
    return { maxDistance: this.maxDistance, words: [...this.words], keys, start, ids };
  }

  add(word: string): void {
    if (this.wordSet.has(word)) return;
    const id = this.words.length;
    this.words.push(word);
    this.wordSet.add(word);
    const ds = new Set<string>();
    deletes(word, this.maxDistance, ds);
    for (const d of ds) {
      const list = this.index.get(d);
      if (list) (list as number[]).push(id);
      else this.index.set(d, [id]);
    }
  }

  has(word: string): boolean {
    return this.wordSet.has(word);
  }

  /** Vocabulary words within `max` edits of `query`, each with its distance. */
  lookup(query: string, max: number): Array<{ word: string; distance: number }> {
    const limit = Math.min(max, this.maxDistance);
    const ds = new Set<string>();
    deletes(query, limit, ds);
    const seen = new Set<number>();
    const out: Array<{ word: string; distance: number }> = [];
    for (const d of ds) {
      const list = this.index.get(d);
      if (!list) continue;
      for (let i = 0; i < list.length; i++) {
        const id = list[i];
        if (seen.has(id)) continue;
        seen.add(id);
        const cand = this.words[id];
        const distance = damerauLevenshtein(query, cand, limit);
        if (distance <= limit) out.push({ word: cand, distance });
      }
    }
    return out;
  }
}
