/**
 * Scores a labelled JSONL file (`{"text", "expect"}`):
 *
 *   node -r @swc-node/register src/bot/cli/eval.ts ../shared/bot/dev.jsonl [--errors] [--split report]
 *
 * A message counts as the topic `bot:classify` prints: the topics.json id
 * (KB-only topics map to their parent) when the bot answers, else fallback.
 * `--split NAME` keeps only lines whose `split` field is NAME.
 * Prints accuracy, the confident-wrong rate, per-label recall and the most
 * confused pairs. `--errors` also lists every miss (texts are masked).
 */
import { buildDefaultEngine } from '../nlu/default-engine';
import { maskSensitive } from '../nlu/entities';
import { evaluate, isCorrect } from '../nlu/evaluation';
import { loadLabelled } from '../nlu/labelled-files';

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function main(): void {
  const args = process.argv.slice(2);
  const splitAt = args.indexOf('--split');
  const split = splitAt >= 0 ? args[splitAt + 1] : undefined;
  const file = args.find((a, i) => !a.startsWith('--') && (splitAt < 0 || i !== splitAt + 1));
  if (!file) {
    process.stderr.write('usage: eval FILE.jsonl [--errors] [--split NAME]\n');
    process.exit(2);
  }
  const items = loadLabelled(file, split);
  const engine = buildDefaultEngine();
  const report = evaluate(items, (text) => engine.predictTopic(text));

  const lines = [
    `file: ${file}${split ? ` [split ${split}]` : ''} (${report.total} messages)`,
    `accuracy:        ${pct(report.accuracy)}`,
    `confident wrong: ${pct(report.confidentWrongRate)}`,
    `fallback:        ${pct(report.fallbackRate)}`,
    '',
    'recall per label:',
    ...Object.entries(report.recall)
      .sort((a, b) => a[1].correct / a[1].total - b[1].correct / b[1].total)
      .map(([label, r]) => `  ${label.padEnd(24)} ${String(r.correct).padStart(3)}/${r.total}  ${pct(r.correct / r.total)}`),
    '',
    'most confused (expect -> got):',
    ...report.confusions.slice(0, 15).map((c) => `  ${String(c.count).padStart(3)}  ${c.expect} -> ${c.got}`),
  ];
  if (args.includes('--errors')) {
    lines.push('', 'errors:');
    for (const item of items) {
      const r = engine.classify(item.text);
      const got = engine.predictTopic(item.text);
      if (isCorrect(item.expect, got)) continue;
      const cands = r.candidates.map((c) => `${c.label}:${c.score}`).join(' ');
      lines.push(`  [${item.expect} -> ${got} ${r.confidence}] ${maskSensitive(item.text)}  {${cands}}  «${r.normalized}»`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
