import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../../common/paths';
import { DEFAULT_SLANG_FILE, DEFAULT_STOPWORDS_FILE, DEFAULT_GLOSS_FILE, DEFAULT_INTENTS_FILE, DEFAULT_PHRASINGS_FILE } from './lexicon-files';
import { NluEngine, type NluBuildOptions, type NluEngineData } from './nlu-engine';

/**
 * Trained engines on disk. Training takes about a second of CPU (more on a
 * busy machine) and is the same every time for the same inputs, so the
 * trained state is written to `<dir>/<key>.bin` and read back in a few
 * milliseconds. The key is a SHA-256 of everything training reads: the
 * knowledge-base entries, the resource files, the training options, the
 * engine's own source files (a code change retrains) and the version of
 * natural (its Sastrawi root dictionary). Calibration, tuning and
 * application-number patterns are applied after loading, as after a build,
 * so changing them needs no retraining.
 */
export const DEFAULT_NLU_CACHE_DIR = projectPath('node_modules', '.cache', 'sipinter-nlu');
/** Cache files kept (newest by modification time): the published knowledge base and a few recent draft sets. */
const KEEP_FILES = 8;
const MAGIC = 'NLU1';
const CACHE_FILE = /^[0-9a-f]{64}\.bin$/;

/** The engine's source (.ts under swc-node / jest, .js under dist), read once per process. */
let codeHash: string | undefined;
function engineCodeHash(): string {
  if (codeHash) return codeHash;
  const h = createHash('sha256');
  const files = readdirSync(__dirname)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .sort();
  for (const f of files)
    h.update(f)
      .update('\0')
      .update(readFileSync(join(__dirname, f)))
      .update('\0');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  h.update(`natural@${(require('natural/package.json') as { version: string }).version}`);
  codeHash = h.digest('hex');
  return codeHash;
}

/** The content hash of everything `NluEngine.build(opts)` trains from. */
export function engineCacheKey(opts: NluBuildOptions): string {
  const h = createHash('sha256');
  h.update(MAGIC).update(engineCodeHash());
  for (const file of [
    opts.intentsFile ?? DEFAULT_INTENTS_FILE,
    opts.phrasingsFile ?? DEFAULT_PHRASINGS_FILE,
    opts.slangFile ?? DEFAULT_SLANG_FILE,
    opts.glossFile ?? DEFAULT_GLOSS_FILE,
    opts.stopwordsFile ?? DEFAULT_STOPWORDS_FILE,
  ])
    h.update('\0').update(readFileSync(file));
  // The order of the entries is part of the key: the labels are numbered in it and ties break by it.
  h.update('\0').update(JSON.stringify(opts.kbEntries));
  h.update('\0').update(JSON.stringify(opts.training ?? {}));
  return h.digest('hex');
}

type Typed = Float32Array | Int32Array;

/**
 * One file: "NLU1", the header length (uint32 LE), a JSON header (the strings
 * and shapes), then the typed arrays, each starting at a multiple of 8. Large
 * string lists (feature names, deletion keys) are joined by "\n": one JSON
 * string parses much faster than tens of thousands.
 */
export function encodeEngine(data: NluEngineData): Buffer {
  const arrays: Array<[string, Typed]> = [
    ['typo.start', data.normaliser.typo.start],
    ['typo.ids', data.normaliser.typo.ids],
    ['space.idf', data.space.idf],
    ['space.scale', data.space.scale],
    ['model.w', data.model.w],
    ['model.bias', data.model.bias],
    ['retrieval.start', data.retrieval.start],
    ['retrieval.docs', data.retrieval.docs],
    ['retrieval.vals', data.retrieval.vals],
    ['retrieval.labels', data.retrieval.labels],
  ];
  const joined = (list: string[]) => {
    if (list.some((s) => s.includes('\n'))) throw new Error('engine cache: a name contains a line break');
    return list.join('\n');
  };
  const header = {
    labels: data.labels,
    vocab: data.normaliser.vocab,
    counts: data.normaliser.counts,
    english: data.normaliser.english,
    typo: { maxDistance: data.normaliser.typo.maxDistance, words: data.normaliser.typo.words, keys: joined(data.normaliser.typo.keys) },
    names: joined(data.space.names),
    model: { dims: data.model.dims, classes: data.model.classes },
    labelCount: data.retrieval.labelCount,
    stems: { words: joined(data.stems.words), stems: joined(data.stems.stems) },
    arrays: arrays.map(([name, a]) => [name, a instanceof Float32Array ? 'f32' : 'i32', a.length]),
  };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (n: number) => (8 - (n % 8)) % 8;
  const parts: Buffer[] = [Buffer.from(MAGIC, 'latin1'), Buffer.alloc(4), head, Buffer.alloc(pad(8 + head.length))];
  parts[1].writeUInt32LE(head.length);
  for (const [, a] of arrays) {
    parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.alloc(pad(a.byteLength)));
  }
  return Buffer.concat(parts);
}

export function decodeEngine(file: Buffer): NluEngineData {
  if (file.length < 8 || file.toString('latin1', 0, 4) !== MAGIC) throw new Error('engine cache: not an engine file');
  const headLength = file.readUInt32LE(4);
  const header = JSON.parse(file.toString('utf8', 8, 8 + headLength)) as {
    labels: string[];
    vocab: string[];
    counts: number[];
    english: string[];
    typo: { maxDistance: number; words: string[]; keys: string };
    names: string;
    model: { dims: number; classes: number };
    labelCount: number;
    stems: { words: string; stems: string };
    arrays: Array<[string, 'f32' | 'i32', number]>;
  };
  // A copy with its own ArrayBuffer: the typed arrays below need aligned offsets.
  const buf = new Uint8Array(file).buffer;
  let at = 8 + headLength;
  at += (8 - (at % 8)) % 8;
  const arrays = new Map<string, Typed>();
  for (const [name, type, length] of header.arrays) {
    const bytes = length * 4;
    if (at + bytes > buf.byteLength) throw new Error('engine cache: file is truncated');
    arrays.set(name, type === 'f32' ? new Float32Array(buf, at, length) : new Int32Array(buf, at, length));
    at += bytes + ((8 - (bytes % 8)) % 8);
  }
  const f32 = (name: string) => arrays.get(name) as Float32Array;
  const i32 = (name: string) => arrays.get(name) as Int32Array;
  const split = (s: string) => (s === '' ? [] : s.split('\n'));
  return {
    labels: header.labels,
    normaliser: {
      vocab: header.vocab,
      counts: header.counts,
      english: header.english,
      typo: { maxDistance: header.typo.maxDistance, words: header.typo.words, keys: split(header.typo.keys), start: i32('typo.start'), ids: i32('typo.ids') },
    },
    space: { names: split(header.names), idf: f32('space.idf'), scale: f32('space.scale') },
    model: { ...header.model, w: f32('model.w'), bias: f32('model.bias') },
    stems: { words: split(header.stems.words), stems: split(header.stems.stems) },
    retrieval: {
      labelCount: header.labelCount,
      start: i32('retrieval.start'),
      docs: i32('retrieval.docs'),
      vals: f32('retrieval.vals'),
      labels: i32('retrieval.labels'),
    },
  };
}

export interface CachedBuild {
  engine: NluEngine;
  /** `cache`: read from disk; `built`: trained (and written, unless the directory is not writable). */
  from: 'cache' | 'built';
  file?: string;
}

/**
 * `NluEngine.build(opts)`, read from `cacheDir` when the same inputs were
 * trained before. An unreadable or damaged file is retrained and rewritten;
 * a directory that cannot be written only costs the training. `cacheDir`
 * '' means no disk cache.
 */
export function buildCachedEngine(opts: NluBuildOptions, cacheDir: string = process.env.NLU_CACHE_DIR ?? DEFAULT_NLU_CACHE_DIR): CachedBuild {
  if (!cacheDir) return { engine: NluEngine.build(opts), from: 'built' };
  const file = join(cacheDir, `${engineCacheKey(opts)}.bin`);
  try {
    const engine = NluEngine.restore(decodeEngine(readFileSync(file)), opts);
    // Touched so that pruning keeps the engines in use.
    const now = new Date();
    utimesSync(file, now, now);
    return { engine, from: 'cache', file };
  } catch {
    // Not there yet (or damaged): train and write it.
  }
  const engine = NluEngine.build(opts);
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Written beside and renamed: a reader never sees half a file.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, encodeEngine(engine.toData()));
    renameSync(tmp, file);
    prune(cacheDir);
  } catch {
    // A read-only install trains at every start; nothing else is lost.
  }
  return { engine, from: 'built', file };
}

/** Keeps the newest KEEP_FILES engines (each knowledge-base edit makes a new key). */
function prune(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => CACHE_FILE.test(f))
    .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { f } of files.slice(KEEP_FILES)) unlinkSync(join(dir, f));
}
