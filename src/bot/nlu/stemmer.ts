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

/** Stems one normalised token (Indonesian first, then light English), memoised. */
export function stem(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  let result = word;
  if (word.length > 3 && /^[a-z]+$/.test(word)) {
    const id = sastrawi.stem(word);
    result = id !== word || indonesianRootWords().has(word) ? id : stripEnglishSuffix(word);
  }
  if (cache.size > 200_000) cache.clear();
  cache.set(word, result);
  return result;
}
