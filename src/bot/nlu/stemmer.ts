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
/** Infixes after the first consonant: g-el-embung, g-em-etar, s-er-abut, k-in-erja. */
const INFIX = /^[^aeiou](el|em|er|in)/;
/** natural's suffix rules also remove the foreign derivational suffixes -is, -isme, -isasi. */
const ALL_SUFFIXES = (() => {
  const out = new Set<string>();
  for (const d of ['', 'i', 'kan', 'an', 'is', 'isme', 'isasi'])
    for (const p of ['', 'ku', 'mu', 'nya']) for (const q of ['', 'lah', 'kah', 'tah', 'pun']) out.add(d + p + q);
  return [...out];
})();
/**
 * Every piece Sastrawi's prefix rules remove in one step (natural's
 * prefix_rules.js: plain di/ke/se, ku/kau and the be-/te-/me-/pe- families
 * with their nasal forms), with some spare ones: a superset only costs time.
 */
const PREFIX_PIECES = [
  'di',
  'ke',
  'se',
  'ku',
  'ka',
  'kau',
  'be',
  'ber',
  'bel',
  'bele',
  'te',
  'ter',
  'tel',
  'me',
  'mem',
  'memp',
  'mempe',
  'memper',
  'men',
  'meng',
  'menge',
  'meny',
  'pe',
  'per',
  'pel',
  'pem',
  'pen',
  'peng',
  'penge',
  'peny',
];
/** Nasal forms whose removal may put a letter back (menyapu -> sapu). */
const RECODING: Record<string, string> = { meny: 's', peny: 's', men: 't', pen: 't', mem: 'p', pem: 'p', meng: 'k', peng: 'k' };
const INFIXES = ['el', 'em', 'er', 'in'];
const VOWELS = 'aeiou';

/**
 * A second, tighter quick reject. Sastrawi's rules remove up to three
 * prefixes from PREFIX_PIECES (a nasal may leave its recoded letter: "menyapu"
 * -> "sapu"), infixes after a first consonant ("t-em-uhan" -> "tuhan") and
 * suffix chains; the root is what is left. This walks those steps over the
 * word (the current word is `lead` + word[p..]) and looks the rest up.
 * `mayHaveRoot` tries every cut up to 8 letters, and on typos some short piece
 * is nearly always a root, so Sastrawi ran on about a quarter of unseen words
 * and changed one in twenty. Both checks must pass.
 */
export function sastrawiMayReach(word: string, roots: Set<string>): boolean {
  const ends: number[] = [];
  for (const suffix of ALL_SUFFIXES) if (word.endsWith(suffix)) ends.push(word.length - suffix.length);
  const rootAt = (lead: string, p: number): boolean => {
    for (const end of ends) if (end - p >= 1 && roots.has(lead + word.slice(p, end))) return true;
    return false;
  };
  const walk = (lead: string, p: number, prefixes: number, infixes: number): boolean => {
    if (rootAt(lead, p)) return true;
    // The current word's first letters: lead (zero or one letter) then word[p..].
    const at = (k: number): string => (k < lead.length ? lead[k] : (word[p + k - lead.length] ?? ''));
    if (prefixes < 3) {
      for (const piece of PREFIX_PIECES) {
        let ok = true;
        for (let k = 0; k < piece.length && ok; k++) ok = at(k) === piece[k];
        if (!ok) continue;
        const q = p + piece.length - lead.length;
        if (walk('', q, prefixes + 1, infixes)) return true;
        const recoded = RECODING[piece];
        if (recoded && walk(recoded, q, prefixes + 1, infixes)) return true;
      }
    }
    const first = at(0);
    if (infixes < 2 && first !== '' && !VOWELS.includes(first) && INFIXES.includes(at(1) + at(2))) {
      if (walk(first, p + 3 - lead.length, prefixes, infixes + 1)) return true;
    }
    return false;
  };
  return walk('', 0, 0, 0);
}

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
    const id = mayHaveRoot(word, roots) && sastrawiMayReach(word, roots) ? sastrawi.stem(word) : word;
    result = id !== word || roots.has(word) ? id : stripEnglishSuffix(word);
  }
  if (cache.size > 200_000) cache.clear();
  cache.set(word, result);
  return result;
}
