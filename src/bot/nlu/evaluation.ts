/** One labelled message: `{"text": …, "expect": <topics.json id>}`. */
export interface LabelledMessage {
  text: string;
  expect: string;
}

export interface EvalReport {
  total: number;
  accuracy: number;
  /** Share of messages answered with a wrong label (fallbacks are not confident). */
  confidentWrongRate: number;
  fallbackRate: number;
  recall: Record<string, { correct: number; total: number }>;
  /** expect -> got pairs, most frequent first. */
  confusions: Array<{ expect: string; got: string; count: number }>;
}

export const OUT_OF_SCOPE = 'out_of_scope';
export const FALLBACK = 'fallback';

/**
 * Scoring rules of the help-desk evaluation: a fallback on an out-of-scope
 * message is right (declining is the correct behaviour); a fallback elsewhere
 * is wrong but not "confident wrong".
 */
export function isCorrect(expect: string, got: string): boolean {
  return got === expect || (got === FALLBACK && expect === OUT_OF_SCOPE);
}

export function evaluate(items: LabelledMessage[], predict: (text: string) => string): EvalReport {
  let correct = 0;
  let confidentWrong = 0;
  let fallbacks = 0;
  const recall: EvalReport['recall'] = {};
  const confusion = new Map<string, number>();
  for (const item of items) {
    const got = predict(item.text);
    const r = (recall[item.expect] ??= { correct: 0, total: 0 });
    r.total++;
    if (got === FALLBACK) fallbacks++;
    if (isCorrect(item.expect, got)) {
      correct++;
      r.correct++;
      continue;
    }
    if (got !== FALLBACK) confidentWrong++;
    const key = `${item.expect}\u0000${got}`;
    confusion.set(key, (confusion.get(key) ?? 0) + 1);
  }
  const n = items.length || 1;
  return {
    total: items.length,
    accuracy: correct / n,
    confidentWrongRate: confidentWrong / n,
    fallbackRate: fallbacks / n,
    recall,
    confusions: [...confusion.entries()]
      .map(([k, count]) => {
        const [expect, got] = k.split('\u0000');
        return { expect, got, count };
      })
      .sort((a, b) => b.count - a.count),
  };
}

/** Parses JSON lines, skipping blanks; throws with the line number on bad input. */
export function parseJsonLines<T>(text: string, source: string): T[] {
  const out: T[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      throw new Error(`${source}:${i + 1}: not valid JSON`);
    }
  });
  return out;
}
