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
  /** Deletion -> its posting list's number. */
  private readonly index = new Map<string, number>();
  /** Posting lists while words are added; `freeze` flattens them into start/ids for look-ups. */
  private lists: number[][] | null = [];
  private start: Int32Array = new Int32Array(1);
  private ids: Int32Array = new Int32Array(0);
  private frozen = true;
  private readonly words: string[] = [];
  private readonly wordSet = new Set<string>();
  private stamp = new Uint32Array(0);
  private lookups = 0;

  constructor(private readonly maxDistance = 2) {}

  /** A restored index is flat from the start: one Map entry per deletion, no array per deletion (load time). */
  static fromData(data: DeletionIndexData): DeletionIndex {
    const out = new DeletionIndex(data.maxDistance);
    for (const w of data.words) {
      out.words.push(w);
      out.wordSet.add(w);
    }
    for (let k = 0; k < data.keys.length; k++) out.index.set(data.keys[k], k);
    out.start = data.start;
    out.ids = data.ids;
    out.lists = null;
    return out;
  }

  toData(): DeletionIndexData {
    this.freeze();
    return { maxDistance: this.maxDistance, words: [...this.words], keys: [...this.index.keys()], start: this.start, ids: this.ids };
  }

  private freeze(): void {
    if (this.frozen) return;
    const lists = this.lists as number[][];
    const start = new Int32Array(lists.length + 1);
    for (let k = 0; k < lists.length; k++) start[k + 1] = start[k] + lists[k].length;
    const ids = new Int32Array(start[lists.length]);
    for (let k = 0; k < lists.length; k++) ids.set(lists[k], start[k]);
    this.start = start;
    this.ids = ids;
    this.frozen = true;
  }

  /** Back to growable lists (only when words are added after a restore). */
  private thaw(): number[][] {
    if (!this.lists) {
      const lists: number[][] = [];
      for (let k = 0; k + 1 < this.start.length; k++) lists.push(Array.from(this.ids.subarray(this.start[k], this.start[k + 1])));
      this.lists = lists;
    }
    this.frozen = false;
    return this.lists;
  }

  add(word: string): void {
    if (this.wordSet.has(word)) return;
    const lists = this.thaw();
    const id = this.words.length;
    this.words.push(word);
    this.wordSet.add(word);
    const ds = new Set<string>();
    deletes(word, this.maxDistance, ds);
    for (const d of ds) {
      const k = this.index.get(d);
      if (k !== undefined) lists[k].push(id);
      else {
        this.index.set(d, lists.length);
        lists.push([id]);
      }
    }
  }

  has(word: string): boolean {
    return this.wordSet.has(word);
  }

  /** Vocabulary words within `max` edits of `query`, each with its distance. */
  lookup(query: string, max: number): Array<{ word: string; distance: number }> {
    this.freeze();
    const limit = Math.min(max, this.maxDistance);
    // A word reached through several deletions is checked once: stamped with this look-up's number.
    if (this.stamp.length < this.words.length) this.stamp = new Uint32Array(this.words.length * 2);
    if (this.lookups === 0xffffffff) {
      this.stamp.fill(0);
      this.lookups = 0;
    }
    const lookupNo = ++this.lookups;
    const out: Array<{ word: string; distance: number }> = [];
    if (limit > 2) {
      const ds = new Set<string>();
      deletes(query, limit, ds);
      for (const d of ds) this.visit(d, query, limit, lookupNo, out);
      return out;
    }
    // The deletions in the order `deletes` first reaches them, without its Set:
    // a deletion reached again only finds words already stamped.
    this.visit(query, query, limit, lookupNo, out);
    if (limit === 0 || query.length <= 1) return out;
    for (let a = 0; a < query.length; a++) {
      const d = query.slice(0, a) + query.slice(a + 1);
      this.visit(d, query, limit, lookupNo, out);
      // Deleting an earlier position of d as well was reached under that position's deletion.
      if (limit === 2 && d.length > 1) for (let j = a; j < d.length; j++) this.visit(d.slice(0, j) + d.slice(j + 1), query, limit, lookupNo, out);
    }
    return out;
  }

  /** Checks the words stored under one deletion key. */
  private visit(key: string, query: string, limit: number, lookupNo: number, out: Array<{ word: string; distance: number }>): void {
    const k = this.index.get(key);
    if (k === undefined) return;
    const { start, ids, stamp, words } = this;
    for (let i = start[k], end = start[k + 1]; i < end; i++) {
      const id = ids[i];
      if (stamp[id] === lookupNo) continue;
      stamp[id] = lookupNo;
      const cand = words[id];
      const distance = damerauLevenshtein(query, cand, limit);
      if (distance <= limit) out.push({ word: cand, distance });
    }
  }
}
