import { damerauLevenshtein } from '../../common/edit-distance';

const HASH_BASE = 0x01000193;

/** Spreads a polynomial hash over the table's low bits. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}

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
  /** Hash look-up of deletion keys (see `keyOf`); dropped when words are added. */
  private table: Int32Array | null = null;
  private keyHash = new Int32Array(0);
  private keyList: string[] = [];
  private pre = new Int32Array(0);
  private pow = new Int32Array(0);

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
    this.table = null;
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
      for (const d of ds) this.visit(this.index.get(d) ?? -1, query, limit, lookupNo, out);
      return out;
    }
    // The deletions in the order `deletes` first reaches them, without its Set
    // (a deletion reached again only finds words already stamped) and without
    // building their strings: each is found by its hash in `table`.
    const n = query.length;
    this.hashPrefixes(query);
    const { pre, pow } = this;
    const seg = (i: number, j: number) => (pre[j] - Math.imul(pre[i], pow[j - i])) | 0;
    this.visit(this.keyOf(pre[n], query, -1, -1), query, limit, lookupNo, out);
    if (limit === 0 || n <= 1) return out;
    for (let a = 0; a < n; a++) {
      const ha = (Math.imul(pre[a], pow[n - 1 - a]) + seg(a + 1, n)) | 0;
      this.visit(this.keyOf(ha, query, a, -1), query, limit, lookupNo, out);
      // Deleting an earlier position as well was reached under that position's deletion.
      if (limit === 2 && n - 1 > 1) {
        for (let b = a + 1; b < n; b++) {
          const hab = (Math.imul((Math.imul(pre[a], pow[b - a - 1]) + seg(a + 1, b)) | 0, pow[n - 1 - b]) + seg(b + 1, n)) | 0;
          this.visit(this.keyOf(hab, query, a, b), query, limit, lookupNo, out);
        }
      }
    }
    return out;
  }

  /** Polynomial hashes of the query's prefixes (pre[i] = hash of query[0..i)) and the powers of the base. */
  private hashPrefixes(query: string): void {
    if (this.pre.length < query.length + 1) {
      this.pre = new Int32Array(2 * query.length + 2);
      this.pow = new Int32Array(2 * query.length + 2);
    }
    const { pre, pow } = this;
    pow[0] = 1;
    for (let i = 0; i < query.length; i++) {
      pre[i + 1] = (Math.imul(pre[i], HASH_BASE) + query.charCodeAt(i)) | 0;
      pow[i + 1] = Math.imul(pow[i], HASH_BASE);
    }
  }

  /** The number of the key equal to `query` without positions `a` and `b` (-1: none), whose hash is `h`; -1 if absent. */
  private keyOf(h: number, query: string, a: number, b: number): number {
    if (!this.table) this.buildTable();
    const table = this.table as Int32Array;
    const mask = table.length - 1;
    const length = query.length - (a >= 0 ? 1 : 0) - (b >= 0 ? 1 : 0);
    for (let slot = mix(h) & mask; ; slot = (slot + 1) & mask) {
      const k = table[slot] - 1;
      if (k < 0) return -1;
      if (this.keyHash[k] !== h) continue;
      const key = this.keyList[k];
      if (key.length !== length) continue;
      let same = true;
      for (let i = 0, j = 0; i < query.length && same; i++) {
        if (i === a || i === b) continue;
        same = key.charCodeAt(j++) === query.charCodeAt(i);
      }
      if (same) return k;
    }
  }

  /** Open-addressing table from key hashes to key numbers (built on the first look-up). */
  private buildTable(): void {
    const keys = [...this.index.keys()];
    let size = 16;
    while (size < keys.length * 2) size *= 2;
    const table = new Int32Array(size);
    const keyHash = new Int32Array(keys.length);
    for (const key of keys) {
      const k = this.index.get(key) as number;
      let h = 0;
      for (let c = 0; c < key.length; c++) h = (Math.imul(h, HASH_BASE) + key.charCodeAt(c)) | 0;
      keyHash[k] = h;
      let slot = mix(h) & (size - 1);
      while (table[slot] !== 0) slot = (slot + 1) & (size - 1);
      table[slot] = k + 1;
    }
    const keyList: string[] = new Array<string>(keys.length);
    for (const key of keys) keyList[this.index.get(key) as number] = key;
    this.keyList = keyList;
    this.keyHash = keyHash;
    this.table = table;
  }

  /** Checks the words stored under one deletion key. */
  private visit(k: number, query: string, limit: number, lookupNo: number, out: Array<{ word: string; distance: number }>): void {
    if (k < 0) return;
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
