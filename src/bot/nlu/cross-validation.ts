import { fitCalibration, type Calibration, type CalibrationPoint } from './calibration';
import { evaluate, isCorrect, type EvalReport, type LabelledMessage } from './evaluation';
import { DEFAULT_TUNING, type NluEngine } from './nlu-engine';
import type { NluResult } from './nlu.types';

/** A labelled message with what the engine made of it (before the answer decision). */
export interface ScoredMessage {
  item: LabelledMessage;
  result: NluResult;
  topic: string;
}

export function scoreAll(engine: NluEngine, items: LabelledMessage[]): ScoredMessage[] {
  return items.map((item) => {
    const result = engine.classify(item.text);
    return { item, result, topic: engine.topicOf(result.candidates[0]?.label ?? 'fallback') };
  });
}

export function calibrationPoints(scored: ScoredMessage[]): CalibrationPoint[] {
  return scored
    .filter((s) => s.result.candidates.length > 0)
    .map((s) => ({
      top: s.result.features.top,
      margin: s.result.features.margin,
      right: s.topic === s.item.expect,
      fallbackRight: isCorrect(s.item.expect, 'fallback'),
    }));
}

/** The label a message gets under a given calibration (the engine's own rule: answer at ≥ answerAt with margin ≥ minMargin). */
export function decide(s: ScoredMessage, cal: Calibration, minMargin = DEFAULT_TUNING.minMargin): string {
  if (!s.result.candidates.length) return 'fallback';
  const { a, b, c } = cal.calibration;
  const conf = 1 / (1 + Math.exp(-(a * s.result.features.top + b * s.result.features.margin + c)));
  return conf >= cal.answerAt && s.result.features.margin >= minMargin ? s.topic : 'fallback';
}

/**
 * k-fold cross-validation of the calibration: each fold is scored with a
 * calibration fitted on the other folds (plus `extra` points, e.g. the tuning
 * split), so no message is judged by parameters fitted on it. The model itself
 * never sees these files. Folds are interleaved (i mod k) so each label spreads over all.
 */
export function crossValidate(scored: ScoredMessage[], k: number, extra: CalibrationPoint[] = [], wrongCost?: number): EvalReport {
  const got: string[] = new Array<string>(scored.length);
  for (let fold = 0; fold < k; fold++) {
    const train = scored.filter((_, i) => i % k !== fold);
    const cal = fitCalibration([...calibrationPoints(train), ...extra], wrongCost, DEFAULT_TUNING.minMargin);
    scored.forEach((s, i) => {
      if (i % k === fold) got[i] = decide(s, cal);
    });
  }
  let i = 0;
  return evaluate(
    scored.map((s) => s.item),
    () => got[i++],
  );
}
