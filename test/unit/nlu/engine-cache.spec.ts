import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KbEntry } from '../../../src/knowledge/kb.types';
import { kbEntry } from '../../support/kb-entry';
import { buildCachedEngine, decodeEngine, encodeEngine, engineCacheKey } from '../../../src/bot/nlu/engine-cache';
import { NluEngine } from '../../../src/bot/nlu/nlu-engine';

const kb = kbEntry;

const entries: KbEntry[] = [
  kb(
    'pbg-biaya',
    'Retribusi PBG',
    ['berapa biaya retribusi PBG', 'cara menghitung retribusi persetujuan bangunan gedung', 'tarif retribusi PBG rumah tinggal', 'How much is the PBG levy?'],
    'Retribusi PBG dihitung dari luas bangunan, indeks terintegrasi dan harga satuan.',
  ),
  kb(
    'jam-layanan',
    'Jam layanan kantor',
    ['jam buka kantor DPMPTSP', 'apakah buka hari sabtu', 'jam operasional loket perizinan', 'What are the opening hours?'],
    'Kantor buka Senin sampai Jumat pukul 08.00-16.00.',
  ),
];

/** Messages with typos, glued words, unseen words, English, an application number. */
const messages = [
  'brp sih retribusi pbg rumah?',
  'retribsui pbgnya brapa',
  'jambuka kantor hari sabtuu',
  'what time does the office open',
  'status PBG/2025/10/00456 gimana',
  'qwertyuiop zxcvb',
  'halo min',
  'tarif retrbusi persetujuan bangunan gedung utk rumah tinggal',
];

describe('engine cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nlu-cache-spec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const built = NluEngine.build({ kbEntries: entries });
  const expected = messages.map((m) => built.classify(m));

  it('an engine restored from its encoded form classifies exactly as the trained one', () => {
    const restored = NluEngine.restore(decodeEngine(encodeEngine(built.toData())), { kbEntries: entries });
    expect(messages.map((m) => restored.classify(m))).toEqual(expected);
    expect(restored.knownLabels).toEqual(built.knownLabels);
  });

  it('trains and writes on the first build, reads the file on the second, with the same results', () => {
    const first = buildCachedEngine({ kbEntries: entries }, dir);
    expect(first.from).toBe('built');
    expect(readdirSync(dir)).toEqual([`${engineCacheKey({ kbEntries: entries })}.bin`]);
    const second = buildCachedEngine({ kbEntries: entries }, dir);
    expect(second.from).toBe('cache');
    expect(messages.map((m) => second.engine.classify(m))).toEqual(expected);
  });

  it('retrains when training content changes, not when only the application-number patterns do', () => {
    const base = engineCacheKey({ kbEntries: entries });
    const edited = entries.map((e, i) => (i === 0 ? { ...e, questions: [...e.questions, 'rumus hitung retribusi pbg'] } : e));
    expect(engineCacheKey({ kbEntries: edited })).not.toBe(base);
    expect(engineCacheKey({ kbEntries: [...entries].reverse() })).not.toBe(base);
    expect(engineCacheKey({ kbEntries: entries, training: { epochs: 3 } })).not.toBe(base);
    expect(engineCacheKey({ kbEntries: entries, appNumberPatterns: ['\\bX-\\d{4}\\b'] })).toBe(base);

    buildCachedEngine({ kbEntries: entries }, dir);
    const custom = buildCachedEngine({ kbEntries: entries, appNumberPatterns: ['\\bX-\\d{4}\\b'] }, dir);
    expect(custom.from).toBe('cache');
    expect(custom.engine.classify('status X-1234').entities.applicationNumbers).toEqual(['X-1234']);
  });

  it('a damaged file is retrained and replaced', () => {
    const { file } = buildCachedEngine({ kbEntries: entries }, dir);
    const whole = readFileSync(file as string);
    writeFileSync(file as string, whole.subarray(0, whole.length >> 1));
    const again = buildCachedEngine({ kbEntries: entries }, dir);
    expect(again.from).toBe('built');
    expect(messages.map((m) => again.engine.classify(m))).toEqual(expected);
    expect(readFileSync(file as string).length).toBe(whole.length);
    expect(buildCachedEngine({ kbEntries: entries }, dir).from).toBe('cache');
  });

  it('a directory that cannot be written only costs the training; an empty one means no cache', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const unwritable = buildCachedEngine({ kbEntries: entries }, join(blocker, 'cache'));
    expect(unwritable.from).toBe('built');
    expect(messages.map((m) => unwritable.engine.classify(m))).toEqual(expected);

    const none = buildCachedEngine({ kbEntries: entries }, '');
    expect(none.from).toBe('built');
    expect(none.file).toBeUndefined();
    expect(existsSync(join(dir, 'cache'))).toBe(false);
  });
});
