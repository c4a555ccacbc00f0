/**
 * Cross-validated figures on every tuning file, and how honest the stated
 * confidence is on folds it was not fitted on:
 *
 *   node -r @swc-node/register src/bot/cli/cv.ts [--lofo] [--errors FILE-SUBSTRING]
 *
 * Each tuning file is split into 10 interleaved folds; each fold is judged by
 * a calibration fitted on the other nine plus the other tuning files (the
 * model never trains on any of them). Prints per file: right, confidently
 * wrong, direct answers, clarify (top three offered), fallback, top-3 recall;
 * then a reliability table of the CV-stated confidence of direct answers.
 * With --lofo (leave one file out) each file is judged by a calibration fitted
 * on the other files only: closer to how a file written by new people fares.
 */
import { fitCalibration } from '../nlu/calibration';
import { calibrationPoints, scoreAll, type ScoredMessage } from '../nlu/cross-validation';
import { buildDefaultEngine } from '../nlu/default-engine';
import { maskSensitive } from '../nlu/entities';
import { isCorrect } from '../nlu/evaluation';
import { TUNING_FILES, loadLabelled } from '../nlu/labelled-files';
import { DEFAULT_TUNING } from '../nlu/nlu-engine';

const K = 10;
/** Cost of a confidently wrong answer against +1 for a right one (the calibrate default is 4). */
const WRONG_COST = process.env.WRONG_COST ? Number(process.env.WRONG_COST) : undefined;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

interface Judged {
  s: ScoredMessage;
  conf: number;
  got: string;
  decision: 'answer' | 'clarify' | 'fallback';
}

function main(): void {
  const args = process.argv.slice(2);
  const errorsOf = args.includes('--errors') ? args[args.indexOf('--errors') + 1] : undefined;
  const lofo = args.includes('--lofo');
  const engine = buildDefaultEngine();
  const scored = TUNING_FILES.map((f) => ({ file: f, scored: scoreAll(engine, loadLabelled(f)) }));
  const all: Judged[] = [];
  const lines: string[] = [];
  let totals = { n: 0, right: 0, wrong: 0, answer: 0 };
  for (const { file, scored: mine } of scored) {
    const others = scored.filter((x) => x.file !== file).flatMap((x) => calibrationPoints(x.scored));
    const judged: Judged[] = new Array<Judged>(mine.length);
    for (let fold = 0; fold < K; fold++) {
      const own = lofo ? [] : calibrationPoints(mine.filter((_, i) => i % K !== fold));
      const cal = fitCalibration([...own, ...others], WRONG_COST, DEFAULT_TUNING.minMargin);
      mine.forEach((s, i) => {
        if (i % K !== fold) return;
        if (!s.result.candidates.length) {
          judged[i] = { s, conf: 0, got: 'fallback', decision: 'fallback' };
          return;
        }
        const { top, margin } = s.result.features;
        const conf = sigmoid(cal.calibration.a * top + cal.calibration.b * margin + cal.calibration.c);
        const answer = conf >= cal.answerAt && margin >= DEFAULT_TUNING.minMargin;
        const decision = answer ? 'answer' : conf >= DEFAULT_TUNING.clarifyAt && s.result.candidates[0].label !== 'out_of_scope' ? 'clarify' : 'fallback';
        judged[i] = { s, conf, got: answer ? s.topic : 'fallback', decision };
      });
    }
    const n = mine.length;
    const right = judged.filter((j) => isCorrect(j.s.item.expect, j.got)).length;
    const wrong = judged.filter((j) => j.got !== 'fallback' && !isCorrect(j.s.item.expect, j.got)).length;
    const answer = judged.filter((j) => j.decision === 'answer').length;
    const clarify = judged.filter((j) => j.decision === 'clarify').length;
    const top3 = judged.filter(
      (j) =>
        j.s.result.candidates.some((c) => engine.topicOf(c.label) === j.s.item.expect) || (j.s.item.expect === 'out_of_scope' && !j.s.result.candidates.length),
    ).length;
    totals = { n: totals.n + n, right: totals.right + right, wrong: totals.wrong + wrong, answer: totals.answer + answer };
    const name = file.split('/').pop() as string;
    lines.push(
      `${name.padEnd(22)} n=${String(n).padStart(3)}  right ${pct(right / n).padStart(6)}  conf.wrong ${pct(wrong / n).padStart(5)}  answer ${pct(answer / n).padStart(6)}  clarify ${pct(clarify / n).padStart(5)}  fallback ${pct((n - answer - clarify) / n).padStart(5)}  top3 ${pct(top3 / n)}`,
    );
    all.push(...judged);
    if (errorsOf && name.includes(errorsOf)) {
      for (const j of judged) {
        if (isCorrect(j.s.item.expect, j.got)) continue;
        const cands = j.s.result.candidates.map((c) => `${c.label}:${c.score}`).join(' ');
        lines.push(
          `  [${j.s.item.expect} -> ${j.got} ${j.conf.toFixed(3)} m=${j.s.result.features.margin}] ${maskSensitive(j.s.item.text)}  {${cands}}  «${j.s.result.normalized}»`,
        );
      }
    }
  }
  lines.push(
    `${'all'.padEnd(22)} n=${totals.n}  right ${pct(totals.right / totals.n)}  conf.wrong ${pct(totals.wrong / totals.n)}  answer ${pct(totals.answer / totals.n)}`,
  );
  lines.push('', 'direct answers by CV-stated confidence (right / answered):');
  const bins = [0, 0.8, 0.9, 0.95, 0.98, 0.99, 1.01];
  for (let b = 0; b + 1 < bins.length; b++) {
    const inBin = all.filter((j) => j.decision === 'answer' && j.conf >= bins[b] && j.conf < bins[b + 1]);
    if (!inBin.length) continue;
    const r = inBin.filter((j) => isCorrect(j.s.item.expect, j.got)).length;
    const mean = inBin.reduce((a, j) => a + j.conf, 0) / inBin.length;
    lines.push(`  ${bins[b].toFixed(2)}–${Math.min(1, bins[b + 1]).toFixed(2)}: ${r}/${inBin.length} = ${pct(r / inBin.length)} (mean stated ${pct(mean)})`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
