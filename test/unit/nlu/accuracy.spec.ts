import { calibrationPoints, crossValidate, scoreAll } from '../../../src/bot/nlu/cross-validation';
import { buildDefaultEngine } from '../../../src/bot/nlu/default-engine';
import { evaluate } from '../../../src/bot/nlu/evaluation';
import { DEV_FILE, FRESH_FILE, HELDOUT_FILE, loadLabelled } from '../../../src/bot/nlu/labelled-files';

// Floors on data nothing was fitted on. The model learns only from the
// knowledge base, intents.yaml and phrasings.yaml; the calibration
// (resources/nlu/calibration.json) is fitted on dev + heldout-own, so those two
// are judged by 10-fold cross-validation (each fold by a calibration fitted
// without it), and heldout-fresh.jsonl is never used for fitting or tuning.
describe('NLU accuracy floor on unseen messages', () => {
  const engine = buildDefaultEngine();
  const dev = scoreAll(engine, loadLabelled(DEV_FILE));
  const own = scoreAll(engine, loadLabelled(HELDOUT_FILE));
  const fresh = loadLabelled(FRESH_FILE);
  const onFresh = evaluate(fresh, (text) => engine.predictTopic(text));
  const devCv = crossValidate(dev, 10, calibrationPoints(own));
  const ownCv = crossValidate(own, 10, calibrationPoints(dev));

  it('has non-trivial sets', () => {
    expect(dev.length).toBeGreaterThan(200);
    expect(own.length).toBeGreaterThan(250);
    expect(fresh.length).toBeGreaterThan(200);
  });

  it('fresh held-out set (never fitted on): at least 88% right, at most 3% confidently wrong', () => {
    expect(onFresh.accuracy).toBeGreaterThanOrEqual(0.88);
    expect(onFresh.confidentWrongRate).toBeLessThanOrEqual(0.03);
  });

  it('dev by 10-fold cross-validation of the calibration: at least 92% right, at most 3% confidently wrong', () => {
    expect(devCv.accuracy).toBeGreaterThanOrEqual(0.92);
    expect(devCv.confidentWrongRate).toBeLessThanOrEqual(0.03);
  });

  it('own held-out by 10-fold cross-validation of the calibration: at least 90% right, at most 4% confidently wrong', () => {
    expect(ownCv.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(ownCv.confidentWrongRate).toBeLessThanOrEqual(0.04);
  });

  it('recognises every conversational intent (dev, cross-validated)', () => {
    for (const intent of ['greeting', 'thanks', 'goodbye', 'human_agent', 'permit_status', 'complaint']) {
      const r = devCv.recall[intent];
      expect(r && r.correct / r.total).toBeGreaterThanOrEqual(0.75);
    }
  });
});
