import { readFileSync } from 'node:fs';
import { projectPath } from '../../common/paths';

export const DEFAULT_CALIBRATION_FILE = projectPath('resources', 'nlu', 'calibration.json');

/** conf = σ(a·top + b·margin + c), answer when conf ≥ answerAt. */
export interface Calibration {
  calibration: { a: number; b: number; c: number };
  answerAt: number;
}

/** One scored message: the engine's raw top score and margin, and whether its top label was right. */
export interface CalibrationPoint {
  top: number;
  margin: number;
  right: boolean;
  /** The message is out of scope: declining (a fallback) is right too. */
  fallbackRight: boolean;
}

export function loadCalibration(file = DEFAULT_CALIBRATION_FILE): Calibration {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Partial<Calibration>;
  const c = doc.calibration;
  if (!c || ![c.a, c.b, c.c, doc.answerAt].every((x) => typeof x === 'number')) throw new Error(`${file}: expected {calibration: {a, b, c}, answerAt}`);
  return { calibration: c, answerAt: doc.answerAt as number };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Logistic regression of "top label is right" on (top, margin), plain batch
 * gradient descent with a little L2: three parameters, a few hundred points.
 */
export function fitLogistic(points: CalibrationPoint[], iterations = 4000, lr = 0.5, l2 = 1e-3): Calibration['calibration'] {
  let a = 2;
  let b = 3;
  let c = 0;
  const n = points.length || 1;
  for (let it = 0; it < iterations; it++) {
    let ga = l2 * a;
    let gb = l2 * b;
    let gc = 0;
    for (const p of points) {
      const e = sigmoid(a * p.top + b * p.margin + c) - (p.right ? 1 : 0);
      ga += (e * p.top) / n;
      gb += (e * p.margin) / n;
      gc += e / n;
    }
    a -= lr * ga;
    b -= lr * gb;
    c -= lr * gc;
  }
  return { a, b, c };
}

/**
 * The answer threshold: the one that scores best on the fitting data, a
 * right answer +1 and a confident wrong one −`wrongCost` (a fallback is 0, or
 * +1 on out-of-scope messages, as the evaluation counts); of equally good
 * thresholds the highest.
 */
export function chooseThreshold(points: CalibrationPoint[], cal: Calibration['calibration'], wrongCost = 4, minMargin = 0): number {
  const conf = points.map((p) => sigmoid(cal.a * p.top + cal.b * p.margin + cal.c));
  let best = { at: 0.9, value: -Infinity };
  for (let at = 0.5; at <= 0.99; at += 0.01) {
    let value = 0;
    points.forEach((p, i) => {
      if (conf[i] >= at && p.margin >= minMargin) value += p.right ? 1 : -wrongCost;
      else if (p.fallbackRight) value += 1;
    });
    // Ties go to the higher threshold: a confidence band where answering gained
    // nothing on the fitting data (usually because no message fell in it) is
    // clarified, not answered, on new text.
    if (value >= best.value) best = { at: Math.round(at * 100) / 100, value };
  }
  return best.at;
}

/** `minMargin`: the engine never answers below this margin (NluTuning.minMargin), so the threshold is chosen under that rule. */
export function fitCalibration(points: CalibrationPoint[], wrongCost?: number, minMargin?: number): Calibration {
  const calibration = fitLogistic(points);
  return { calibration, answerAt: chooseThreshold(points, calibration, wrongCost, minMargin) };
}
