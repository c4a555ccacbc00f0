/**
 * NLU benchmark: our engine vs node-nlp (nlp.js) and natural, on data none of
 * them is trained on:
 *
 *   node -r @swc-node/register bench/nlu.ts
 *
 * Rows: our own held-out "report" split (never tuned on), its "tune" split
 * (looked at while developing: optimistic), and dev.jsonl. Our calibration is
 * fitted on dev + tune, so our dev figure is 10-fold cross-validated (each
 * fold judged by a calibration fitted without it). All engines learn from the
 * same data: the knowledge-base questions and resources/nlu/intents.yaml.
 * Throughput is measured on unique texts with words the engine has never seen
 * (no cache hits). The last line is one JSON object with the figures.
 */
import { performance } from 'node:perf_hooks';
import { loadKnowledgeBase } from '../src/knowledge/kb.loader';
import { calibrationPoints, crossValidate, scoreAll } from '../src/bot/nlu/cross-validation';
import { DEFAULT_KB_DIR, DEFAULT_OFFICE_CONFIG, loadTopicIds } from '../src/bot/nlu/default-engine';
import { evaluate, type EvalReport, type LabelledMessage } from '../src/bot/nlu/evaluation';
import { DEV_FILE, HELDOUT_FILE, loadLabelled } from '../src/bot/nlu/labelled-files';
import { loadIntentExamples } from '../src/bot/nlu/intents-file';
import { DEFAULT_INTENTS_FILE } from '../src/bot/nlu/lexicon-files';
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

async function main(): Promise<void> {
  const dev = loadLabelled(DEV_FILE);
  const tune = loadLabelled(HELDOUT_FILE, 'tune');
  const report = loadLabelled(HELDOUT_FILE, 'report');
  const kbEntries = loadKnowledgeBase(process.env.KB_DIR ?? DEFAULT_KB_DIR, process.env.OFFICE_CONFIG ?? DEFAULT_OFFICE_CONFIG);
  const reportedLabels = loadTopicIds();

  // Build time: the first build pays for loading the lexicons and root dictionary
  // (what the hub sees at start-up); later builds show the index cost alone.
  let t0 = performance.now();
  let engine = NluEngine.build({ kbEntries, reportedLabels });
  const buildMs = performance.now() - t0;
  t0 = performance.now();
  engine = NluEngine.build({ kbEntries, reportedLabels });
  const warmBuildMs = performance.now() - t0;

  const ours = (items: LabelledMessage[]) => evaluate(items, (text) => engine.predictTopic(text));
  const oursReport = ours(report);
  const oursTune = ours(tune);
  const oursDevInSample = ours(dev);
  const oursDevCv = crossValidate(scoreAll(engine, dev), 10, calibrationPoints(scoreAll(engine, tune)));
  const top3 = (items: LabelledMessage[]) =>
    items.filter((it) => engine.classify(it.text).candidates.some((c) => engine.topicOf(c.label) === it.expect)).length / items.length;

  // Throughput on one core, unique texts with unseen words (no memo hits).
  const texts = uniqueTexts([...dev, ...tune, ...report], 20_000);
  t0 = performance.now();
  for (const t of texts) engine.classify(t);
  const msgsPerSec = texts.length / ((performance.now() - t0) / 1000);

  const intents = loadIntentExamples(DEFAULT_INTENTS_FILE);
  const docs: Array<[string, string]> = [];
  for (const [label, list] of intents) for (const t of list) docs.push([t, label]);
  for (const e of kbEntries) for (const q of e.questions) docs.push([q, reportedLabels.includes(e.id) ? e.id : engine.topicOf(e.id)]);

  const nlpOn = async (items: LabelledMessage[]) => {
    const nlp = await nodeNlpPredictions(items, docs);
    let i = 0;
    return evaluate(items, () => {
      const r = nlp.results[i++];
      return r.intent === 'None' || r.score < NODE_NLP_THRESHOLD ? 'fallback' : r.intent;
    });
  };
  const nlpReport = await nlpOn(report);
  const nlpDev = await nlpOn(dev);
  const naturalPredict = naturalPredictor(docs);
  const natReport = evaluate(report, naturalPredict);
  const natDev = evaluate(dev, naturalPredict);

  const cell = (r: EvalReport) => `${pct(r.accuracy).padStart(7)} ${pct(r.confidentWrongRate).padStart(7)}`;
  const lines = [
    `data: own held-out report ${report.length} / tune ${tune.length} (${HELDOUT_FILE}), dev ${dev.length} (${DEV_FILE}); ${kbEntries.length} KB entries`,
    `${'engine'.padEnd(30)} ${'report: acc  c.wrong'.padStart(22)} ${'dev: acc  c.wrong'.padStart(20)}`,
    `${'ours (dev 10-fold CV)'.padEnd(30)} ${cell(oursReport).padStart(22)} ${cell(oursDevCv).padStart(20)}`,
    `${`node-nlp (score>=${NODE_NLP_THRESHOLD})`.padEnd(30)} ${cell(nlpReport).padStart(22)} ${cell(nlpDev).padStart(20)}`,
    `${'natural Bayes (share>=0.5)'.padEnd(30)} ${cell(natReport).padStart(22)} ${cell(natDev).padStart(20)}`,
    '',
    `ours, for reference: tune split ${pct(oursTune.accuracy)} / ${pct(oursTune.confidentWrongRate)} (looked at while developing); dev in-sample calibration ${pct(oursDevInSample.accuracy)} / ${pct(oursDevInSample.confidentWrongRate)}`,
    `ours: right label among the top 3 candidates: report ${pct(top3(report))}, dev ${pct(top3(dev))}`,
    `ours: throughput ${Math.round(msgsPerSec)} msgs/s (single core, ${texts.length} unique texts with unseen words), build ${buildMs.toFixed(0)} ms cold / ${warmBuildMs.toFixed(0)} ms warm`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const fig = (r: EvalReport) => ({ accuracy: round(r.accuracy), confidentWrong: round(r.confidentWrongRate), fallback: round(r.fallbackRate) });
  process.stdout.write(
    `${JSON.stringify({
      ours: { report: fig(oursReport), tune: fig(oursTune), devCv: fig(oursDevCv) },
      nodeNlp: { report: fig(nlpReport), dev: fig(nlpDev) },
      natural: { report: fig(natReport), dev: fig(natDev) },
      msgsPerSec: Math.round(msgsPerSec),
      buildMs: Math.round(buildMs),
      warmBuildMs: Math.round(warmBuildMs),
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
