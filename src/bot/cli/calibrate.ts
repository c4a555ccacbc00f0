/**
 * Fits the confidence calibration and the answer threshold and writes
 * resources/nlu/calibration.json:
 *
 *   node -r @swc-node/register src/bot/cli/calibrate.ts
 *
 * Fitted on messages the model is never trained on: every tuning file (the
 * shared dev set and test/fixtures/bot/heldout-own, heldout-fresh,
 * heldout-fresh2 and heldout-fresh3.jsonl, the last four looked at while
 * tuning). All are
 * reported by cross-validation (`npm run bot:cv`, bench:nlu): each fold judged
 * by a calibration fitted without it, which is what makes a stated confidence
 * mean that share right. A new report set is never fitted here.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DEFAULT_CALIBRATION_FILE, fitCalibration } from '../nlu/calibration';
import { calibrationPoints, scoreAll } from '../nlu/cross-validation';
import { buildDefaultEngine } from '../nlu/default-engine';
import { DEFAULT_TUNING } from '../nlu/nlu-engine';
import { loadLabelled, TUNING_FILES } from '../nlu/labelled-files';

function main(): void {
  const engine = buildDefaultEngine();
  const points = calibrationPoints(
    scoreAll(
      engine,
      TUNING_FILES.flatMap((f) => loadLabelled(f)),
    ),
  );
  const fitted = fitCalibration(points, undefined, DEFAULT_TUNING.minMargin);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const doc = {
    about: `Written by \`npm run bot:calibrate\`: conf = sigmoid(a*top + b*margin + c), answer when conf >= answerAt. Fitted on the tuning files ${TUNING_FILES.map((f) => basename(f)).join(' + ')} (never on a report set); \`npm run bot:cv\` reports them by cross-validation.`,
    fittedOn: { messages: points.length },
    calibration: { a: round(fitted.calibration.a), b: round(fitted.calibration.b), c: round(fitted.calibration.c) },
    answerAt: fitted.answerAt,
  };
  writeFileSync(DEFAULT_CALIBRATION_FILE, `${JSON.stringify(doc, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(doc)}\n`);
}

main();
