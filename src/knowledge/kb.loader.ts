import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import type { KbEntry, KbLink, OfficeValues } from './kb.types';
import { loadOfficeValues, placeholderKeys } from './placeholders';

/** Minimum phrasings per entry: retrieval quality drops sharply below this. */
export const MIN_QUESTIONS = 6;

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

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function parseLinks(raw: unknown, file: string): KbLink[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new KnowledgeBaseError(file, "field 'links' must be a list");
  return raw.map((item, i) => {
    if (typeof item === 'string') return { label: item, url: item };
    if (item && typeof item === 'object') {
      const o = item as Record<string, unknown>;
      const url = o.url ?? o.href;
      const label = o.label ?? o.title ?? o.text ?? url;
      if (typeof url === 'string' && typeof label === 'string') return { label, url };
    }
    throw new KnowledgeBaseError(file, `links[${i}] must be a URL string or {label, url}`);
  });
}

/** Parses and checks one file on its own (cross-file checks are in loadKnowledgeBase). */
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
  const o = fm as Record<string, unknown>;

  const requireString = (key: string): string => {
    const v = o[key];
    if (typeof v !== 'string' || v.trim() === '') throw new KnowledgeBaseError(file, `missing required field '${key}'`);
    return v.trim();
  };
  const optionalList = (key: string): string[] => {
    const v = o[key];
    if (v === undefined || v === null) return [];
    if (!isStringArray(v)) throw new KnowledgeBaseError(file, `field '${key}' must be a list of strings`);
    return v;
  };

  const id = requireString('id');
  const title = requireString('title');
  // The answer may live in the front matter or, failing that, in the markdown body.
  const answer = typeof o.answer === 'string' && o.answer.trim() ? o.answer.trim() : (m[2] ?? '').trim();
  if (!answer) throw new KnowledgeBaseError(file, "missing required field 'answer'");
  if (!('questions' in o)) throw new KnowledgeBaseError(file, "missing required field 'questions'");
  const questions = optionalList('questions')
    .map((q) => q.trim())
    .filter((q) => q !== '');
  if (questions.length < MIN_QUESTIONS) throw new KnowledgeBaseError(file, `needs at least ${MIN_QUESTIONS} questions, has ${questions.length}`);
  const answerEnRaw = o.answer_en ?? o.answerEn;
  if (answerEnRaw !== undefined && typeof answerEnRaw !== 'string') throw new KnowledgeBaseError(file, "field 'answer_en' must be a string");

  return {
    id,
    title,
    tags: optionalList('tags'),
    questions,
    answer,
    answerEn: typeof answerEnRaw === 'string' && answerEnRaw.trim() ? answerEnRaw.trim() : undefined,
    links: parseLinks(o.links, file),
    related: optionalList('related'),
    sources: o.sources === undefined ? [] : parseSources(o.sources, file),
    file,
  };
}

function parseSources(raw: unknown, file: string): string[] {
  if (!Array.isArray(raw)) throw new KnowledgeBaseError(file, "field 'sources' must be a list");
  return raw.map((s, i) => {
    if (typeof s === 'string') return s;
    if (s && typeof s === 'object') {
      const o = s as Record<string, unknown>;
      const parts = [o.title ?? o.label ?? o.name, o.url].filter((x) => typeof x === 'string');
      if (parts.length) return parts.join(' — ');
    }
    throw new KnowledgeBaseError(file, `sources[${i}] must be a string or {title, url}`);
  });
}

/** Rejects placeholders that the office config does not define. */
function checkPlaceholders(entry: KbEntry, values: OfficeValues): void {
  const texts: Array<[string, string]> = [
    ['answer', entry.answer],
    ['answer_en', entry.answerEn ?? ''],
    ...entry.links.flatMap((l, i): Array<[string, string]> => [
      [`links[${i}]`, l.url],
      [`links[${i}]`, l.label],
    ]),
  ];
  for (const [field, text] of texts) {
    for (const key of placeholderKeys(text)) {
      if (!values.has(key)) throw new KnowledgeBaseError(entry.file, `unknown placeholder {{${key}}} in ${field} (not defined in the office config)`);
    }
  }
}

/**
 * Loads every `*.md` in `dir` (README.md excepted) and validates the whole set.
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
  for (const entry of entries) {
    const expectedId = basename(entry.file).replace(/\.md$/, '');
    if (entry.id !== expectedId) throw new KnowledgeBaseError(entry.file, `id '${entry.id}' does not match the file name '${expectedId}'`);
    checkPlaceholders(entry, values);
  }
  for (const entry of entries) {
    for (const rel of entry.related) {
      if (!byId.has(rel)) throw new KnowledgeBaseError(entry.file, `related id '${rel}' does not exist`);
      if (rel === entry.id) throw new KnowledgeBaseError(entry.file, 'an entry cannot be related to itself');
    }
  }
  return entries;
}
