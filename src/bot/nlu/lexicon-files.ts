import { readFileSync } from 'node:fs';
import { projectPath } from '../../common/paths';

/** Slang token -> replacement tokens (empty array = drop the token). */
export type SlangLexicon = Map<string, string[]>;

export const DEFAULT_SLANG_FILE = projectPath('resources', 'nlu', 'slang-id.tsv');
export const DEFAULT_STOPWORDS_FILE = projectPath('resources', 'nlu', 'stopwords-id.txt');
/** English content words -> Indonesian glosses (same `word<TAB>words` format as the slang lexicon). */
export const DEFAULT_GLOSS_FILE = projectPath('resources', 'nlu', 'gloss-en.tsv');
export const DEFAULT_INTENTS_FILE = projectPath('resources', 'nlu', 'intents.yaml');
/** Extra phrasings of knowledge-base topics (English, contrastive pairs), beside the KB's own questions. */
export const DEFAULT_PHRASINGS_FILE = projectPath('resources', 'nlu', 'phrasings.yaml');

function dataLines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
}

/** Parses `slang<TAB>replacement` lines; the replacement may be empty or several words. */
export function parseSlangLexicon(text: string): SlangLexicon {
  const lexicon: SlangLexicon = new Map();
  for (const line of dataLines(text)) {
    const [key, value = ''] = line.split('\t');
    const slang = key.trim().toLowerCase();
    if (!slang) continue;
    lexicon.set(
      slang,
      value
        .trim()
        .toLowerCase()
        .split(/\s+/)
        .filter((w) => w !== ''),
    );
  }
  return lexicon;
}

export function loadSlangLexicon(file = DEFAULT_SLANG_FILE): SlangLexicon {
  return parseSlangLexicon(readFileSync(file, 'utf8'));
}

export function loadStopwords(file = DEFAULT_STOPWORDS_FILE): Set<string> {
  return new Set(dataLines(readFileSync(file, 'utf8')).map((w) => w.trim().toLowerCase()));
}

let rootWords: Set<string> | undefined;

/**
 * The ~28k Indonesian root words shipped with natural's Sastrawi port. Used to
 * tell a legit word from a typo or glued words, so the fuzzy matcher never
 * "corrects" a real word. Loaded once per process.
 */
export function indonesianRootWords(): Set<string> {
  if (!rootWords) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const list = require('natural/lib/natural/stemmers/indonesian/data/kata-dasar.json') as string[];
    rootWords = new Set(list.filter((w) => w && !w.includes(' ')));
  }
  return rootWords;
}
