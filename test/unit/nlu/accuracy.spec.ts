import { calibrationPoints, crossValidate, scoreAll } from '../../../src/bot/nlu/cross-validation';
import { buildDefaultEngine } from '../../../src/bot/nlu/default-engine';
import { evaluate } from '../../../src/bot/nlu/evaluation';
import { DEV_FILE, FRESH_FILE, HELDOUT_FILE, REPORT_FILE, loadLabelled } from '../../../src/bot/nlu/labelled-files';

// Floors on data nothing was fitted on. The model learns only from the
// knowledge base, intents.yaml and phrasings.yaml; the calibration
// (resources/nlu/calibration.json) is fitted on dev + heldout-own +
// heldout-fresh, so those three are judged by 10-fold cross-validation (each
// fold by a calibration fitted without it). heldout-fresh2.jsonl, the report
// set, was written before the issue-16 tuning and is never used for fitting or
// tuning: its floor is the one that says how the bot does on unseen messages.
// Measured once after the issue-16 tuning: 91.8 % right, 2.9 % confidently
// wrong (306 messages). The floor sits a little below, for engine changes that
// move a message or two (9 of 306 confidently wrong is 2.9 %: one more would
// break a 3 % ceiling, so the ceiling here is 3.5 %; the target stays 3 %).
const REPORT_FLOOR = 0.9;
const REPORT_CONFIDENT_WRONG_CEILING = 0.035;

describe('NLU accuracy floor on unseen messages', () => {
  const engine = buildDefaultEngine();
  const dev = scoreAll(engine, loadLabelled(DEV_FILE));
  const own = scoreAll(engine, loadLabelled(HELDOUT_FILE));
  const fresh = scoreAll(engine, loadLabelled(FRESH_FILE));
  const report = loadLabelled(REPORT_FILE);
  const onReport = evaluate(report, (text) => engine.predictTopic(text));
  const devCv = crossValidate(dev, 10, [...calibrationPoints(own), ...calibrationPoints(fresh)]);
  const ownCv = crossValidate(own, 10, [...calibrationPoints(dev), ...calibrationPoints(fresh)]);
  const freshCv = crossValidate(fresh, 10, [...calibrationPoints(dev), ...calibrationPoints(own)]);

  it('has non-trivial sets', () => {
    expect(dev.length).toBeGreaterThan(200);
    expect(own.length).toBeGreaterThan(250);
    expect(fresh.length).toBeGreaterThan(250);
    expect(report.length).toBeGreaterThan(250);
  });

  it('held-out report set (never fitted or tuned on): at least 90% right, at most 3.5% confidently wrong', () => {
    expect(onReport.accuracy).toBeGreaterThanOrEqual(REPORT_FLOOR);
    expect(onReport.confidentWrongRate).toBeLessThanOrEqual(REPORT_CONFIDENT_WRONG_CEILING);
  });

  it('dev by 10-fold cross-validation of the calibration: at least 92% right, at most 3% confidently wrong', () => {
    expect(devCv.accuracy).toBeGreaterThanOrEqual(0.92);
    expect(devCv.confidentWrongRate).toBeLessThanOrEqual(0.03);
  });

  it('tuning sets by 10-fold cross-validation of the calibration: at least 92% right, at most 3% confidently wrong', () => {
    for (const r of [ownCv, freshCv]) {
      expect(r.accuracy).toBeGreaterThanOrEqual(0.92);
      expect(r.confidentWrongRate).toBeLessThanOrEqual(0.03);
    }
  });

  it('recognises every conversational intent (dev, cross-validated)', () => {
    for (const intent of ['greeting', 'thanks', 'goodbye', 'human_agent', 'permit_status', 'complaint']) {
      const r = devCv.recall[intent];
      expect(r && r.correct / r.total).toBeGreaterThanOrEqual(0.75);
    }
  });
});
