/**
 * NLU benchmark: our engine vs node-nlp (nlp.js) and natural, on data none of
 * them is trained on:
 *
 *   node -r @swc-node/register bench/nlu.ts
 *
 * Columns: the held-out report set (REPORT_FILE in src/bot/nlu/labelled-files.ts,
 * never used for fitting or tuning: the held-out figure), then the tuning sets
 * (TUNING_FILES, newest first: their failures were tuned on) and dev.jsonl.
 * Our calibration is fitted on all tuning sets, so for those our figure is
 * 10-fold cross-validated (each fold judged by a calibration fitted without
 * it, with the other files as extra data). All engines learn from the
 * same data: the knowledge-base questions, resources/nlu/intents.yaml and
 * resources/nlu/phrasings.yaml. Throughput is measured on unique texts with
 * words the engine has never seen (no cache hits), as CPU time of this process
 * (the machine may be shared) and as wall time. Start-up is measured cold
 * (training, no engine cache) and warm (the trained engine read from the
 * engine cache), in this process and as whole `bot:classify` runs. The last
 * line is one JSON object with the figures.
 *
 *   node -r @swc-node/register bench/nlu.ts --speed   (speed figures only, no other engines)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectPath } from '../src/common/paths';
import { loadKnowledgeBase } from '../src/knowledge/kb.loader';
import { calibrationPoints, crossValidate, scoreAll } from '../src/bot/nlu/cross-validation';
import { DEFAULT_KB_DIR, DEFAULT_OFFICE_CONFIG, loadTopicIds } from '../src/bot/nlu/default-engine';
import { evaluate, type EvalReport, type LabelledMessage } from '../src/bot/nlu/evaluation';
import { DEV_FILE, HELDOUT_FILE, REPORT_FILE, TUNING_FILES, loadLabelled } from '../src/bot/nlu/labelled-files';
import { loadIntentExamples } from '../src/bot/nlu/intents-file';
import { DEFAULT_INTENTS_FILE, DEFAULT_PHRASINGS_FILE } from '../src/bot/nlu/lexicon-files';
import { buildCachedEngine } from '../src/bot/nlu/engine-cache';
import { NluEngine } from '../src/bot/nlu/nlu-engine';

/** node-nlp answers below this score are treated as a fallback (its own default is 0.5). */
const NODE_NLP_THRESHOLD = 0.5;

interface NodeNlpManager {
  addDocument(lang: string, text: string, intent: string): void;
  train(): Promise<void>;
  process(lang: string, text: string): Promise<{ intent: string; score: number }>;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

async function nodeNlpPredictions(
  items: LabelledMessage[],
  trainingDocs: Array<[text: string, label: string]>,
): Promise<{ results: Array<{ intent: string; score: number }>; trainMs: number }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { NlpManager } = require('node-nlp') as { NlpManager: new (opts: object) => NodeNlpManager };
  const manager = new NlpManager({ languages: ['id'], nlu: { log: false }, autoSave: false, autoLoad: false });
  for (const [text, label] of trainingDocs) manager.addDocument('id', text, label);
  const t0 = performance.now();
  await manager.train();
  const trainMs = performance.now() - t0;
  const results: Array<{ intent: string; score: number }> = [];
  for (const item of items) results.push(await manager.process('id', item.text));
  return { results, trainMs };
}

interface NaturalBayes {
  addDocument(text: string, label: string): void;
  train(): void;
  getClassifications(text: string): Array<{ label: string; value: number }>;
}

/** natural's naive Bayes on the same documents; answers when its top share of probability mass is >= threshold. */
function naturalPredictor(docs: Array<[string, string]>): (text: string) => string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const natural = require('natural') as { BayesClassifier: new () => NaturalBayes };
  const c = new natural.BayesClassifier();
  for (const [text, label] of docs) c.addDocument(text, label);
  c.train();
  return (text) => {
    const cls = c.getClassifications(text);
    const sum = cls.reduce((a, x) => a + x.value, 0) || 1;
    return cls[0] && cls[0].value / sum >= 0.5 ? cls[0].label : 'fallback';
  };
}

/** A unique text with words nobody has seen: a real message, a typo in one word, and a made-up token. */
function uniqueTexts(base: LabelledMessage[], n: number): string[] {
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 4294967296;
  };
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const words = base[i % base.length].text.split(/\s+/);
    const w = Math.floor(rand() * words.length);
    const word = words[w];
    if (word.length > 3) {
      const p = 1 + Math.floor(rand() * (word.length - 2));
      words[w] = word.slice(0, p) + letters[Math.floor(rand() * 26)] + word.slice(p + 1);
    }
    let made = '';
    for (let k = 0; k < 5 + (i % 4); k++) made += letters[Math.floor(rand() * 26)];
    words.splice(Math.floor(rand() * words.length), 0, `${made}${i.toString(36)}`);
    out.push(words.join(' '));
  }
  return out;
}

/** CPU milliseconds (user + system) of this process while `f` runs, and wall milliseconds. */
function timed(f: () => void): { cpuMs: number; wallMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  f();
  const c = process.cpuUsage(c0);
  return { cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0 };
}

/** Wall milliseconds of one `bot:classify` run on an empty input (node, TypeScript register, KB, engine). */
function cliStartMs(cacheDir: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', projectPath('src', 'bot', 'cli', 'classify.ts')], {
    cwd: projectPath(),
    input: '',
    env: { ...process.env, NLU_CACHE_DIR: cacheDir },
  });
  if (r.status !== 0) throw new Error(`bot:classify failed: ${r.stderr.toString()}`);
  return performance.now() - t0;
}

interface SpeedFigures {
  texts: number;
  perSecCpu: number;
  perSecWall: number;
  cpuMsPerText: number;
  buildCold: { cpuMs: number; wallMs: number };
  buildWarm: { cpuMs: number; wallMs: number };
  cliCold: number;
  cliWarm: number;
  nsPerOp: number;
}

/**
 * Throughput on one core, unique texts with unseen words (no memo hits), of
 * an engine read from the engine cache (as bot:classify and the hub get it);
 * start-up cold and warm. Run before anything else classifies, so no memo is
 * warmed by the accuracy runs.
 */
function speed(kbEntries: ReturnType<typeof loadKnowledgeBase>, reportedLabels: string[], base: LabelledMessage[]): SpeedFigures {
  const cacheDir = mkdtempSync(join(tmpdir(), 'nlu-cache-'));
  try {
    let engine!: NluEngine;
    // Cold: the first build also pays for loading the lexicons and root dictionary (what a first start sees).
    const buildCold = timed(() => (engine = buildCachedEngine({ kbEntries, reportedLabels }, cacheDir).engine));
    const buildWarm = timed(() => (engine = buildCachedEngine({ kbEntries, reportedLabels }, cacheDir).engine));
    const texts = uniqueTexts(base, 20_000);
    if (new Set(texts).size !== texts.length) throw new Error('bench: texts are not unique');
    const run = timed(() => {
      for (const t of texts) engine.classify(t);
    });
    const cliDir = mkdtempSync(join(tmpdir(), 'nlu-cache-'));
    const cliCold = cliStartMs(cliDir);
    const cliWarm = cliStartMs(cliDir);
    rmSync(cliDir, { recursive: true, force: true });
    // A fixed loop of float additions: how fast this machine is right now (about 0.5 ns on an idle modern core).
    const ref = new Float64Array(1000);
    const refRun = timed(() => {
      for (let r = 0; r < 20_000; r++) for (let i = 0; i < 1000; i++) ref[i] += i * 0.5;
    });
    return {
      texts: texts.length,
      perSecCpu: texts.length / (run.cpuMs / 1000),
      perSecWall: texts.length / (run.wallMs / 1000),
      cpuMsPerText: run.cpuMs / texts.length,
      buildCold,
      buildWarm,
      cliCold,
      cliWarm,
      nsPerOp: (refRun.cpuMs * 1e6) / 2e7,
    };
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

function speedLines(f: SpeedFigures): string[] {
  return [
    `ours: throughput ${Math.round(f.perSecCpu)} classifications/s by CPU time (${(f.cpuMsPerText * 1000).toFixed(0)} µs CPU each), ${Math.round(f.perSecWall)}/s by wall time (single core, ${f.texts} unique texts with unseen words)`,
    `ours: engine start-up cold (training) ${f.buildCold.cpuMs.toFixed(0)} ms CPU (${f.buildCold.wallMs.toFixed(0)} ms wall), warm (engine cache) ${f.buildWarm.cpuMs.toFixed(0)} ms CPU (${f.buildWarm.wallMs.toFixed(0)} ms wall)`,
    `ours: bot:classify start-up (node, register, KB, engine; empty input) cold ${f.cliCold.toFixed(0)} ms wall, warm ${f.cliWarm.toFixed(0)} ms wall`,
    `machine: ${f.nsPerOp.toFixed(2)} ns CPU per float addition in a tight loop (≈0.5 on an idle modern core; higher means a slow or shared machine)`,
  ];
}

function speedJson(f: SpeedFigures): object {
  return {
    msgsPerSecCpu: Math.round(f.perSecCpu),
    msgsPerSecWall: Math.round(f.perSecWall),
    cpuMsPerClassification: round(f.cpuMsPerText),
    startup: {
      coldCpuMs: Math.round(f.buildCold.cpuMs),
      warmCpuMs: Math.round(f.buildWarm.cpuMs),
      cliColdWallMs: Math.round(f.cliCold),
      cliWarmWallMs: Math.round(f.cliWarm),
    },
    nsPerFloatAdd: round(f.nsPerOp),
  };
}

async function main(): Promise<void> {
  // natural loads dotenv, whose banner would otherwise land among the figures.
  process.env.DOTENV_CONFIG_QUIET ??= 'true';
  const dev = loadLabelled(DEV_FILE);
  const own = loadLabelled(HELDOUT_FILE);
  const report = loadLabelled(REPORT_FILE);
  // Every tuning file, newest first (dev last), each judged by 10-fold CV as `npm run bot:cv` does.
  const tuningFiles = [...TUNING_FILES.filter((f) => f !== DEV_FILE).reverse(), DEV_FILE];
  const tuningSets = tuningFiles.map((f) => ({
    name: f === DEV_FILE ? 'dev' : basename(f, '.jsonl').replace(/^heldout-/, ''),
    file: f,
    items: loadLabelled(f),
  }));
  const kbEntries = loadKnowledgeBase(process.env.KB_DIR ?? DEFAULT_KB_DIR, process.env.OFFICE_CONFIG ?? DEFAULT_OFFICE_CONFIG);
  const reportedLabels = loadTopicIds();

  const sp = speed(kbEntries, reportedLabels, [...dev, ...own]);
  if (process.argv.includes('--speed')) {
    process.stdout.write(`${speedLines(sp).join('\n')}\n${JSON.stringify(speedJson(sp))}\n`);
    return;
  }

  const engine = NluEngine.build({ kbEntries, reportedLabels });
  const oursReport = evaluate(report, (text) => engine.predictTopic(text));
  const scored = tuningSets.map((t) => scoreAll(engine, t.items));
  const oursCv = scored.map((s) =>
    crossValidate(
      s,
      10,
      scored.filter((o) => o !== s).flatMap((o) => calibrationPoints(o)),
    ),
  );
  const top3 = (items: LabelledMessage[]) =>
    items.filter((it) => engine.classify(it.text).candidates.some((c) => engine.topicOf(c.label) === it.expect)).length / items.length;

  const docs: Array<[string, string]> = [];
  for (const file of [DEFAULT_INTENTS_FILE, DEFAULT_PHRASINGS_FILE]) {
    const lists = loadIntentExamples(file, file === DEFAULT_PHRASINGS_FILE ? 'phrasings' : 'intents');
    for (const [label, list] of lists) for (const t of list) docs.push([t, engine.topicOf(label)]);
  }
  for (const e of kbEntries) for (const q of e.questions) docs.push([q, reportedLabels.includes(e.id) ? e.id : engine.topicOf(e.id)]);

  const nlpOn = async (items: LabelledMessage[]) => {
    const nlp = await nodeNlpPredictions(items, docs);
    let i = 0;
    return evaluate(items, () => {
      const r = nlp.results[i++];
      return r.intent === 'None' || r.score < NODE_NLP_THRESHOLD ? 'fallback' : r.intent;
    });
  };
  const nlp = { report: await nlpOn(report), tuning: [] as EvalReport[] };
  for (const t of tuningSets) nlp.tuning.push(await nlpOn(t.items));
  const naturalPredict = naturalPredictor(docs);
  const nat = { report: evaluate(report, naturalPredict), tuning: tuningSets.map((t) => evaluate(t.items, naturalPredict)) };

  const cell = (r: EvalReport) => `${pct(r.accuracy).padStart(7)} ${pct(r.confidentWrongRate).padStart(7)}`;
  const row = (name: string, ...cells: EvalReport[]) => `${name.padEnd(38)} ${cells.map((c) => cell(c).padStart(18)).join(' ')}`;
  const lines = [
    `data: held-out report set ${report.length} (${REPORT_FILE}); tuning sets: ${tuningSets.map((t) => `${t.name} ${t.items.length} (${t.file})`).join(', ')}; ${kbEntries.length} KB entries`,
    `${'engine'.padEnd(38)} ${'held-out: acc c.wr'.padStart(18)} ${tuningSets.map((t) => `${t.name}${t.file === DEV_FILE ? '' : '*'}: acc c.wr`.padStart(18)).join(' ')}`,
    row('ours (tuning sets: 10-fold CV)', oursReport, ...oursCv),
    row(`node-nlp (score>=${NODE_NLP_THRESHOLD})`, nlp.report, ...nlp.tuning),
    row('natural Bayes (share>=0.5)', nat.report, ...nat.tuning),
    '(* tuning sets: their failures were tuned on, so our figures there are optimistic)',
    '',
    `ours: right label among the top 3 candidates: held-out ${pct(top3(report))}, ${tuningSets.map((t) => `${t.name} ${pct(top3(t.items))}`).join(', ')}`,
    ...speedLines(sp),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const fig = (r: EvalReport) => ({ accuracy: round(r.accuracy), confidentWrong: round(r.confidentWrongRate), fallback: round(r.fallbackRate) });
  const byName = (reports: EvalReport[], suffix: string) => Object.fromEntries(tuningSets.map((t, i) => [`${t.name}${suffix}`, fig(reports[i])]));
  process.stdout.write(
    `${JSON.stringify({
      ours: { heldout: fig(oursReport), ...byName(oursCv, 'Cv') },
      nodeNlp: { heldout: fig(nlp.report), ...byName(nlp.tuning, '') },
      natural: { heldout: fig(nat.report), ...byName(nat.tuning, '') },
      ...speedJson(sp),
    })}\n`,
  );
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
