import { calibrationPoints, crossValidate, scoreAll } from '../../../src/bot/nlu/cross-validation';
import { buildDefaultEngine } from '../../../src/bot/nlu/default-engine';
import { evaluate, type EvalReport } from '../../../src/bot/nlu/evaluation';
import { DEV_FILE, REPORT_FILE, TUNING_FILES, loadLabelled } from '../../../src/bot/nlu/labelled-files';

// Floors on data nothing was fitted on. The model learns only from the
// knowledge base, intents.yaml and phrasings.yaml; the calibration
// (resources/nlu/calibration.json) is fitted on every file in TUNING_FILES, so
// each of those is judged by 10-fold cross-validation (each fold by a
// calibration fitted without it, plus the other tuning files). The report set
// is scored straight, unless it is (still) a tuning file: then by its
// cross-validated figure, so no message is judged by a calibration fitted on it.
// Its floor sits a little below the 92 % / 3 % target, for engine changes that
// move a message or two (one message of about 300 is 0.3 %).
const REPORT_FLOOR = 0.9;
const REPORT_CONFIDENT_WRONG_CEILING = 0.035;

describe('NLU accuracy floor on unseen messages', () => {
  const engine = buildDefaultEngine();
  const scored = new Map(TUNING_FILES.map((f) => [f, scoreAll(engine, loadLabelled(f))]));
  const cv = new Map<string, EvalReport>(
    TUNING_FILES.map((f) => {
      const others = TUNING_FILES.filter((o) => o !== f).flatMap((o) => calibrationPoints(scored.get(o) ?? []));
      return [f, crossValidate(scored.get(f) ?? [], 10, others)];
    }),
  );
  const report = loadLabelled(REPORT_FILE);
  const onReport = cv.get(REPORT_FILE) ?? evaluate(report, (text) => engine.predictTopic(text));
  const devCv = cv.get(DEV_FILE) as EvalReport;

  it('has non-trivial sets', () => {
    for (const f of TUNING_FILES) expect(scored.get(f)?.length).toBeGreaterThan(f === DEV_FILE ? 200 : 250);
    expect(report.length).toBeGreaterThan(250);
  });

  it('held-out report set: at least 90% right, at most 3.5% confidently wrong', () => {
    expect(onReport.accuracy).toBeGreaterThanOrEqual(REPORT_FLOOR);
    expect(onReport.confidentWrongRate).toBeLessThanOrEqual(REPORT_CONFIDENT_WRONG_CEILING);
  });

  it('every tuning set by 10-fold cross-validation of the calibration: at least 92% right, at most 3% confidently wrong', () => {
    for (const [, r] of cv) {
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
