import { indonesianRootWords } from './lexicon-files';

// natural's Indonesian (Sastrawi) stemmer, required directly: `require('natural')`
// loads every module (≈1 s) and its dotenv banner would pollute CLI stdout.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sastrawi = require('natural/lib/natural/stemmers/indonesian/stemmer_id') as { stem(word: string): string };

const cache = new Map<string, string>();

/**
 * Light English suffix stripping for words the Indonesian stemmer left alone,
 * so "documents"/"document" and "uploading"/"upload" meet. Applied the same way
 * to training and query text, so consistency matters more than linguistics.
 */
function stripEnglishSuffix(word: string): string {
  if (!/^[a-z]+$/.test(word) || word.length < 5) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length >= 6) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length >= 6) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/** Letters a nasal prefix replaces at the start of a root (meNulis <- tulis, meMukul <- pukul, meNYapu <- sapu, meNGirim <- kirim). */
const RECODED = ['p', 't', 's', 'k'];
/** Sastrawi's suffixes: derivational (i, kan, an) then possessive (ku, mu, nya) then particles (lah, kah, tah, pun). */
const SUFFIXES = (() => {
  const out = new Set<string>();
  for (const d of ['', 'i', 'kan', 'an']) for (const p of ['', 'ku', 'mu', 'nya']) for (const q of ['', 'lah', 'kah', 'tah', 'pun']) out.add(d + p + q);
  return [...out];
})();
const PREFIX_START = /^(di|ke|se|me|be|pe|te|ku|kau)/;
/** natural's suffix rules also remove the foreign derivational suffixes -is, -isme, -isasi. */
const ALL_SUFFIXES = (() => {
  const out = new Set<string>();
  for (const d of ['', 'i', 'kan', 'an', 'is', 'isme', 'isasi']) for (const p of ['', 'ku', 'mu', 'nya']) for (const q of ['', 'lah', 'kah', 'tah', 'pun']) out.add(d + p + q);
  return [...out];
})();
/**
 * Every piece Sastrawi's prefix rules remove in one step (natural's
 * prefix_rules.js: plain di/ke/se, ku/kau and the be-/te-/me-/pe- families
 * with their nasal forms), with some spare ones: a superset only costs time.
 */
const PREFIX_PIECES = ['di', 'ke', 'se', 'ku', 'ka', 'kau', 'be', 'ber', 'bel', 'bele', 'te', 'ter', 'tel', 'me', 'mem', 'memp', 'mempe', 'memper', 'men', 'meng', 'menge', 'meny', 'pe', 'per', 'pel', 'pem', 'pen', 'peng', 'penge', 'peny'];
/** Nasal forms whose removal puts a letter back (menyapu -> sapu): the next piece may start with that letter, unwritten. */
const RECODING: Record<string, string> = { meny: 's', peny: 's', men: 't', pen: 't', mem: 'p', pem: 'p', meng: 'k', peng: 'k' };
/** What up to three prefix removals can take off the start of a word (at most 8 letters). */
const PREFIX_CHAINS = (() => {
  const out = new Set<string>();
  const grow = (chain: string, last: string, depth: number) => {
    if (depth === 3) return;
    for (const p of PREFIX_PIECES) {
      // penyelesaian: peny -> s, then se- is removed from "selesaian".
      const pieces = RECODING[last] === p[0] ? [p, p.slice(1)] : [p];
      for (const piece of pieces) {
        const next = chain + piece;
        if (next.length > 8) continue;
        out.add(next);
        grow(next, p, depth + 1);
      }
    }
  };
  grow('', '', 0);
  return out;
})();

/**
 * A second, tighter quick reject: a root can only start where a chain of
 * Sastrawi's prefixes ends (or after an infix there), and end before one of
 * its suffix chains. `mayHaveRoot` tries every cut up to 8 letters, and on
 * typos some short piece is nearly always a root, so Sastrawi ran on about a
 * quarter of unseen words and changed one in twenty. Both must pass.
 */
export function sastrawiMayReach(word: string, roots: Set<string>): boolean {
  const n = word.length;
  const cuts = [0];
  if (PREFIX_START.test(word)) for (let i = 2; i <= Math.min(8, n - 2); i++) if (PREFIX_CHAINS.has(word.slice(0, i))) cuts.push(i);
  for (const suffix of ALL_SUFFIXES) {
    if (!word.endsWith(suffix)) continue;
    const end = n - suffix.length;
    for (const cut of cuts) {
      if (end - cut < 2) continue;
      const piece = word.slice(cut, end);
      if (roots.has(piece)) return true;
      if (INFIX.test(piece) && roots.has(piece[0] + piece.slice(3))) return true;
      if (cut === 0) continue;
      for (const c of RECODED) {
        if (roots.has(c + piece)) return true;
        // A recoded letter before an infix (pen-t-em-awan -> tawan).
        if (INFIX.test(c + piece) && roots.has(c + piece.slice(2))) return true;
      }
    }
  }
  return false;
}
/** Infixes after the first consonant: g-el-embung, g-em-etar, s-er-abut, k-in-erja. */
const INFIX = /^[^aeiou](el|em|er|in)/;

/**
 * Quick reject before Sastrawi: it only ever changes a word into a root of its
 * dictionary, by removing Sastrawi's suffixes and up to three prefixes (each
 * starting di/ke/se/me/be/pe/te/ku/kau, or an infix, at most ~8 letters together, a nasal possibly
 * recoded back to p/t/s/k). When no such piece of the word is a root, Sastrawi
 * would return the word unchanged, so it is not run: on made-up words and
 * typos it tries dozens of rule chains (≈0.3 ms a word), which was most of the
 * classification time on unseen text.
 */
export function mayHaveRoot(word: string, roots: Set<string>): boolean {
  const n = word.length;
  const prefixed = PREFIX_START.test(word);
  for (const suffix of SUFFIXES) {
    if (!word.endsWith(suffix)) continue;
    const end = n - suffix.length;
    if (roots.has(word.slice(0, end))) return true;
    if (INFIX.test(word) && roots.has(word[0] + word.slice(3, end))) return true;
    if (!prefixed) continue;
    for (let i = 1; i <= Math.min(8, end - 2); i++) {
      const piece = word.slice(i, end);
      if (roots.has(piece)) return true;
      for (const c of RECODED) if (roots.has(c + piece)) return true;
    }
  }
  return false;
}

/**
 * The memo as parallel lists (at most `max` entries), for engine-cache.ts:
 * an engine restored from disk has not stemmed its training words in this
 * process, and Sastrawi on a word it has not seen costs ~0.1 ms.
 */
export function stemMemo(max = 50_000): { words: string[]; stems: string[] } {
  const words: string[] = [];
  const stems: string[] = [];
  for (const [w, s] of cache) {
    if (words.length >= max) break;
    words.push(w);
    stems.push(s);
  }
  return { words, stems };
}

/** Pre-fills the memo (stemming is a pure function of the word: only the time changes). */
export function preloadStems(words: string[], stems: string[]): void {
  for (let i = 0; i < words.length; i++) if (!cache.has(words[i])) cache.set(words[i], stems[i]);
}

/** Stems one normalised token (Indonesian first, then light English), memoised. */
export function stem(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  let result = word;
  if (word.length > 3 && /^[a-z]+$/.test(word)) {
    const roots = indonesianRootWords();
    const id = sastrawiMayReach(word, roots) && mayHaveRoot(word, roots) ? sastrawi.stem(word) : word;
    result = id !== word || roots.has(word) ? id : stripEnglishSuffix(word);
  }
  if (cache.size > 200_000) cache.clear();
  cache.set(word, result);
  return result;
}
