import { existsSync, readFileSync } from 'node:fs';
import { projectPath } from '../../../src/common/paths';
import { buildDefaultEngine } from '../../../src/bot/nlu/default-engine';

// topics.json is the list of labels the bot is judged on: the shared copy when present, else the committed one.
const SHARED = projectPath('..', 'shared', 'bot', 'topics.json');
const FILE = existsSync(SHARED) ? SHARED : projectPath('test', 'fixtures', 'bot', 'topics.json');

interface Topics {
  intents: { id: string }[];
  faq: { id: string }[];
}

describe('topics.json coverage', () => {
  const topics = JSON.parse(readFileSync(FILE, 'utf8')) as Topics;
  const known = new Set(buildDefaultEngine().knownLabels);

  it('has a knowledge-base entry for every FAQ id', () => {
    const missing = topics.faq.map((f) => f.id).filter((id) => !known.has(id));
    expect(missing).toEqual([]);
  });

  it('can output every intent (out_of_scope surfaces as fallback)', () => {
    const missing = topics.intents.map((i) => i.id).filter((id) => id !== 'out_of_scope' && !known.has(id));
    expect(missing).toEqual([]);
  });
});
