import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import type { KbEntry } from './kb.types';
import { filePictures } from './kb-pictures';
import { checkAgainst, validateEntryFields } from './kb.validation';
import { loadOfficeValues } from './placeholders';

export { MIN_QUESTIONS } from './kb.validation';

export class KnowledgeBaseError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'KnowledgeBaseError';
  }
}

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n([\s\S]*))?$/;

/** Parses and checks one file on its own (cross-file checks are in loadKnowledgeBase); the rules are kb.validation's. */
export function parseKbFile(file: string, content: string): KbEntry {
  const m = FRONT_MATTER.exec(content);
  if (!m) throw new KnowledgeBaseError(file, 'missing YAML front matter (--- … ---)');
  let fm: unknown;
  try {
    fm = parse(m[1]);
  } catch (err) {
    throw new KnowledgeBaseError(file, `front matter is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!fm || typeof fm !== 'object' || Array.isArray(fm)) throw new KnowledgeBaseError(file, 'front matter must be a YAML mapping');
  const { content: entry, issues } = validateEntryFields(fm as Record<string, unknown>, m[2] ?? '');
  if (issues.length) throw new KnowledgeBaseError(file, issues[0].en);
  return { ...entry, file };
}

/**
 * Loads every `*.md` in `dir` (README.md excepted) and validates the whole set
 * (pictures must be in `dir`/media/).
 * Throws a KnowledgeBaseError naming the file and the problem on the first
 * problem found, so a broken knowledge base stops the hub at start-up.
 */
export function loadKnowledgeBase(dir: string, officeConfigPath: string): KbEntry[] {
  const values = loadOfficeValues(officeConfigPath);
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((f) => f.endsWith('.md') && f.toLowerCase() !== 'readme.md')
      .sort();
  } catch (err) {
    throw new KnowledgeBaseError(dir, `cannot read knowledge-base directory: ${(err as Error).message}`);
  }
  const entries = names.map((name) => {
    const file = join(dir, name);
    return parseKbFile(file, readFileSync(file, 'utf8'));
  });
  // Duplicates are checked over the whole set before file names, so a copied
  // file reports "duplicate id" whichever of the two sorts first.
  const byId = new Map<string, KbEntry>();
  for (const entry of entries) {
    const dup = byId.get(entry.id);
    if (dup) throw new KnowledgeBaseError(entry.file, `duplicate id '${entry.id}' (also in ${dup.file})`);
    byId.set(entry.id, entry);
  }
  const officeKeys = new Set(values.keys());
  const ids = new Set(byId.keys());
  // Pictures ship beside the files, in knowledge-base/media/, named by their content hash.
  const pictures = filePictures(dir);
  for (const entry of entries) {
    const expectedId = basename(entry.file).replace(/\.md$/, '');
    if (entry.id !== expectedId) throw new KnowledgeBaseError(entry.file, `id '${entry.id}' does not match the file name '${expectedId}'`);
    const problems = checkAgainst(entry, ids, officeKeys, pictures);
    if (problems.length) throw new KnowledgeBaseError(entry.file, problems[0].en);
  }
  return entries;
}
