import { existsSync, readFileSync } from 'node:fs';
import { projectPath } from '../../../src/common/paths';
import { buildDefaultEngine } from '../../../src/bot/nlu/default-engine';
import { evaluate, parseJsonLines, type LabelledMessage } from '../../../src/bot/nlu/evaluation';

// The labelled dev set: the shared copy beside the checkout when there is one,
// else the copy committed under test/fixtures, so CI always runs this floor.
const SHARED_DEV = projectPath('..', 'shared', 'bot', 'dev.jsonl');
const DEV_FILE = existsSync(SHARED_DEV) ? SHARED_DEV : projectPath('test', 'fixtures', 'bot', 'dev.jsonl');
const haveDev = existsSync(DEV_FILE);

describe('NLU accuracy floor on the dev set', () => {
  it('finds the dev set', () => {
    expect(haveDev).toBe(true);
  });

  const items = haveDev ? parseJsonLines<LabelledMessage>(readFileSync(DEV_FILE, 'utf8'), DEV_FILE) : [];
  const engine = buildDefaultEngine();
  const report = evaluate(items, (text) => {
    const r = engine.classify(text);
    return r.decision === 'answer' ? r.label : 'fallback';
  });

  it('has a non-trivial dev set', () => {
    expect(items.length).toBeGreaterThan(100);
  });

  it('answers at least 90% of dev messages correctly', () => {
    expect(report.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('gives a confident wrong answer to at most 4% of dev messages', () => {
    expect(report.confidentWrongRate).toBeLessThanOrEqual(0.04);
  });

  it('recognises every conversational intent', () => {
    for (const intent of ['greeting', 'thanks', 'goodbye', 'human_agent', 'permit_status', 'complaint']) {
      const r = report.recall[intent];
      expect(r && r.correct / r.total).toBeGreaterThanOrEqual(0.75);
    }
  });
});
