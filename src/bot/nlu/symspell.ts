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

/**
 * SymSpell-style symmetric-deletion index: every vocabulary word is stored
 * under all its deletions up to `maxDistance`, so a query only looks up its own
 * deletions instead of scanning the vocabulary (constant time in vocabulary
 * size). Candidates are verified with Damerau-Levenshtein (transpositions
 * count as one edit). Written here rather than taken from mnemonist's SymSpell
 * because the correction rules need every candidate at the minimal distance,
 * not one frequency-ranked suggestion.
 */
export class DeletionIndex {
  private readonly index = new Map<string, string[]>();
  private readonly words = new Set<string>();

  constructor(private readonly maxDistance = 2) {}

  add(word: string): void {
    if (this.words.has(word)) return;
    this.words.add(word);
    const ds = new Set<string>();
    deletes(word, this.maxDistance, ds);
    for (const d of ds) {
      const list = this.index.get(d);
      if (list) list.push(word);
      else this.index.set(d, [word]);
    }
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  /** Vocabulary words within `max` edits of `query`, each with its distance. */
  lookup(query: string, max: number): Array<{ word: string; distance: number }> {
    const limit = Math.min(max, this.maxDistance);
    const ds = new Set<string>();
    deletes(query, limit, ds);
    const seen = new Set<string>();
    const out: Array<{ word: string; distance: number }> = [];
    for (const d of ds) {
      for (const cand of this.index.get(d) ?? []) {
        if (seen.has(cand)) continue;
        seen.add(cand);
        const distance = damerauLevenshtein(query, cand, limit);
        if (distance <= limit) out.push({ word: cand, distance });
      }
    }
    return out;
  }
}
