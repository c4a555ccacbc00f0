/**
 * NLU benchmark: our engine vs node-nlp on a labelled JSONL file.
 *
 *   node -r @swc-node/register bench/nlu.ts [FILE.jsonl]
 *
 * FILE defaults to ../shared/bot/dev.jsonl beside the project root (else the
 * copy in test/fixtures/bot). Both
 * engines learn from the same data: the knowledge-base questions and the
 * intent phrasings in resources/nlu/intents.yaml. The last line is one JSON
 * object with the figures, for CI trend tracking.
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT } from '../src/common/paths';
import { loadKnowledgeBase } from '../src/knowledge/kb.loader';
import { DEFAULT_KB_DIR, DEFAULT_OFFICE_CONFIG } from '../src/bot/nlu/default-engine';
import { evaluate, parseJsonLines, type EvalReport, type LabelledMessage } from '../src/bot/nlu/evaluation';
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

async function main(): Promise<void> {
  const shared = resolve(PROJECT_ROOT, '..', 'shared', 'bot', 'dev.jsonl');
  const file = process.argv[2] ? resolve(process.argv[2]) : existsSync(shared) ? shared : resolve(PROJECT_ROOT, 'test', 'fixtures', 'bot', 'dev.jsonl');
  const items = parseJsonLines<LabelledMessage>(readFileSync(file, 'utf8'), file);
  const kbEntries = loadKnowledgeBase(process.env.KB_DIR ?? DEFAULT_KB_DIR, process.env.OFFICE_CONFIG ?? DEFAULT_OFFICE_CONFIG);

  // Build time: the first build pays for loading the lexicons and root dictionary
  // (what the hub sees at start-up); later builds show the index cost alone.
  let t0 = performance.now();
  let engine = NluEngine.build({ kbEntries });
  const buildMs = performance.now() - t0;
  t0 = performance.now();
  engine = NluEngine.build({ kbEntries });
  const warmBuildMs = performance.now() - t0;

  const predict = (text: string) => {
    const r = engine.classify(text);
    return r.decision === 'answer' ? r.label : 'fallback';
  };
  const ours = evaluate(items, predict);

  // Throughput on one core: repeat the set for ~2 s of wall time.
  let n = 0;
  t0 = performance.now();
  while (performance.now() - t0 < 2000) {
    for (const item of items) engine.classify(item.text);
    n += items.length;
  }
  const msgsPerSec = n / ((performance.now() - t0) / 1000);

  const intents = loadIntentExamples(DEFAULT_INTENTS_FILE);
  const docs: Array<[string, string]> = [];
  for (const [label, list] of intents) for (const t of list) docs.push([t, label]);
  for (const e of kbEntries) for (const q of e.questions) docs.push([q, e.id]);
  const nlp = await nodeNlpPredictions(items, docs);
  const nlpReportAt = (threshold: number): EvalReport =>
    evaluate(items, (_text) => {
      const r = nlp.results[nlpIndex++];
      return r.intent === 'None' || r.score < threshold ? 'fallback' : r.intent;
    });
  let nlpIndex = 0;
  const theirs = nlpReportAt(NODE_NLP_THRESHOLD);
  // node-nlp's best threshold on this very file, so the comparison is not rigged.
  let best = { threshold: NODE_NLP_THRESHOLD, report: theirs };
  for (const th of [0.3, 0.4, 0.6, 0.7, 0.8, 0.9]) {
    nlpIndex = 0;
    const r = nlpReportAt(th);
    if (r.accuracy - r.confidentWrongRate > best.report.accuracy - best.report.confidentWrongRate) best = { threshold: th, report: r };
  }

  const row = (name: string, r: EvalReport) =>
    `${name.padEnd(28)} ${pct(r.accuracy).padStart(8)} ${pct(r.confidentWrongRate).padStart(16)} ${pct(r.fallbackRate).padStart(10)}`;
  const lines = [
    `file: ${file} (${items.length} messages, ${kbEntries.length} knowledge-base entries)`,
    `${'engine'.padEnd(28)} ${'accuracy'.padStart(8)} ${'confident wrong'.padStart(16)} ${'fallback'.padStart(10)}`,
    row('ours', ours),
    row(`node-nlp (score>=${NODE_NLP_THRESHOLD})`, theirs),
    row(`node-nlp (best, >=${best.threshold})`, best.report),
    '',
    `ours: throughput ${Math.round(msgsPerSec)} msgs/s (single core), build ${buildMs.toFixed(0)} ms cold / ${warmBuildMs.toFixed(0)} ms warm`,
    `node-nlp: train ${nlp.trainMs.toFixed(0)} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(
    `${JSON.stringify({
      file,
      messages: items.length,
      ours: { accuracy: round(ours.accuracy), confidentWrong: round(ours.confidentWrongRate), fallback: round(ours.fallbackRate) },
      nodeNlp: {
        threshold: NODE_NLP_THRESHOLD,
        accuracy: round(theirs.accuracy),
        confidentWrong: round(theirs.confidentWrongRate),
        bestThreshold: best.threshold,
        bestAccuracy: round(best.report.accuracy),
        bestConfidentWrong: round(best.report.confidentWrongRate),
      },
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
